// Registers tsx so that Node runs the TypeScript sources directly (`node --import ./bin/register.js`).
// h5wasm is loaded first, by Node itself: its 4 MB module embeds the wasm binary, and going
// through tsx's transform would cost about 600 MB of memory in every process.
await import("h5wasm/node");
const { register } = await import("tsx/esm/api");
register();
// Registered after tsx, so it runs first: TypeScript files outside a typed package are ES modules.
const { register: registerHooks } = await import("node:module");
registerHooks("./esm-hooks.js", import.meta.url);
