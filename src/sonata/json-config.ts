/**
 * What circuit and simulation configs share: reading the JSON, the `manifest` variables, and
 * paths made absolute from the config's folder, with libsonata's rules.
 */
import { SonataError } from "./errors.ts";
import { nodeFs, nodePath } from "./node.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const VARIABLE_NAME = /^\$[a-zA-Z0-9_]*$/;
const MAX_EXPANSIONS = 10;

export function readJsonFile(path: string): Json {
  let text: string;
  try {
    text = nodeFs().readFileSync(path, "utf8");
  } catch {
    throw new SonataError("file not found", path);
  }
  return parseJson(text, path);
}

/** JSON text parsed; an error names the file, the line and the column. */
export function parseJson(text: string, file: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const message = (error as Error).message;
    const at = / at position (\d+)/.exec(message);
    const before = at ? text.slice(0, Number(at[1])) : "";
    const where = at ? ` at line ${before.split("\n").length}, column ${before.length - before.lastIndexOf("\n")}` : "";
    throw new SonataError(`invalid JSON: ${message.replace(/ (in JSON )?at position \d+.*$/, where)}`, file);
  }
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parse a config file: its JSON with every manifest variable expanded. */
export function readConfigWithManifest(path: string): JsonObject {
  const raw = readJsonFile(path);
  if (!isObject(raw)) throw new SonataError("the config must be a JSON object", path);
  const variables = manifestVariables(raw, path);
  const expanded = expandVariables(raw, variables) as JsonObject;
  checkNoUnexpandedVariable(expanded, path, "");
  return expanded;
}

/** The manifest, with variables substituted into each other until nothing changes. */
function manifestVariables(config: JsonObject, file: string): Map<string, string> {
  const manifest = config["manifest"];
  const variables = new Map<string, string>();
  if (manifest === undefined) return variables;
  if (!isObject(manifest)) throw new SonataError("'manifest' must be an object", file);
  for (const [name, value] of Object.entries(manifest)) {
    if (!VARIABLE_NAME.test(name)) {
      throw new SonataError(`invalid manifest variable '${name}': expected $NAME`, file);
    }
    if (typeof value !== "string") {
      throw new SonataError(`manifest variable '${name}' must be a string`, file);
    }
    variables.set(name, value);
  }
  // libsonata replaces names in code-point order, first occurrence only, until a fixed point.
  const names = [...variables.keys()].sort();
  for (let iteration = 1; ; iteration++) {
    let changed = false;
    const next = new Map(variables);
    for (const name of names) {
      for (const [other, value] of next) {
        const at = value.indexOf(name);
        if (at >= 0) {
          next.set(other, value.slice(0, at) + variables.get(name) + value.slice(at + name.length));
          changed = true;
        }
      }
    }
    if (!changed) return next;
    if (iteration >= MAX_EXPANSIONS) {
      throw new SonataError("manifest variables refer to each other in a cycle", file);
    }
    variables.clear();
    for (const [k, v] of next) variables.set(k, v);
  }
}

function expandVariables(value: Json, variables: Map<string, string>): Json {
  if (typeof value === "string") return expandString(value, variables);
  if (Array.isArray(value)) return value.map((v) => expandVariables(v, variables));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandVariables(v, variables);
    return out;
  }
  return value;
}

function expandString(text: string, variables: Map<string, string>): string {
  let out = text;
  let replaced = false;
  for (const name of [...variables.keys()].sort()) {
    const at = out.indexOf(name);
    if (at >= 0) {
      out = out.slice(0, at) + variables.get(name) + out.slice(at + name.length);
      replaced = true;
    }
  }
  return replaced ? normalizeLexically(out) : out;
}

/** A `$NAME` left at the start of a path component was never defined in the manifest. */
function checkNoUnexpandedVariable(value: Json, file: string, key: string): void {
  if (typeof value === "string") {
    const match = /(?:^|\/)(\$[A-Za-z_][A-Za-z0-9_]*)/.exec(value);
    if (match) {
      throw new SonataError(
        `'${key}' uses the manifest variable ${match[1]}, which the manifest does not define`,
        file,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkNoUnexpandedVariable(v, file, `${key}[${i}]`));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (key === "" && k === "manifest") continue;
      checkNoUnexpandedVariable(v, file, key ? `${key}.${k}` : k);
    }
  }
}

/** Like C++ `path::lexically_normal`: drops `.` and `x/..`, keeps relative paths relative. */
export function normalizeLexically(path: string): string {
  if (path === "") return path;
  const normal = nodePath().posix.normalize(path);
  return normal === "./" ? "." : normal;
}

/** `path` made absolute from `base` (already absolute paths are only normalised). */
export function toAbsolute(base: string, path: string): string {
  return nodePath().resolve(base, path);
}

export function optionalString(
  object: JsonObject,
  key: string,
  file: string,
  where: string,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new SonataError(`'${where}${key}' must be a string`, file);
  return value;
}

export function requiredNumber(object: JsonObject, key: string, file: string, where: string): number {
  const value = object[key];
  if (value === undefined) throw new SonataError(`'${where}${key}' is required`, file);
  if (typeof value !== "number") throw new SonataError(`'${where}${key}' must be a number`, file);
  return value;
}
