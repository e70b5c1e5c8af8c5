import { describe, expect, it } from "vitest";
import { statementsForMode } from "../../policies";

describe("catalog", () => {
  it("read-only mode has no write statement", () => {
    const sids = statementsForMode("read-only").map((s) => s.sid);
    expect(sids).not.toContain("ScoutfloWrite");
  });
});
