/**
 * SLURM through its commands (`sbatch`, `scancel`, `sinfo`), as its users' tools drive it: no
 * accounting is assumed (`sacct` fails without slurmdbd), so a job's outcome is read from the
 * exit of `sbatch --wait` and from the files its tasks leave.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";

export class SlurmError extends Error {
  override name = "SlurmError";
}

/** Options of the jobs a run submits (the `cluster` section of the config, or the command line). */
export interface SlurmOptions {
  partition?: string | undefined;
  /** Time limit of each task (sbatch `--time`: `30`, `1:00:00`, `1-0`). */
  time?: string | undefined;
  /** Memory of each task (sbatch `--mem`: `4G`). */
  mem?: string | undefined;
  /** The most tasks of an array running at once (sbatch `--array=...%N`). */
  arrayParallelism?: number | undefined;
  /** Any other sbatch arguments, as given (e.g. `--account=proj42`, `--constraint=cpu`). */
  sbatchArgs?: readonly string[] | undefined;
}

/** sbatch's arguments for the options. */
export function sbatchOptions(options: SlurmOptions): string[] {
  const args: string[] = [];
  if (options.partition) args.push(`--partition=${options.partition}`);
  if (options.time) args.push(`--time=${options.time}`);
  if (options.mem) args.push(`--mem=${options.mem}`);
  return [...args, ...(options.sbatchArgs ?? [])];
}

/** Indices as a SLURM array spec: `0-3,5,7-9`, with `%N` for the parallelism. */
export function arraySpec(indices: readonly number[], parallelism?: number): string {
  const ranges: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    ranges.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return `${ranges.join(",")}${parallelism ? `%${parallelism}` : ""}`;
}

/** A job submitted with `sbatch --wait`: its id as soon as sbatch prints it, and the end of the wait. */
export interface Submission {
  id: Promise<string>;
  /** sbatch's exit: 0 when every task succeeded, else the largest exit code of the tasks (or sbatch's own failure). */
  done: Promise<{ code: number; stderr: string }>;
  /** Stop waiting (the job goes on). */
  stopWaiting(): void;
}

/** `sbatch --parsable [--wait] <args> <script>`. */
export function submit(args: readonly string[], script: string, wait: boolean): Submission {
  const child = spawnSlurm("sbatch", ["--parsable", ...(wait ? ["--wait"] : []), ...args, script]);
  let stdout = "";
  let stderr = "";
  let settleId: (id: string) => void;
  let failId: (error: Error) => void;
  const id = new Promise<string>((resolve, reject) => ((settleId = resolve), (failId = reject)));
  id.catch(() => {});
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    const line = stdout.split("\n")[0]!.trim();
    if (stdout.includes("\n") && /^\d+/.test(line)) settleId(line.split(";")[0]!);
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number; stderr: string }>((resolve) => {
    child.on("error", (error) => {
      failId(commandError("sbatch", error));
      resolve({ code: -1, stderr: error.message });
    });
    child.on("close", (code, signal) => {
      failId(new SlurmError(`sbatch failed${signal ? ` (${signal})` : ` with exit code ${code}`}: ${stderr.trim() || stdout.trim() || "no message"}`));
      resolve({ code: code ?? -1, stderr });
    });
  });
  return { id, done, stopWaiting: () => void child.kill("SIGTERM") };
}

/** Cancel a job (every task of an array); an error message when scancel failed, else undefined. */
export function cancel(jobId: string): string | undefined {
  const result = spawnSync("scancel", [jobId], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) return commandError("scancel", result.error).message;
  return result.status === 0 ? undefined : `scancel ${jobId}: ${result.stderr.trim()}`;
}

/** The array task indices of a job still pending or running (none when the job is over or unknown). */
export function queuedTasks(jobId: string): number[] | undefined {
  const result = spawnSync("squeue", ["-h", "-r", "-j", jobId, "-o", "%K"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) return undefined;
  if (result.status !== 0) return /Invalid job id/i.test(result.stderr) ? [] : undefined;
  return result.stdout.split("\n").map((l) => Number(l.trim())).filter((n) => Number.isInteger(n) && n >= 0);
}

/** Run a SLURM command to its end: its output, or an error naming the command and what it said. */
export function runSlurm(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) throw commandError(command, result.error);
  if (result.status !== 0) throw new SlurmError(`${command} ${args.join(" ")} failed with exit code ${result.status}: ${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout;
}

function spawnSlurm(command: string, args: readonly string[]): ChildProcess {
  return spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
}

function commandError(command: string, error: Error): SlurmError {
  const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
  return new SlurmError(missing ? `${command} not found: SLURM's commands must be on the PATH to run with --executor slurm` : `${command}: ${error.message}`);
}
