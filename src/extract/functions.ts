/**
 * Functions named in a config: BlueETL's built-in Python names map to our implementations;
 * anything else is a TypeScript or JavaScript module and an export, written `path/to/module.ts:name`
 * with the path relative to the config's folder.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ExtractionError } from "./errors.ts";
import { guardedCall } from "./guard.ts";

/**
 * The bundled command line (bin/blueetl.js) registers its module hooks here, to be set up before
 * the first module a config names is imported: TypeScript support, and "blueetl" resolving to
 * the running package.
 */
const REGISTER_LOADER = Symbol.for("blueetl.registerLoader");

async function beforeImport(path: string): Promise<void> {
  const register = (globalThis as Record<symbol, unknown>)[REGISTER_LOADER];
  if (typeof register === "function") await register({ typescript: /\.[cm]?ts$/.test(path) });
}

/** Load the function named `spec`: a built-in, or `<module path>:<export>`. */
export async function loadFunction<F>(spec: string, builtins: Record<string, F>, basePath: string, what: string): Promise<F> {
  const builtin = builtins[spec];
  if (builtin) return builtin;
  const separator = spec.lastIndexOf(":");
  if (separator <= 0) {
    const known = Object.keys(builtins).join(", ");
    throw new ExtractionError(
      `${what} '${spec}' is not a built-in function (${known}); name a module and its export as 'path/to/module.ts:exportName', or a Python function as 'module.function'`,
    );
  }
  const path = resolve(basePath, spec.slice(0, separator));
  const name = spec.slice(separator + 1);
  if (!existsSync(path)) throw new ExtractionError(`${what} '${spec}': the module ${path} does not exist`);
  let module: Record<string, unknown>;
  try {
    await beforeImport(path);
    // The modification time in the URL: a module edited since it was imported is imported again.
    module = (await guardedCall(() => import(`${pathToFileURL(path).href}?mtime=${statSync(path).mtimeMs}`))) as Record<string, unknown>;
  } catch (error) {
    throw new ExtractionError(`${what} '${spec}': the module ${path} could not be loaded: ${(error as Error).message}`, { cause: error });
  }
  const exported = module[name];
  if (typeof exported !== "function") {
    const functions = Object.keys(module).filter((k) => typeof module[k] === "function");
    throw new ExtractionError(`${what} '${spec}': ${path} has no exported function '${name}' (it exports: ${functions.join(", ") || "none"})`);
  }
  return exported as F;
}
