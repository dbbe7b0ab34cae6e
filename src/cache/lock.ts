/**
 * Locks on a cache folder: exclusive for a writer, shared between read-only users, as BlueETL's
 * flock. Node has no flock, so a lock is a file describing its owner: `.lock` for the writer,
 * `.readers/<token>` for each reader. An owner is its pid with the start time of that process
 * (from /proc), so a pid reused by another process after a crash does not keep the lock; a lock
 * whose process is gone is taken over. A lock held from another host (a node sharing the file
 * system) is never taken over: its process cannot be seen from here (pids and /proc are per
 * host), so it holds until its owner releases it or someone deletes its file, as the message says. A reader that may not write into the cache folder
 * registers in the system's temporary folder instead, where writers look too (or, on a read-only
 * file system, nowhere: no writer can change the folder there).
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, chmodSync, statSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { CacheError } from "./errors.ts";
import { describeError } from "./files.ts";
import { writeAll } from "./durable.js";

const WRITER = ".lock";
/** Attempts at a lock released while it was looked at. */
const RETRIES = 20;
const READERS = ".readers";

/** Who holds a lock, as written in its file. */
interface Owner {
  pid: number;
  /** Start time of the process, in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  start?: string;
  host?: string;
  since?: string;
  command?: string;
  /** The SLURM job the process runs in, if any: from another host, the way to tell whether it is still there. */
  slurmJob?: string;
  token: string;
}

export class CacheLock {
  private released = false;
  private readonly onExit = () => this.release();

  /** Use `acquire`. */
  constructor(
    private readonly file: string | undefined,
    /** Why a shared lock could not be recorded, if it could not. */
    readonly note?: string,
  ) {
    process.once("exit", this.onExit);
  }

  /** An exclusive lock (a writer) or a shared one (readers); an error if another process prevents it. */
  static acquire(dir: string, shared: boolean): CacheLock {
    return shared ? acquireShared(dir) : acquireExclusive(dir);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener("exit", this.onExit);
    if (this.file) rmSync(this.file, { force: true });
  }
}

function acquireExclusive(dir: string): CacheLock {
  const lock = join(dir, WRITER);
  const owner = me();
  const draft = join(dir, `${WRITER}.${owner.token}`);
  writeOwner(draft, owner, dir);
  try {
    for (let attempt = 1; !link(draft, lock); attempt++) {
      const holder = readOwner(lock);
      if (!holder) {
        // Released between the link and the read: try again. A lock file that cannot be read (not
        // ours, or not yet readable from this host of a shared file system) is never taken over.
        if (!existsSync(lock) && attempt < RETRIES) continue;
        throw busy(dir, lock, undefined);
      }
      if (isAlive(holder) || attempt > 1) throw busy(dir, lock, holder);
      takeOver(lock, holder);
    }
  } finally {
    rmSync(draft, { force: true });
  }
  const readers = liveReaders(dir);
  if (readers.length > 0) {
    rmSync(lock, { force: true });
    const [file, reader] = readers[0]!;
    throw busy(dir, file, reader, readers.length);
  }
  return new CacheLock(lock);
}

function acquireShared(dir: string): CacheLock {
  const owner = me();
  const places = [join(dir, READERS), registry(dir)];
  const refused: string[] = [];
  for (const place of places) {
    const mine = join(place, owner.token);
    try {
      if (place === places[0]) makeFolder(place);
      else makeShared(place);
      writeOwner(mine, owner, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // On a read-only file system nobody writes the cache from this machine: nothing to record.
      if (place === places[0] && code === "EROFS") return checkedReader(dir, undefined, `${dir} is on a read-only file system: no writer can change it, the shared lock is not recorded`);
      refused.push(`${place}: ${describeError(error)}`);
      continue;
    }
    return checkedReader(dir, mine, place === places[0] ? undefined : `${dir} is not writable: the shared lock is recorded in ${place}`);
  }
  throw new CacheError(`cannot take a shared lock on the cache ${dir}: ${refused.join("; ")}`);
}

/** A reader recorded (or not), unless a writer holds the folder. */
function checkedReader(dir: string, file: string | undefined, note: string | undefined): CacheLock {
  const lock = join(dir, WRITER);
  const holder = readOwner(lock);
  if (holder && isAlive(holder)) {
    if (file) rmSync(file, { force: true });
    throw busy(dir, lock, holder);
  }
  return new CacheLock(file, note);
}

/** Where readers of `dir` that may not write into it record their lock. */
function registry(dir: string): string {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {}
  return join(tmpdir(), "blueetl-readers", createHash("sha256").update(real).digest("hex").slice(0, 32));
}

/** A folder in an existing one (not recursive: a recursive mkdir says ENOENT on a read-only file system). */
function makeFolder(path: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** A folder every user may add files to (and remove only their own), as /tmp itself. */
function makeShared(folder: string): void {
  for (const path of [join(folder, ".."), folder]) {
    mkdirSync(path, { recursive: true });
    try {
      chmodSync(path, 0o1777);
    } catch {} // made by another user, who made it shared
  }
}

/** The readers of `dir` whose process still runs (the others' files are removed). */
function liveReaders(dir: string): Array<[string, Owner | undefined]> {
  const live: Array<[string, Owner | undefined]> = [];
  for (const place of [join(dir, READERS), registry(dir)]) {
    let names: string[];
    try {
      names = readdirSync(place);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(place, name);
      const owner = readOwner(file) ?? legacyReader(name);
      if (owner && isAlive(owner)) live.push([file, owner]);
      else removeQuietly(file);
    }
  }
  return live;
}

/** Remove a file if this process may (another user's file in a shared folder stays). */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {}
}

function me(): Owner {
  return {
    pid: process.pid,
    start: startTime(process.pid),
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    ...(process.env["SLURM_JOB_ID"] ? { slurmJob: process.env["SLURM_JOB_ID"] } : {}),
    token: `${process.pid}-${randomBytes(6).toString("hex")}`,
  };
}

/** Write the owner's file whole before anyone can see it (it is created, then linked or left as is). */
function writeOwner(path: string, owner: Owner, dir: string): void {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === "EACCES" || code === "EPERM" || code === "EROFS" ? ": the cache folder is not writable (use --readonly-cache to read it)" : "";
    throw Object.assign(new CacheError(`cannot lock the cache ${dir}: ${describeError(error)}${hint}`), { code });
  }
  try {
    writeAll(fd, Buffer.from(JSON.stringify(owner)));
  } finally {
    closeSync(fd);
  }
}

