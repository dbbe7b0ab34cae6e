// Registers TypeScript support so that Node runs the sources directly (`node --import ./bin/register.js`),
// the package's specifiers ("blueetl", "blueetl/sonata"...) resolving to the sources too.
// h5wasm is loaded first, by Node itself: its 4 MB module embeds the wasm binary, and going
// through tsx's transform would cost about 600 MB of memory in every process.
await import("h5wasm/node");
const { registerLoader } = await import("./loader.js");
const { entryAliases } = await import("./entries.js");
await registerLoader({ aliases: entryAliases("src"), typescript: true });
