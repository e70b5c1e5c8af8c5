import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    env: {
      // The AWS SDK warns on Node.js 20 at every client; the tests know.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
