/**
 * Locks as users meet them: a lock left by a crash whose pid now belongs to another process, a
 * `--clear-cache` while another run writes, a cache folder the user may not write (another
 * user's, or on a read-only file system).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { BLUEETL } from "../cli.ts";
import { needs } from "../requirements.ts";
import { exited, makeScene, snapshot, startRun, waitFor } from "./scene.ts";

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** A process that is not blueetl and lives until killed. */
function bystanderProcess() {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
  const kill = () => {
    child.kill("SIGKILL");
    return new Promise((done) => child.on("exit", done));
  };
  return { pid: child.pid!, start: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!, kill };
}

function writeLock(path: string, owner: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ host: hostname(), since: "2020-01-01T00:00:00.000Z", token: "test", ...owner }));
}

describe("locks", () => {
  test("a lock whose pid now belongs to another process is taken over; one of a live owner says who and since when", async () => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    const lock = join(scene.cache, "spikes", ".lock");
    const other = bystanderProcess();
    try {
      // The pid runs, but it is not the process that took the lock (another start time): a pid reused after a crash.
      writeLock(lock, { pid: other.pid, start: "1", command: "blueetl run (crashed)" });
      writeLock(join(scene.cache, "spikes", ".readers", "old"), { pid: other.pid, start: "1" });
      const reused = scene.run(["run", "-v", scene.config]);
      assert.equal(reused.status, 0, reused.stderr);
      assert.match(reused.stderr, /features configs read from the cache, 0 calculated/);
      writeLock(lock, { pid: other.pid, start: other.start, command: "blueetl run analysis_config.yaml" });
      const held = scene.run(["run", scene.config]);
      assert.equal(held.status, 1);
      assert.match(
        held.stderr,
        new RegExp(`Another process is locking .*cache/spikes: held by pid ${other.pid} on .* since 2020-01-01T00:00:00\\.000Z: blueetl run analysis_config\\.yaml \\(lock file .*cache/spikes/\\.lock\\)`),
      );
    } finally {
      await other.kill();
    }
    const after = scene.run(["run", scene.config]);
    assert.equal(after.status, 0, after.stderr);
  });

  test("--clear-cache while another run writes is refused before it deletes anything", async () => {
    const scene = await makeScene();
    const writer = startRun(scene, ["run", scene.config], { BLUEETL_PAUSE_AT: "rename:report.parquet" });
    try {
      await waitFor(writer, "paused at rename:report.parquet");
      const before = snapshot(scene.dir, []);
      const clear = scene.run(["run", "--clear-cache", scene.config]);
      assert.equal(clear.status, 1);
      assert.match(clear.stderr, new RegExp(`Another process is locking .*cache/spikes: held by pid ${writer.pid} `));
      // The paused writer's threads may still be encoding into their temporary files: only what was there must stay.
      const after = snapshot(scene.dir, []);
      const lost = [...before].filter(([file, hash]) => !file.endsWith(".tmp") && after.get(file) !== hash).map(([file]) => file);
      assert.deepEqual(lost, []);
    } finally {
      writer.kill("SIGKILL");
      await exited(writer);
    }
  });

  test("a cache folder of another user: a writer is told it may not write, readers read it and record their lock elsewhere", needs(isRoot, "needs root, to run as another user"), async () => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    chmodSync(dirname(scene.dir), 0o755); // the test's temporary folder, for the other user
    const asNobody = (args: string[]) => spawnSync(process.execPath, [BLUEETL, ...args], { cwd: scene.dir, encoding: "utf8", uid: NOBODY, gid: NOBODY });
    const writer = asNobody(["run", scene.config]);
    assert.equal(writer.status, 1);
    assert.match(writer.stderr, /cannot lock the cache .*cache\/spikes: EACCES: permission denied.*: the cache folder is not writable \(use --readonly-cache to read it\)/);
    const reader = asNobody(["run", "--readonly-cache", "-v", scene.config]);
    assert.equal(reader.status, 0, reader.stderr);
    assert.match(reader.stderr, /cache\/spikes is not writable: the shared lock is recorded in .*blueetl-readers/);
    // While such a reader holds its shared lock, a writer (who may write the folder) sees it.
    const holding = spawn(process.execPath, [BLUEETL, "run", "--readonly-cache", "-i", scene.config], { cwd: scene.dir, uid: NOBODY, gid: NOBODY, stdio: ["pipe", "pipe", "pipe"] });
    try {
      await new Promise<void>((ready) => holding.stdout.on("data", (chunk: Buffer) => String(chunk).includes("The analyses are in") && ready()));
      const blocked = scene.run(["run", scene.config]);
      assert.equal(blocked.status, 1);
      assert.match(blocked.stderr, new RegExp(`Another process is locking .*: 1 reader holds it, the first pid ${holding.pid} `));
    } finally {
      holding.stdin.end();
      await exited(holding);
    }
    assert.equal(scene.run(["run", scene.config]).status, 0);
  });

  test("a cache on a read-only file system: readers read it, a writer is told why it cannot", needs(isRoot, "needs root, to mount"), async (t) => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    const mount = (...args: string[]) => spawnSync("mount", args, { encoding: "utf8" });
    const bound = mount("--bind", scene.cache, scene.cache);
    assert.equal(bound.status, 0, bound.stderr);
    try {
      assert.equal(mount("-o", "remount,ro,bind", scene.cache).status, 0);
      const reader = scene.run(["run", "--readonly-cache", "-v", scene.config]);
      assert.equal(reader.status, 0, reader.stderr);
      assert.match(reader.stderr, /cache\/spikes is on a read-only file system: no writer can change it, the shared lock is not recorded/);
      const writer = scene.run(["run", scene.config]);
      assert.equal(writer.status, 1);
      assert.match(writer.stderr, /cannot lock the cache .*cache\/spikes: EROFS: read-only file system/);
    } finally {
      spawnSync("umount", [scene.cache]);
    }
    t.diagnostic("mounted read-only with mount --bind");
  });
});


