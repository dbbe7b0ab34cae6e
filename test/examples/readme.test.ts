/**
 * The README's code is the examples' (tested elsewhere): its tutorial is the code
 * examples/tutorial.ts runs (its lines between the README markers), its feature function
 * examples/spike-counts.ts (which test/package/install.test.ts runs from the installed package).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(import.meta.dirname, "..", "..");

test("the README's tutorial snippet is the one examples/tutorial.ts runs", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The tutorial in TypeScript"));
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(snippet, "no ts block in the README's tutorial section");
  const script = readFileSync(join(ROOT, "examples", "tutorial.ts"), "utf8");
  const begin = script.indexOf("// README: begin\n");
  const end = script.indexOf("// README: end\n");
  assert.ok(begin >= 0 && end > begin, "no README markers in examples/tutorial.ts");
  assert.equal(snippet, script.slice(begin + "// README: begin\n".length, end));
});

test("the README's feature function is examples/spike-counts.ts", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Feature functions in TypeScript"));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks[0], readFileSync(join(ROOT, "examples", "spike-counts.ts"), "utf8"));
});
