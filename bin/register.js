// Registers TypeScript support so that Node runs the sources directly (`node --import ./bin/register.js`).
// h5wasm is loaded first, by Node itself: its 4 MB module embeds the wasm binary, and going
// through tsx's transform would cost about 600 MB of memory in every process.
await import("h5wasm/node");
const { registerTypeScript } = await import("./typescript.js");
await registerTypeScript();
