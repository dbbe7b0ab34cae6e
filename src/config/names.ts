/**
 * Names that become file or folder names in the cache (analyses, features tables): they must be
 * plain file names, so that nothing is ever written or deleted outside the cache folder.
 */

/** Longest name in bytes: `<name>.parquet` and its temporary file must fit the 255 bytes of a file name. */
export const MAX_NAME_BYTES = 200;

/** The rule `name` breaks as a file name of the cache, or undefined when it is a plain file name. */
export function plainNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return "it is '.' or '..'";
  if (/[/\\]/.test(name)) return "it holds a '/' or '\\' (a name is a file name, not a path)";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it holds a control character";
  if (name.startsWith(".")) return "it starts with '.' (hidden names are kept for the cache's own files)";
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`;
  return undefined;
}

/** `what 'name' ...: the rule` when the name is not a plain file name. */
export function checkPlainName(name: string, what: string): string | undefined {
  const problem = plainNameProblem(name);
  return problem && `${what} '${name}' cannot be used as a file name in the cache: ${problem}`;
}
