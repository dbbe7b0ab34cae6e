/**
 * The cache's lock between hosts sharing a file system: a run on another host (a process in a
 * UTS namespace of its own, with another host name: what a cluster node is to the login node)
 * holds the lock; from here it is never taken over by pid checks, not even once that process is
 * gone (its pid means nothing here), and the message says how to break it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { BLUEETL } from "../cli.ts";
import { needs } from "../requirements.ts";
import { exited, makeScene, waitFor } from "../reliability/scene.ts";

const NEEDS_ROOT = needs(process.getuid?.() === 0, "another host name needs a UTS namespace (unshare -u): root only");

describe("the cache's lock across hosts", NEEDS_ROOT, () => {
  test("a lock held from another host is never taken over by pid checks; the message names the host, the SLURM job and the file to delete", async () => {
    const scene = await makeScene();
    // A writer on node-b, in a SLURM job, stopped once it holds the lock.
    const remote = spawn("unshare", ["-u", "sh", "-c", 'hostname node-b && exec "$0" "$@"', process.execPath, BLUEETL, "run", scene.config], {
      cwd: scene.dir,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, BLUEETL_PAUSE_AT: "rename:simulations.parquet", SLURM_JOB_ID: "4242" },
    });
    await waitFor(remote, "paused at rename:simulations.parquet");
    const lock = join(scene.cache, "spikes", ".lock");
    const owner = JSON.parse(readFileSync(lock, "utf8")) as { host: string; pid: number; slurmJob: string };
    assert.equal(owner.host, "node-b");
    assert.equal(owner.slurmJob, "4242");
    const busy = (stderr: string) =>
      assert.match(
        stderr,
        new RegExp(
          `Another process is locking .*cache/spikes: held by pid ${owner.pid} on node-b in SLURM job 4242 since .* \\(lock file ${lock}\\); ` +
            `it runs on another host \\(SLURM job 4242: squeue -j 4242 says whether it still runs\\), so it cannot be checked from here: if it is gone, delete ${lock}`,
        ),
      );
    const held = scene.run(["run", scene.config]);
    assert.equal(held.status, 1);
    busy(held.stderr);

    // Gone on its host: its pid is nothing here either, and the lock still holds.
    remote.kill("SIGKILL");
    await exited(remote);
    assert.ok(existsSync(lock));
    const stale = scene.run(["run", scene.config]);
    assert.equal(stale.status, 1);
    busy(stale.stderr);

    // The documented override: the lock file deleted by hand.
    rmSync(lock);
    const after = scene.run(["run", scene.config]);
    assert.equal(after.status, 0, after.stderr);
  });
});
