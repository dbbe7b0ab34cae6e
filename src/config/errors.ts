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
