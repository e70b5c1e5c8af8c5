import { describe, expect, it } from "vitest";
import { parseQueryBody, readInteger, readList } from "./query-protocol";
import { toXml } from "./xml";

describe("parseQueryBody", () => {
  const cases = [
    {
      name: "plain string",
      body: "RoleName=Reader",
      expected: { RoleName: "Reader" },
    },
    {
      name: "encoded value",
      body: "RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa",
      expected: { RoleArn: "arn:aws:iam::1:role/a" },
    },
    {
      name: "member list",
      body: "A.member.2=y&A.member.1=x",
      expected: { A: ["x", "y"] },
    },
    {
      name: "empty list",
      body: "ResourceArns=",
      expected: { ResourceArns: "" },
    },
    {
      name: "list of structures",
      body: "C.member.1.Name=k&C.member.1.Values.member.1=v1&C.member.1.Values.member.2=v2",
      expected: { C: [{ Name: "k", Values: ["v1", "v2"] }] },
    },
    {
      name: "prototype key",
      body: "__proto__.polluted=yes&A=1",
      expected: { A: "1" },
    },
  ];
  for (const { name, body, expected } of cases) {
    it(`parses ${name}`, () => {
      expect(parseQueryBody(body)).toEqual(expected);
    });
  }

  it("leaves Object.prototype alone", () => {
    parseQueryBody("__proto__.polluted=yes&constructor.prototype.polluted=yes");

    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("reads an empty list as empty", () => {
    expect(readList(parseQueryBody("ResourceArns="), "ResourceArns")).toEqual(
      [],
    );
  });

  it("rejects an integer out of range", () => {
    expect(() => readInteger({ MaxItems: "0" }, "MaxItems", 1, 1000)).toThrow(
      /Value '0' at 'maxItems'/,
    );
  });
});

describe("toXml", () => {
  it("renders lists as member elements", () => {
    expect(toXml("Names", ["a", "b"])).toBe(
      "<Names><member>a</member><member>b</member></Names>",
    );
  });

  it("escapes text and omits undefined", () => {
    expect(toXml("R", { A: "<&>", B: undefined, C: true })).toBe(
      "<R><A>&lt;&amp;&gt;</A><C>true</C></R>",
    );
  });
});
