/**
 * The SLURM executor: the tasks of a job as a SLURM job array, each running our own command
 * (`blueetl task <plan> <index>`) on the shared file system and leaving its part file; the
 * submitting process waits, then returns the parts in task order for the caller to merge. Parts
 * already there (an earlier run, cut short or failed) are kept: only the missing tasks go again.
 *
 * A job's folder: `<folder>/<kind>-<key>/` with `plan.json` (what every task needs), `task.sh`,
 * `parts/<index>.part`, `errors/<index>.txt` (a task's error), `logs/<job id>_<index>.log`, and
 * `job.json` (the last array submitted, to wait for it rather than submit it twice).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CacheFolder } from "../cache/index.ts";
import type { Executor, Job, Json, TaskOutput, TaskRunner } from "./job.ts";
import { readPart } from "./parts.ts";
import { type SlurmOptions, SlurmError, arraySpec, cancel, queuedTasks, sbatchOptions, submit } from "./sbatch.ts";

/** What the executor reports: the library's logger has this shape. */
export interface ExecutorLogger {
  info(message: string): void;
  warn(message: string): void;
  progress?: ((done: number, total: number, message: string) => void) | undefined;
}

export interface SlurmExecutorOptions extends SlurmOptions {
  /** Wait for the tasks (the default); false: submit them with a job that carries the run on after them, and return. */
  wait?: boolean | undefined;
  /** The arguments of our command that carry the run on once a detached array is over (`run <config> ...`). */
  continuation?: readonly string[] | undefined;
  /** This process is the continuation of job N: a missing part is a failure to report, not resubmitted. */
  afterJob?: string | undefined;
  logger?: ExecutorLogger | undefined;
}

/** What a task of a job needs, as the task finds it in `plan.json`. */
export interface Plan {
  version: 1;
  kind: string;
  label: string;
  key: string;
  context: Json;
  inputs: Json[];
  descriptions: string[];
  /** The folder the job's folder lies in: a task writes nothing outside it. */
  root: string;
}

const PLAN_VERSION = 1;
/** How often the submitting process looks for the tasks' files (a shared file system has no reliable notifications). */
const POLL_MS = 200;

/** Our command, as the tasks run it: this Node.js and this package's `bin/blueetl.js`. */
export function blueetlCommand(): string[] {
  return [process.execPath, resolve(import.meta.dirname, "..", "..", "bin", "blueetl.js")];
}

