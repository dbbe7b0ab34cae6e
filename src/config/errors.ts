/** A bad analysis config: the message names the file and, for each problem, the key path. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly problems: readonly string[] = [],
  ) {
    const where = file ? `${file}: ` : "";
    super(problems.length > 0 ? `${where}${message}:\n${problems.map((p) => `  - ${p}`).join("\n")}` : `${where}${message}`);
    this.name = "ConfigError";
  }
}

/** `a.b[0].c` from a key path. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(top level)";
}

/** A JSON.parse error with its line and column instead of a character position. */
export function jsonError(error: unknown, text: string): string {
  const message = (error as Error).message;
  const match = / at position (\d+)/.exec(message);
  if (!match) return message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return message.replace(/ (in JSON )?at position \d+.*$/, ` at line ${line}, column ${column}`);
}
