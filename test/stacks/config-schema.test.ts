import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../constructs/errors";
import {
  checkClusterAccess,
  checkExternalId,
  checkMaxSessionDuration,
  checkPermissionsBoundary,
  checkRoleName,
  checkRolePath,
  checkScoutfloPrincipal,
} from "../../constructs/validation";
import { DEFAULT_CONFIG_PATH } from "../../stacks/config";
import schema from "../../stacks/config.schema.json";

type SchemaNode = Record<string, any>;

/** Lists every subschema of the config schema with its place in the schema. */
function subschemas(
  node: SchemaNode,
  place = "#",
): { place: string; node: SchemaNode }[] {
  const children: [string, SchemaNode][] = [
    ...Object.entries(node.properties ?? {}).map(
      ([key, child]): [string, SchemaNode] => [
        `properties/${key}`,
        child as SchemaNode,
      ],
    ),
    ...Object.entries(node.definitions ?? {}).map(
      ([key, child]): [string, SchemaNode] => [
        `definitions/${key}`,
        child as SchemaNode,
      ],
    ),
    ...(["items", "additionalProperties", "propertyNames"] as const)
      .filter((key) => typeof node[key] === "object")
      .map((key): [string, SchemaNode] => [key, node[key]]),
  ];

  return [
    { place, node },
    ...children.flatMap(([key, child]) => subschemas(child, `${place}/${key}`)),
  ];
}

function compileDefinition(pointer: string) {
  const ajv = new Ajv({ strict: true });
  ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  ajv.addSchema(schema, "config");

  return ajv.compile({ $ref: `config${pointer}` });
}

describe("config schema", () => {
  const all = subschemas(schema);

  it("describes every property", () => {
    const undescribed = all
      .filter(({ place }) => place.includes("/properties/"))
      .filter(({ node }) => node.$ref === undefined && !node.description)
      .map(({ place }) => place);

    expect(undescribed).toEqual([]);
  });

  it("rejects unknown keys in every object", () => {
    const open = all
      .filter(({ node }) => node.properties !== undefined)
      .filter(({ node }) => node.additionalProperties !== false)
      .map(({ place }) => place);

    expect(all.filter(({ node }) => node.properties).length).toBeGreaterThan(3);
    expect(open).toEqual([]);
  });

  it("types every value of a free-form object", () => {
    const tags = schema.definitions.role.properties.tags.additionalProperties;

    expect(tags.type).toBe("string");
  });

  it("is referenced by the example's $schema", () => {
    const example = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8"));
    const target = join(dirname(DEFAULT_CONFIG_PATH), example.$schema);

    expect(existsSync(target)).toBe(true);
    expect(JSON.parse(readFileSync(target, "utf8")).$id).toBe(schema.$id);
  });
});

interface AgreementCase {
  readonly name: string;
  readonly pointer: string;
  readonly check: (value: unknown) => Finding[];
  readonly values: readonly unknown[];
}

/**
 * The schema's patterns give editor feedback; the construct checks decide.
 * For each value, both must agree on valid or invalid.
 */
const AGREEMENT_CASES: readonly AgreementCase[] = [
  {
    name: "externalId",
    pointer: "#/definitions/connection/properties/externalId",
    check: (value) => checkExternalId(value),
    values: [
      "0123456789abcdef",
      "scoutflo-test-7f3c9a1e5b2d4c60",
      "a+b=c,d.e@f:g/h-i_j",
      "short",
      "123456789012",
      "1234567890123",
      "has spaces in it ok?",
      "x".repeat(1224),
      "x".repeat(1225),
    ],
  },
  {
    name: "scoutfloPrincipal",
    pointer: "#/properties/scoutfloPrincipal",
    check: (value) => checkScoutfloPrincipal(value),
    values: [
      "123456789012",
      "arn:aws:iam::123456789012:root",
      "arn:aws:iam::123456789012:role/ScoutfloCollector",
      "arn:aws:iam::123456789012:role/team/sub/ScoutfloCollector",
      "arn:aws-cn:iam::123456789012:role/Scoutflo",
      "arn:aws-us-gov:iam::123456789012:root",
      "arn:aws:iam::123456789012:user/bob",
      "arn:aws:sts::123456789012:assumed-role/x/y",
      "12345678901",
      "arn:aws:iam::12345678901:root",
    ],
  },
  {
    name: "role name",
    pointer: "#/definitions/role/properties/name",
    check: (value) => checkRoleName(value),
    values: [
      "ScoutfloReadOnly",
      "a+b=c,d.e@f-g_h",
      "x".repeat(64),
      "x".repeat(65),
      "has space",
      "",
    ],
  },
  {
    name: "role path",
    pointer: "#/definitions/role/properties/path",
    check: (value) => checkRolePath(value),
    values: [
      "/",
      "/scoutflo/",
      "/a/b/c/",
      "scoutflo/",
      "/scoutflo",
      "//",
      "/a b/",
      `/${"x".repeat(510)}/`,
      `/${"x".repeat(511)}/`,
    ],
  },
  {
    name: "permissions boundary",
    pointer: "#/definitions/role/properties/permissionsBoundaryArn",
    check: (value) => checkPermissionsBoundary(value),
    values: [
      "arn:aws:iam::111122223333:policy/Boundary",
      "arn:aws:iam::aws:policy/PowerUserAccess",
      "arn:aws:iam::111122223333:policy/team/Boundary",
      "arn:aws:iam::111122223333:role/Boundary",
      "Boundary",
    ],
  },
  {
    name: "session duration",
    pointer: "#/definitions/role/properties/maxSessionDurationHours",
    check: (value) => checkMaxSessionDuration(value),
    values: [1, 1.5, 12, 0.5, 12.5, 0, 13],
  },
  {
    name: "cluster name",
    pointer: "#/definitions/cluster/properties/name",
    check: (value) => checkClusterAccess({ clusterName: value as string }),
    values: [
      "prod-east",
      "0prod_east",
      "p",
      "x".repeat(100),
      "x".repeat(101),
      "-prod",
      "prod.east",
      "",
    ],
  },
  {
    name: "namespace",
    pointer: "#/definitions/cluster/properties/namespaces/items",
    check: (value) =>
      checkClusterAccess({
        clusterName: "prod",
        namespaces: [value as string],
      }),
    values: [
      "apps",
      "a",
      "0-a",
      "x".repeat(63),
      "x".repeat(64),
      "Apps",
      "-apps",
      "apps-",
      "a.b",
      "",
    ],
  },
];

describe("config schema agrees with the construct checks", () => {
  it.each(AGREEMENT_CASES)("$name", ({ pointer, check, values }) => {
    const validate = compileDefinition(pointer);

    const disagreements = values
      .map((value) => ({
        value:
          typeof value === "string" && value.length > 40
            ? `${value.slice(0, 20)}... (${value.length})`
            : value,
        schema: validate(value),
        check: check(value).length === 0,
      }))
      .filter((result) => result.schema !== result.check);

    expect(disagreements).toEqual([]);
  });
});
