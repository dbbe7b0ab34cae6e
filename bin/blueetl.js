#!/usr/bin/env node
// The `blueetl` command: the bundle of the sources when it can be made (bin/bundle.js), else the
// TypeScript sources through tsx. Under the bundle, TypeScript support is registered only when a
// config names a TypeScript feature function (it slows the loading of every module down).
import { bundledCli } from "./bundle.js";
import { registerTypeScript } from "./typescript.js";

const bundle = await bundledCli();
if (bundle) {
  globalThis[Symbol.for("blueetl.registerTypeScript")] = () => registerTypeScript(bundle.aliases);
  await import(bundle.cli);
} else {
  await import("./register.js");
  await import("../src/cli/main.ts");
}
