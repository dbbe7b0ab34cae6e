/**
 * Node's built-in modules, reached when a function needs them and never at import: the reader
 * also runs in a browser, on files opened from their bytes (`SpikeReader.fromBytes`...).
 */
import { SonataError } from "./errors.ts";

type Builtins = { fs: typeof import("node:fs"); path: typeof import("node:path") };

const getBuiltin = () => (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;

function builtin<K extends keyof Builtins>(name: K): Builtins[K] {
  const get = getBuiltin();
  if (!get) throw new SonataError(`reading files by path needs Node.js 20.16 or later; in a browser, open a file from its bytes (fromBytes)`);
  return get(`node:${name}`) as Builtins[K];
}

export const nodeFs = (): Builtins["fs"] => builtin("fs");
/** `node:fs` under Node, undefined elsewhere. */
export const nodeFsIfAny = (): Builtins["fs"] | undefined => (getBuiltin() ? builtin("fs") : undefined);

/** A warning: Node's `process.emitWarning`, the console's elsewhere. */
export function emitWarning(message: string, code: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  if (proc?.emitWarning) proc.emitWarning(message, { code });
  else console.warn(`${code}: ${message}`);
}
export const nodePath = (): Builtins["path"] => builtin("path");