/**
 * Create `lock` as a second name of the complete `draft`: atomic (on NFS too, where `link` is the
 * server's operation), and false when it exists. NFS may report EEXIST for a link that was made
 * when its first reply was lost and the request retried: the draft's link count tells (open(2)).
 */
function link(draft: string, lock: string): boolean {
  try {
    linkSync(draft, lock);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return statSync(draft).nlink === 2;
    // SFTP (sshfs) reports a link onto an existing file as a failure: EPERM.
    if (code === "EPERM" && existsSync(lock)) return false;
    throw new CacheError(`cannot lock the cache: ${describeError(error)}`);
  }
}

/**
 * Remove a lock left by a process that is gone. It is first moved aside: if what was moved is
 * not the lock judged stale (another process took it over meanwhile), it is put back.
 */
function takeOver(lock: string, stale: Owner | undefined): void {
  const aside = `${lock}.stale.${randomBytes(6).toString("hex")}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // gone already
  }
  const moved = readOwner(aside);
  if (stale && moved && moved.token !== stale.token) {
    try {
      linkSync(aside, lock);
    } catch {}
  }
  rmSync(aside, { force: true });
}

function readOwner(path: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as Owner;
    if (Number.isInteger(owner.pid) && typeof owner.token === "string") return owner;
  } catch {}
  // A lock of an earlier version holds its pid alone.
  const pid = Number(text);
  return Number.isInteger(pid) && pid > 0 ? { pid, token: `legacy-${pid}` } : undefined;
}

/** Reader files of an earlier version are named by their pid. */
function legacyReader(name: string): Owner | undefined {
  const pid = Number(name);
  return Number.isInteger(pid) && pid > 0 ? { pid, token: `legacy-${pid}` } : undefined;
}

/** Whether the owner's process still runs: same pid and same start time; another host's cannot be known. */
function isAlive(owner: Owner): boolean {
  if (owner.host && owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (owner.start === undefined) return true;
  const start = startTime(owner.pid);
  return start === undefined || start === owner.start;
}

/** Field 22 of /proc/<pid>/stat (after the command, which may hold spaces and parentheses); "dead" for a zombie. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" ? "dead" : fields[19];
  } catch {
    return undefined;
  }
}

function busy(dir: string, file: string, owner: Owner | undefined, readers = 0): CacheError {
  const who = owner ? describeOwner(owner) : "an unknown process (the lock file cannot be read: if no run uses the cache, delete it)";
  const what = readers > 0 ? `${readers > 1 ? `${readers} readers hold` : "1 reader holds"} it, the first ${who}` : `held by ${who}`;
  const job = owner?.slurmJob ? ` (SLURM job ${owner.slurmJob}: squeue -j ${owner.slurmJob} says whether it still runs)` : "";
  const remote = owner?.host && owner.host !== hostname() ? `; it runs on another host${job}, so it cannot be checked from here: if it is gone, delete ${file}` : "";
  return new CacheError(`Another process is locking ${dir}: ${what} (lock file ${file})${remote}`);
}

function describeOwner(owner: Owner): string {
  const parts = [`pid ${owner.pid}`];
  if (owner.host) parts.push(`on ${owner.host}`);
  if (owner.slurmJob) parts.push(`in SLURM job ${owner.slurmJob}`);
  if (owner.since) parts.push(`since ${owner.since}`);
  const command = owner.command ? `: ${owner.command}` : "";
  return `${parts.join(" ")}${command}`;
}
