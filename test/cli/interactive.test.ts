/** `blueetl run -i`: the prompt shows tables as pandas prints them, not the object's internals. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { makeProject } from "../cache/project.ts";
import { BLUEETL } from "../cli.ts";

test("a table typed at the prompt is printed as pandas prints it", async () => {
  const project = await makeProject();
  const input = 'ma.analysis("spikes").repo.windows.df\n.exit\n';
  const run = spawnSync(process.execPath, [BLUEETL, "run", "-q", "-i", project.config], { input, encoding: "utf8", env: { ...process.env, COLUMNS: "100" } });
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /byName|NumericColumn/);
  const header = run.stdout.split("\n").find((line) => line.includes("simulation_id"));
  assert.match(header ?? "", /^(blueetl> )?\s+simulation_id\s+circuit_id\s+window\s+trial\s+offset/);
  assert.match(run.stdout, /\n0\s+0\s+0\s+\S+\s+0\s/);
});
