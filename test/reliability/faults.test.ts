/**
 * Faults during a run: a full disk, a kill -9 at chosen moments of writing the cache (the run
 * pauses there through BLUEETL_PAUSE_AT, so the moment is exact and the test short), feature
 * functions that never settle or end the process. The next run always gives a clean run's tables.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { needs } from "../requirements.ts";
import { cachedTables, changes, exited, makeScene, snapshot, startRun, waitFor } from "./scene.ts";

const isRoot = process.getuid?.() === 0;

/** Temporary files left anywhere in a folder. */
function temporaryFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true }).map(String).filter((f) => f.endsWith(".tmp"));
}

describe("faults", () => {
  test("killed at each moment of writing the cache, the next run gives the tables of a clean run", async () => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    const clean = cachedTables(join(scene.cache, "spikes"));
    const moments = [
      "write:report.parquet", // in the Parquet worker, the report half written
      "write:by_gid_0.parquet", // a features table half written
      "rename:checksums.cached.yaml", // written and synced, not yet renamed into place
      "renamed:by_gid_1.parquet", // renamed into place, its checksum not yet recorded
    ];
    for (const moment of moments) {
      rmSync(scene.cache, { recursive: true, force: true });
      const run = startRun(scene, ["run", scene.config], { BLUEETL_PAUSE_AT: moment });
      await waitFor(run, `paused at ${moment}`);
      run.kill("SIGKILL");
      assert.deepEqual(await exited(run), [null, "SIGKILL"]);
      const next = scene.run(["run", scene.config]);
      assert.equal(next.status, 0, `${moment}: ${next.stderr}`);
      assert.deepEqual(temporaryFiles(scene.cache), [], moment);
      assert.deepEqual(cachedTables(join(scene.cache, "spikes")), clean, moment);
    }
  });

  test("a full disk: the run fails naming the file, writes nothing partial, and a run with room gives the clean tables", needs(isRoot, "needs root, to mount a small tmpfs"), async () => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    const clean = cachedTables(join(scene.cache, "spikes"));
    rmSync(scene.cache, { recursive: true });
    mkdirSync(scene.cache);
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", scene.cache], { encoding: "utf8" });
    assert.equal(mounted.status, 0, mounted.stderr);
    try {
      const before = snapshot(scene.dir, [scene.cache]);
      const full = scene.run(["run", scene.config]);
      assert.equal(full.status, 1, full.stderr);
      assert.match(full.stderr, /blueetl: cannot write .*cache\/spikes\/[a-z]+\/[a-z_0-9.]+\.(parquet|yaml): ENOSPC: no space left on device.*\(the disk is full\)/);
      assert.deepEqual(temporaryFiles(scene.cache), []);
      assert.deepEqual(changes(before, snapshot(scene.dir, [scene.cache])), []);
      // What a cut file would look like is never recorded: a second run on the full disk fails the same way.
      assert.equal(scene.run(["run", scene.config]).status, 1);
    } finally {
      spawnSync("umount", [scene.cache]);
    }
    const roomy = scene.run(["run", scene.config]);
    assert.equal(roomy.status, 0, roomy.stderr);
    assert.deepEqual(cachedTables(join(scene.cache, "spikes")), clean);
  });

  test("a feature function that never settles, or calls process.exit: an error naming the function and the group", async () => {
    const scene = await makeScene();
    writeFileSync(
      join(scene.dir, "rogue.ts"),
      `export const forever = () => new Promise(() => {});
export function quits() { process.exit(0); }
export async function quitsLater() { await new Promise((r) => setTimeout(r, 5)); process.exit(0); }
`,
    );
    for (const [name, message] of [
      ["forever", "it returned a promise that never settles"],
      ["quits", "it called process.exit\\(0\\)"],
      ["quitsLater", "it called process.exit\\(0\\)"],
    ] as const) {
      scene.edit((c) => (c.analysis.spikes.features = [{ type: "single", name, groupby: ["simulation_id", "circuit_id"], function: `rogue.ts:${name}` }]));
      const result = scene.run(["run", scene.config]);
      assert.equal(result.status, 1, `${name}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`blueetl: feature function 'rogue\\.ts:${name}' failed for the group \\{simulation_id: 0, circuit_id: 0\\}: ${message}`));
    }
  });
});
