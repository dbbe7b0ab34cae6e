/**
 * The SLURM executor: the tasks of a `map` as a SLURM job array, each running our own command
 * (`blueetl task <job folder> <index>`) on the shared file system and leaving its part file; the
 * submitting process waits, then hands the outputs on in task order, as the other executors do.
 * Parts already there (an earlier run, cut short or failed) are kept: only the missing tasks go
 * again.
 *
 * A job's folder, `<folder>/<kind>-<key>/`: `inputs/<index>.bin` (each task's input), `task.sh`,
 * `parts/<index>.part`, `errors/<index>.txt` (a task's error), `logs/<job id>_<index>.log`, and
 * `job.json` (the last array submitted, to wait for it rather than submit it twice).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { serialize } from "node:v8";
import { CacheFolder } from "../cache/index.ts";
import { stampOf } from "../sonata/index.ts";
import type { Executor } from "./executor.ts";
import { readPart, writeTaskFile } from "./parts.ts";
import { type SlurmOptions, SlurmError, arraySpec, cancel, queuedTasks, sbatchOptions, submit } from "./sbatch.ts";
import type { TaskInput, TaskKind, TaskOutput } from "./tasks.ts";

/** What the executor reports: the library's logger has this shape. */
export interface ExecutorLogger {
  info(message: string): void;
  warn(message: string): void;
  progress?: ((done: number, total: number, message: string) => void) | undefined;
}

export interface SlurmExecutorOptions extends SlurmOptions {
  /** Where the jobs' files go, on the file system the nodes share (an analysis' cache: `<cache>/cluster`). */
  folder: string;
  /** For messages and job names: e.g. `spikes: report`. */
  label?: string | undefined;
  /** A task in the words of the domain, for messages: e.g. `simulation 3`. */
  describe?: ((index: number) => string) | undefined;
  /** Wait for the tasks (the default); false: submit them with a job that carries the run on after them, and return. */
  wait?: boolean | undefined;
  /** The arguments of our command that carry the run on once a detached array is over (`run <config> ...`). */
  continuation?: readonly string[] | undefined;
  /** This process is the continuation of job N: a missing part of N is a failure to report, not resubmitted. */
  afterJob?: string | undefined;
  logger?: ExecutorLogger | undefined;
}

/** How often the submitting process looks for the tasks' files (a shared file system has no reliable notifications). */
const POLL_MS = 200;

/** Our command, as the tasks run it: this Node.js and this package's `bin/blueetl.js`. */
export function blueetlCommand(): string[] {
  return [process.execPath, resolve(import.meta.dirname, "..", "..", "bin", "blueetl.js")];
}

export const inputFile = (dir: string, index: number) => join(dir, "inputs", `${index}.bin`);
export const partFile = (dir: string, index: number) => join(dir, "parts", `${index}.part`);
export const errorFile = (dir: string, index: number) => join(dir, "errors", `${index}.txt`);
export const logFile = (dir: string, jobId: string, index: number) => join(dir, "logs", `${jobId}_${index}.log`);

/** The run was detached (`--no-wait`): the tasks and the job that carries the run on are submitted. */
export class Detached extends Error {
  override name = "Detached";
  constructor(
    readonly label: string,
    readonly arrayJob: string,
    readonly continuationJob: string,
    readonly log: string,
  ) {
    super(`${label}: submitted as SLURM job ${arrayJob}; job ${continuationJob} carries the run on after it (log: ${log})`);
  }
}

/** Tasks that left no part: each with its index, what it was (its simulations or groups), its error and its log. */
export class TaskFailures extends Error {
  override name = "TaskFailures";
  constructor(
    readonly label: string,
    readonly jobId: string | undefined,
    readonly failures: Array<{ index: number; task: string; reason: string; log: string | undefined }>,
    readonly total: number,
  ) {
    const lines = failures.slice(0, 10).map((f) => `  task ${f.index} (${f.task}): ${f.reason}${f.log ? ` (log: ${f.log})` : ""}`);
    if (failures.length > 10) lines.push(`  and ${failures.length - 10} more`);
    const job = jobId ? ` of SLURM job ${jobId}` : "";
    super(
      `${label}: ${failures.length} of ${total} tasks${job} failed:\n${lines.join("\n")}\n` +
        `The parts of the other tasks are kept: run the same command again to resubmit only the failed tasks.`,
    );
  }
}

/** The run was interrupted (Ctrl-C): the array was cancelled; the parts done are kept. */
export class Cancelled extends Error {
  override name = "Cancelled";
}

export class SlurmExecutor implements Executor {
  /** The most tasks at once: the array's parallelism, else as many as the cluster gives. */
  readonly workers: number;
  /** The folders of the jobs this executor ran, forgotten once their outputs are stored. */
  private readonly dirs: string[] = [];

