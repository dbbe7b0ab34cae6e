#!/usr/bin/env node
// The `blueetl` command: runs the TypeScript sources through tsx, so there is no build step.
await import("./register.js");
await import("../src/cli/main.ts");
