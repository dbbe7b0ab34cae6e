/**
 * What a test needs from the machine (`../shared`, Chromium, a Python with pandas...). Outside CI
 * a test whose needs are missing is skipped with the reason; in CI (`CI` set) it runs and fails,
 * so that nothing is silently skipped there (`.ci/run` installs everything the tests need).
 */
export function needs(available: boolean, reason: string): { skip: string | false } {
  if (available || process.env["CI"]) return { skip: false };
  return { skip: reason };
}
