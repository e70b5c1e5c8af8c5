import { describe, expect, it } from "vitest";
import { findDuplicateKeys } from "../../stacks/json-duplicate-keys";

describe("findDuplicateKeys", () => {
  const cases: [string, string, string[]][] = [
    ["no duplicates", '{"a": 1, "b": {"a": 2}}', []],
    ["top-level duplicate", '{"a": 1, "a": 2}', ["/a"]],
    ["nested duplicate", '{"x": {"a": 1, "b": 2, "a": 3}}', ["/x/a"]],
    [
      "duplicate in array item",
      '{"l": [{"a": 1}, {"a": 1, "a": 2}]}',
      ["/l/1/a"],
    ],
    ["three times", '{"a": 1, "a": 2, "a": 3}', ["/a", "/a"]],
    ["escaped key equals plain key", '{"ab": 1, "a\\u0062": 2}', ["/ab"]],
    ["keys differing in case", '{"Mode": 1, "mode": 2}', []],
    ["pointer escapes", '{"a/b~c": 1, "a/b~c": 2}', ["/a~1b~0c"]],
    [
      "braces and quotes inside strings",
      '{"s": "}{\\",\\"s\\": ", "t": "[]", "s": 1}',
      ["/s"],
    ],
    ["backslash before closing quote", '{"s": "a\\\\", "s": 2}', ["/s"]],
    [
      "every literal",
      '{"n": -1.5e+3, "t": true, "f": false, "z": null, "n": 0}',
      ["/n"],
    ],
    ["empty object and array", '{"o": {}, "l": [], "o": [ ]}', ["/o"]],
    ["nested arrays", '[[{"a": 1, "a": 2}], [], [[]]]', ["/0/0/a"]],
    ["scalar document", '"text"', []],
    ["whitespace everywhere", ' {\r\n\t"a" :\n1 ,\n "a"\t: 2 } ', ["/a"]],
  ];

  it.each(cases)("%s", (_name, text, pointers) => {
    JSON.parse(text);

    expect(findDuplicateKeys(text).map((found) => found.pointer)).toEqual(
      pointers,
    );
  });

  it("reports the key and both lines", () => {
    const text = '{\n  "mode": "read-only",\n\n  "mode": "read-write"\n}';

    expect(findDuplicateKeys(text)).toEqual([
      { pointer: "/mode", key: "mode", firstLine: 2, line: 4 },
    ]);
  });

  it("counts lines inside earlier strings and objects", () => {
    const text = '{"a": {"x": 1,\n"y": 2},\n"b": "c\\nd",\n"a": 3}';

    expect(findDuplicateKeys(text)).toEqual([
      { pointer: "/a", key: "a", firstLine: 1, line: 4 },
    ]);
  });
});
