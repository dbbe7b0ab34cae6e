/** The README's tutorial is the code examples/tutorial.ts runs (its lines between the README markers). */
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
