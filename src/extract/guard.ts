/**
 * A user function called so that it cannot end the run behind our back: `process.exit` inside
 * it is an error, and so is a promise that can never settle (nothing is left for it to wait for,
 * where Node would end the process with exit code 13 and no message).
 */
export async function guardedCall<T>(call: () => T | Promise<T>): Promise<T> {
  const exit = process.exit;
  let exitCode: string | undefined;
  let onIdle: (() => void) | undefined;
  process.exit = ((code?: number | string | null) => {
    exitCode = String(code ?? "");
    throw new Error(`it called process.exit(${exitCode})`);
  }) as typeof process.exit;
  try {
    const idle = new Promise<never>((_, reject) => {
      onIdle = () => reject(new Error("it returned a promise that never settles (nothing was left for it to wait for)"));
      process.once("beforeExit", onIdle);
    });
    const called = Promise.resolve()
      .then(call)
      .catch((error: unknown) => {
        throw error instanceof Error ? error : new Error(`it threw ${typeof error === "string" ? JSON.stringify(error) : String(error)}`);
      });
    const result = await Promise.race([called, idle]);
    if (exitCode !== undefined) throw new Error(`it called process.exit(${exitCode})`);
    return result;
  } finally {
    process.removeListener("beforeExit", onIdle!);
    process.exit = exit;
  }
}
