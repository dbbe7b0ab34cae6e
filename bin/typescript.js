// Lets Node import TypeScript: tsx's loader, then our hooks (registered after tsx, so they run
// first; see esm-hooks.js), told what resolves to the bundle when the command line runs bundled.
import { register as registerHooks } from "node:module";

let registration;

/** @param {Record<string, string>} [bundle] source URLs and package specifiers -> bundle URLs */
export function registerTypeScript(bundle) {
  registration ??= (async () => {
    const { register } = await import("tsx/esm/api");
    register();
    registerHooks("./esm-hooks.js", { parentURL: import.meta.url, data: { bundle } });
  })();
  return registration;
}