export function jobFolder(job: Pick<Job, "folder" | "kind" | "key">): string {
  return join(job.folder, `${job.kind}-${job.key.slice(0, 16)}`);
}

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
  readonly name = "slurm";

  constructor(private readonly options: SlurmExecutorOptions = {}) {}

  async run(job: Job, _runner: TaskRunner): Promise<TaskOutput[]> {
    const dir = jobFolder(job);
    const folder = new CacheFolder(job.folder);
    this.prepare(job, dir, folder);
    const outputs = job.inputs.map((_, i) => this.kept(job, dir, i));
    let missing = indicesOf(outputs);
    const last = readJobRecord(dir);
    // The job this run carries on after: what it did not leave is a failure to report (resubmitting would loop).
    if (missing.length > 0 && this.options.afterJob !== undefined && last?.id === this.options.afterJob) throw this.failures(job, dir, missing, last.id);
    if (missing.length > 0) {
      const before = missing.length;
      const inFlight = last ? (queuedTasks(last.id) ?? []).filter((i) => missing.includes(i)) : [];
      let jobId: string;
      if (inFlight.length > 0) {
        jobId = last!.id;
        this.options.logger?.info(`${job.label}: ${inFlight.length} tasks of SLURM job ${jobId} are still queued or running: waiting for them`);
        await this.watch(job, dir, jobId, inFlight, () => (queuedTasks(jobId) ?? inFlight).length === 0, 2000);
      } else {
        for (const i of missing) this.clearTask(folder, dir, i);
        const submitted = this.submit(job, dir, folder, missing);
        jobId = await submitted.id;
        const reused = job.inputs.length - before;
        this.options.logger?.info(`${job.label}: ${missing.length} tasks submitted as SLURM job ${jobId}${reused > 0 ? ` (${reused} parts kept from an earlier run)` : ""}; logs in ${join(dir, "logs")}`);
        if (this.options.wait === false) throw await this.detach(job, dir, folder, jobId);
        let over = false;
        void submitted.done.then(() => (over = true));
        try {
          await this.watch(job, dir, jobId, missing, () => over, POLL_MS);
        } finally {
          if (!over) submitted.stopWaiting();
        }
      }
      missing.forEach((i) => (outputs[i] = this.kept(job, dir, i)));
      missing = indicesOf(outputs);
      if (missing.length > 0) throw this.failures(job, dir, missing, jobId);
    }
    return outputs as TaskOutput[];
  }

  forget(job: Job): void {
    new CacheFolder(job.folder).remove(jobFolder(job));
  }

  /** The job's folder with its plan; folders of other plans of the same kind (an older config) removed. */
  private prepare(job: Job, dir: string, folder: CacheFolder): void {
    const name = dir.slice(job.folder.length + 1);
    for (const other of folder.list()) if (other.startsWith(`${job.kind}-`) && other !== name) folder.remove(join(job.folder, other));
    folder.makeFolders(...["parts", "errors", "logs"].map((sub) => join(name, sub)));
    const plan: Plan = {
      version: PLAN_VERSION,
      kind: job.kind,
      label: job.label,
      key: job.key,
      context: job.context,
      inputs: job.inputs,
      descriptions: job.inputs.map((_, i) => job.describe(i)),
      root: job.folder,
    };
    const text = `${JSON.stringify(plan, null, 1)}\n`;
    const path = join(dir, "plan.json");
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) folder.write(path, text);
    const [node, bin] = blueetlCommand();
    folder.write(join(dir, "task.sh"), `#!/bin/sh\n# A task of ${job.label}: blueetl task <plan> <index>\nexec ${quote(node!)} ${quote(bin!)} task ${quote(path)} "$SLURM_ARRAY_TASK_ID"\n`);
  }

  /** What a task left before it is run again: its error, and the temporary file of a part it was writing when it was killed. */
  private clearTask(folder: CacheFolder, dir: string, index: number): void {
    folder.remove(errorFile(dir, index));
    for (const name of folder.list(join(dir, "parts"))) if (name.startsWith(`.${index}.part.`)) folder.remove(join(dir, "parts", name));
  }

  private kept(job: Job, dir: string, index: number): TaskOutput | undefined {
    const output = readPart(partFile(dir, index), job.key, index);
    return output && (job.reusable?.(output, index) ?? true) ? output : undefined;
  }

  private submit(job: Job, dir: string, folder: CacheFolder, indices: number[]) {
    const args = [
      `--array=${arraySpec(indices, this.options.arrayParallelism)}`,
      `--job-name=blueetl-${job.kind}`,
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
  private async watch(job: Job, dir: string, jobId: string, indices: number[], over: () => boolean, pollMs: number): Promise<void> {
    let interrupted: string | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (interrupted) process.exit(130);
      interrupted = signal;
      const failed = cancel(jobId);
      this.options.logger?.warn(`${signal}: SLURM job ${jobId} ${failed ? `could not be cancelled: ${failed}` : "cancelled (scancel)"}`);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const label = `${job.label}: SLURM job ${jobId}`;
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
    throw new Cancelled(`${job.label}: interrupted (${interrupted}); SLURM job ${jobId} was cancelled. The parts done are kept: run the same command again to go on.`);
  }

  /** The job that carries the run on after the array (whatever its outcome: it reports failures). */
  private async detach(job: Job, dir: string, folder: CacheFolder, arrayJob: string): Promise<Detached> {
    if (!this.options.continuation) throw new SlurmError(`${job.label}: cannot detach (--no-wait) without a command to carry the run on`);
    const [node, bin] = blueetlCommand();
    const command = [node!, bin!, ...this.options.continuation, "--after-job", arrayJob].map(quote).join(" ");
    const script = join(job.folder, `continue-${arrayJob}.sh`);
    folder.write(script, `#!/bin/sh\n# Carries the run on after SLURM job ${arrayJob} (${job.label})\nexec ${command}\n`);
    // Beside the jobs' folders, not in one: a job's folder goes once its parts are merged, by this very job.
    const log = join(job.folder, `continue-${arrayJob}.log`);
    const args = [`--dependency=afterany:${arrayJob}`, `--job-name=blueetl-continue`, `--output=${log}`, `--chdir=${process.cwd()}`, "--export=ALL", ...sbatchOptions(this.options)];
    const continuation = await submit(args, script, false).id;
    return new Detached(job.label, arrayJob, continuation, log);
  }

  private failures(job: Job, dir: string, indices: number[], jobId: string): TaskFailures {
    const failures = indices.map((index) => {
      let reason = "no result: the task was cancelled or killed (time limit, memory, node failure), see its log";
      try {
        reason = readFileSync(errorFile(dir, index), "utf8").trim().split("\n").slice(0, 3).join(" / ");
      } catch {}
      const log = logFile(dir, jobId, index);
      return { index, task: job.describe(index), reason, log: existsSync(log) ? log : undefined };
    });
    return new TaskFailures(job.label, jobId, failures, job.inputs.length);
  }
}

function indicesOf(outputs: Array<TaskOutput | undefined>): number[] {
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

/** Read a plan written by `prepare`; an error naming the file when it is not one. */
export function readPlan(path: string): Plan {
  let plan: Plan;
  try {
    plan = JSON.parse(readFileSync(path, "utf8")) as Plan;
  } catch (error) {
    throw new SlurmError(`cannot read the task plan ${path}: ${(error as Error).message}`);
  }
  if (plan.version !== PLAN_VERSION || !Array.isArray(plan.inputs)) throw new SlurmError(`${path} is not a task plan of this version of blueetl`);
  return plan;
}
