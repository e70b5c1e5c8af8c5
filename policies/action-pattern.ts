/**
 * Matching of IAM action patterns such as `ec2:Describe*`.
 *
 * IAM compares action names case-insensitively; `*` matches any run of
 * characters and `?` matches one character.
 */

/** Splits `service:Action` into its two parts, or returns undefined. */
export function parseAction(
  action: string,
): { service: string; name: string } | undefined {
  const match = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/.exec(action);
  if (match === null) {
    return undefined;
  }

  return { service: match[1], name: match[2] };
}

/** Returns true when `action` (a concrete name) matches `pattern`. */
export function actionMatches(action: string, pattern: string): boolean {
  return patternToRegExp(pattern).test(action);
}

/** Returns true when any of `patterns` matches `action`. */
export function actionMatchesAny(
  action: string,
  patterns: readonly string[],
): boolean {
  return patterns.some((pattern) => actionMatches(action, pattern));
}

/** Returns true when the pattern contains a wildcard. */
export function isWildcardPattern(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

const compiled = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  let regExp = compiled.get(pattern);
  if (regExp === undefined) {
    const body = pattern
      .split("")
      .map((char) => {
        if (char === "*") return ".*";
        if (char === "?") return ".";
        return char.replace(/[.+^${}()|[\]\\-]/g, "\\$&");
      })
      .join("");
    regExp = new RegExp(`^${body}$`, "i");
    compiled.set(pattern, regExp);
  }

  return regExp;
}
