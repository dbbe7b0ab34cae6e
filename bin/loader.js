// Module hooks for the modules a config names (feature functions): our hooks (esm-hooks.js) for
// every such module, so that `import "blueetl"` resolves to the package this command runs; tsx
// first, for a TypeScript module. Our hooks are registered after tsx, so that they run first.
import { register as registerHooks } from "node:module";

let registration = Promise.resolve();
let hooks = false;
let typescript = false;

/**
 * @param {{ aliases: Record<string, string>; typescript: boolean }} options package specifiers and
 *   entry files -> the URLs they resolve to; whether the module to import is TypeScript
 */
export function registerLoader(options) {
  registration = registration.then(async () => {
    if (options.typescript && !typescript) {
      const { register } = await import("tsx/esm/api");
      register();
      typescript = true;
      hooks = false; // registered again, to run before tsx's
    }
    if (!hooks) {
      registerHooks("./esm-hooks.js", { parentURL: import.meta.url, data: { aliases: options.aliases } });
      hooks = true;
    }
  });
  return registration;
}
