// With `node --import`: says on stderr when Vega or resvg is loaded (a module hook, run in the hooks thread).
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/\/node_modules\/(vega|@resvg)/.test(resolved.url)) console.error(`LOADED ${resolved.url}`);
  return resolved;
}
