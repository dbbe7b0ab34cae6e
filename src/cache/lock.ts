/**
 * Locks on a cache folder: exclusive for a writer, shared between read-only users, as BlueETL's
 * flock. Node has no flock, so a lock is a file naming its process: `.lock` for the writer,
 * `.readers/<pid>` for each reader; locks of processes that no longer run are ignored.
 */
import { mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CacheError } from "./errors.ts";

export class CacheLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(private readonly file: string) {
    process.once("exit", this.onExit);
  }

  /** An exclusive lock (a writer) or a shared one (readers); an error if another process prevents it. */
  static acquire(dir: string, shared: boolean): CacheLock {
    const busy = () => new CacheError(`Another process is locking ${dir}`);
    const writer = join(dir, ".lock");
    const readers = join(dir, ".readers");
    if (shared) {
      mkdirSync(readers, { recursive: true });
      const mine = join(readers, String(process.pid));
      writeFileSync(mine, String(process.pid));
      if (liveOwner(writer) !== undefined) {
        rmSync(mine, { force: true });
        throw busy();
      }
      return new CacheLock(mine);
    }
    if (!createExclusive(writer)) {
      if (liveOwner(writer) !== undefined) throw busy();
      rmSync(writer, { force: true }); // left by a process that died
      if (!createExclusive(writer)) throw busy();
    }
    const others = listReaders(readers).filter((pid) => pid !== process.pid && isRunning(pid));
    if (others.length > 0) {
      rmSync(writer, { force: true });
      throw busy();
    }
    return new CacheLock(writer);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener("exit", this.onExit);
    rmSync(this.file, { force: true });
  }
}

function createExclusive(path: string): boolean {
  try {
    const fd = openSync(path, "wx");
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

/** The process holding the lock file, if it still runs (this process included). */
function liveOwner(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, "utf8"));
    return isRunning(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function listReaders(dir: string): number[] {
  try {
    return readdirSync(dir).map(Number).filter(Number.isInteger);
  } catch {
    return [];
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