  constructor(private readonly options: SlurmExecutorOptions) {
    this.workers = options.arrayParallelism ?? Infinity;
  }

  async map<K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onResult: (output: TaskOutput<K>, index: number) => void): Promise<void> {
    const keys = inputs.map((input) => hash(kind, serialize(input)));
    const dir = join(this.options.folder, `${kind}-${hash(...keys).slice(0, 16)}`);
    const folder = new CacheFolder(this.options.folder);
    this.prepare(kind, dir, folder, keys, inputs);
    this.dirs.push(dir);
    const outputs = keys.map((key, i) => this.kept(dir, key, i));
    let missing = indicesOf(outputs);
    const last = readJobRecord(dir);
    // The job this run carries on after: what it did not leave is a failure to report (resubmitting would loop).
    if (missing.length > 0 && this.options.afterJob !== undefined && last?.id === this.options.afterJob) throw this.failures(dir, missing, last.id, inputs.length);
    if (missing.length > 0) {
      const before = missing.length;
      const inFlight = last ? (queuedTasks(last.id) ?? []).filter((i) => missing.includes(i)) : [];
      let jobId: string;
      if (inFlight.length > 0) {
        jobId = last!.id;
        this.options.logger?.info(`${this.label}: ${inFlight.length} tasks of SLURM job ${jobId} are still queued or running: waiting for them`);
        await this.watch(dir, jobId, inFlight, () => (queuedTasks(jobId) ?? inFlight).length === 0, 2000);
      } else {
        for (const i of missing) this.clearTask(folder, dir, i);
        const submitted = this.submit(kind, dir, folder, missing);
        jobId = await submitted.id;
        const reused = inputs.length - before;
        this.options.logger?.info(`${this.label}: ${missing.length} tasks submitted as SLURM job ${jobId}${reused > 0 ? ` (${reused} parts kept from an earlier run)` : ""}; logs in ${join(dir, "logs")}`);
        if (this.options.wait === false) throw await this.detach(folder, jobId);
        let over = false;
        void submitted.done.then(() => (over = true));
        try {
          await this.watch(dir, jobId, missing, () => over, POLL_MS);
        } finally {
          if (!over) submitted.stopWaiting();
        }
      }
      missing.forEach((i) => (outputs[i] = this.kept(dir, keys[i]!, i)));
      missing = indicesOf(outputs);
      if (missing.length > 0) throw this.failures(dir, missing, jobId, inputs.length);
    }
    outputs.forEach((output, i) => onResult(output!.output as TaskOutput<K>, i));
  }

  start(): void {}

  async close(): Promise<void> {}

  /** The outputs are merged and stored: the jobs' files (inputs, parts, logs) go. */
  forget(): void {
    const folder = new CacheFolder(this.options.folder);
    for (const dir of this.dirs.splice(0)) folder.remove(dir);
  }

  private get label(): string {
    return this.options.label ?? "tasks";
  }

  private describe(index: number): string {
    return this.options.describe?.(index) ?? `task ${index}`;
  }

  /** The job's folder with its tasks' inputs; the folders of other jobs of the same kind (an older config) removed. */
  private prepare(kind: string, dir: string, folder: CacheFolder, keys: string[], inputs: readonly unknown[]): void {
    const name = dir.slice(this.options.folder.length + 1);
    for (const other of folder.list()) if (other.startsWith(`${kind}-`) && other !== name) folder.remove(join(this.options.folder, other));
    folder.makeFolders(...["inputs", "parts", "errors", "logs"].map((sub) => join(name, sub)));
    inputs.forEach((input, index) => {
      const path = inputFile(dir, index);
      if (!existsSync(path)) writeTaskFile(path, { kind, label: this.label, key: keys[index]!, index, root: this.options.folder, input });
    });
    const [node, bin] = blueetlCommand();
    folder.write(join(dir, "task.sh"), `#!/bin/sh\n# A task of ${this.label}: blueetl task <job folder> <index>\nexec ${quote(node!)} ${quote(bin!)} task ${quote(dir)} "$SLURM_ARRAY_TASK_ID"\n`);
  }

  /** What a task left before it is run again: its error, and the temporary file of a part it was writing when it was killed. */
  private clearTask(folder: CacheFolder, dir: string, index: number): void {
    folder.remove(errorFile(dir, index));
    for (const name of folder.list(join(dir, "parts"))) if (name.startsWith(`.${index}.part.`)) folder.remove(join(dir, "parts", name));
  }

  /** A part kept from an earlier run, unless a file it was made from has changed since (a spikes file replaced). */
  private kept(dir: string, key: string, index: number): { output: unknown } | undefined {
    const part = readPart(partFile(dir, index), key, index);
    const files = (part?.output as { filesRead?: Record<string, unknown> } | undefined)?.filesRead;
    return part && (!files || unchanged(files)) ? part : undefined;
  }

  private submit(kind: string, dir: string, folder: CacheFolder, indices: number[]) {
    const args = [
      `--array=${arraySpec(indices, this.options.arrayParallelism)}`,
      `--job-name=blueetl-${kind}`,
      `--output=${join(dir, "logs", "%A_%a.log")}`,
      `--chdir=${process.cwd()}`,
      "--export=ALL",
      ...sbatchOptions(this.options),
    ];
    const submission = submit(args, join(dir, "task.sh"), true);
    void submission.id.then((id) => folder.write(join(dir, "job.json"), JSON.stringify({ id, indices })), () => {});
    return submission;
  }

  /**
   * Wait until every task has left its part or its error, or the job is over; Ctrl-C (or
   * SIGTERM: the submitting job's own time limit) cancels the job.
   */
  private async watch(dir: string, jobId: string, indices: number[], over: () => boolean, pollMs: number): Promise<void> {
    let interrupted: string | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (interrupted) process.exit(130);
      interrupted = signal;
      const failed = cancel(jobId);
      this.options.logger?.warn(`${signal}: SLURM job ${jobId} ${failed ? `could not be cancelled: ${failed}` : "cancelled (scancel)"}`);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const label = `${this.label}: SLURM job ${jobId}`;
    let lastPoll = 0;
    try {
      for (;;) {
        const resolved = indices.filter((i) => existsSync(partFile(dir, i)) || existsSync(errorFile(dir, i))).length;
        this.options.logger?.progress?.(resolved, indices.length, label);
        if (resolved === indices.length) return;
        if (interrupted) {
          // The cancelled tasks are gone once the job is: then the run stops.
          if (over() || (queuedTasks(jobId) ?? []).length === 0) break;
        } else if (performance.now() - lastPoll >= pollMs) {
          lastPoll = performance.now();
          if (over()) return;
        }
        await new Promise((done) => setTimeout(done, POLL_MS));
      }
    } finally {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    }
    throw new Cancelled(`${this.label}: interrupted (${interrupted}); SLURM job ${jobId} was cancelled. The parts done are kept: run the same command again to go on.`);
  }

  /** The job that carries the run on after the array (whatever its outcome: it reports failures). */
  private async detach(folder: CacheFolder, arrayJob: string): Promise<Detached> {
    if (!this.options.continuation) throw new SlurmError(`${this.label}: cannot detach (--no-wait) without a command to carry the run on`);
    const [node, bin] = blueetlCommand();
    const command = [node!, bin!, ...this.options.continuation, "--after-job", arrayJob].map(quote).join(" ");
    // Beside the jobs' folders, not in one: a job's folder goes once its parts are merged, by this very job.
    const script = join(this.options.folder, `continue-${arrayJob}.sh`);
    folder.write(script, `#!/bin/sh\n# Carries the run on after SLURM job ${arrayJob} (${this.label})\nexec ${command}\n`);
    const log = join(this.options.folder, `continue-${arrayJob}.log`);
    const args = [`--dependency=afterany:${arrayJob}`, `--job-name=blueetl-continue`, `--output=${log}`, `--chdir=${process.cwd()}`, "--export=ALL", ...sbatchOptions(this.options)];
    const continuation = await submit(args, script, false).id;
    return new Detached(this.label, arrayJob, continuation, log);
  }

  private failures(dir: string, indices: number[], jobId: string, total: number): TaskFailures {
    const failures = indices.map((index) => {
      let reason = "no result: the task was cancelled or killed (time limit, memory, node failure), see its log";
      try {
        reason = readFileSync(errorFile(dir, index), "utf8").trim().split("\n").slice(0, 3).join(" / ");
      } catch {}
      const log = logFile(dir, jobId, index);
      return { index, task: this.describe(index), reason, log: existsSync(log) ? log : undefined };
    });
    return new TaskFailures(this.label, jobId, failures, total);
  }
}

/** A hash of the parts, for keys and folder names. */
function hash(...parts: Array<string | Uint8Array>): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part).update("\u0000");
  return digest.digest("hex");
}

/** Whether every file is as it was recorded (`{ exists: true }`: it still exists). */
function unchanged(files: Record<string, unknown>): boolean {
  return Object.entries(files).every(([path, then]) => {
    if (then && typeof then === "object" && "exists" in then) return existsSync(path);
    return JSON.stringify(stampOf(path)) === JSON.stringify(then);
  });
}

function indicesOf(outputs: unknown[]): number[] {
  return outputs.flatMap((output, i) => (output ? [] : [i]));
}

function readJobRecord(dir: string): { id: string; indices: number[] } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, "job.json"), "utf8")) as { id: string; indices: number[] };
  } catch {
    return undefined;
  }
}

/** A word for sh: single-quoted. */
export function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
