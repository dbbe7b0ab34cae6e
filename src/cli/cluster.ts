/**
 * The command line's part for clusters: the executor options of `run` (also taken by `export`
 * and `report`), `cluster-test`, and `task`, the command each SLURM task runs.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { type ClusterOptions, runTask } from "../analysis/index.ts";
import { clusterTest } from "../executor/index.ts";
import type { Terminal } from "./progress.ts";

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected an integer >= 1, got '${value}'`);
  return n;
}

/** The options of the SLURM jobs, shared by `run`, `export`, `report` and `cluster-test`. */
function slurmOptions(command: Command): Command {
  return command
    .option("--partition <name>", "SLURM partition of the tasks")
    .option("--time <limit>", "time limit of each task (sbatch --time, e.g. 30 or 2:00:00)")
    .option("--mem <size>", "memory of each task (sbatch --mem, e.g. 4G)")
    .option("--array-parallelism <n>", "the most tasks of an array running at once", positive)
    .option("--sbatch-arg <arg>", "another sbatch argument, for every job (repeatable: --sbatch-arg=--account=proj42)", (arg: string, all: string[]) => [...all, arg], []);
}

/** `--executor slurm` and its options (the config's `cluster` section gives the defaults). */
export function executorOptions(command: Command): Command {
  return slurmOptions(command.addOption(new Option("--executor <executor>", "where the work runs: in this process, or as SLURM job arrays").choices(["local", "slurm"])))
    .option("--simulations-per-task <n>", "simulations per task of the report extraction (default 1)", positive)
    .option("--feature-tasks <n>", "tasks per features computation, each a chunk of the groups (default: one per simulation, at most 16)", positive)
    .option("--wait", "wait for the tasks and merge their parts (the default)")
    .option("--no-wait", "submit the tasks and a job that merges them and carries the run on, then return")
    .addOption(new Option("--after-job <id>", "the run carries on after SLURM job <id> (set by --no-wait)").hideHelp());
}

function slurmOf(options: Record<string, unknown>) {
  return {
    partition: options["partition"] as string | undefined,
    time: options["time"] as string | undefined,
    mem: options["mem"] as string | undefined,
    arrayParallelism: options["arrayParallelism"] as number | undefined,
    sbatchArgs: options["sbatchArg"] as string[] | undefined,
  };
}

export function clusterOptionsOf(options: Record<string, unknown>): ClusterOptions {
  return {
    ...slurmOf(options),
    executor: options["executor"] as "local" | "slurm" | undefined,
    simulationsPerTask: options["simulationsPerTask"] as number | undefined,
    featureTasks: options["featureTasks"] as number | undefined,
    wait: options["wait"] as boolean | undefined,
    afterJob: options["afterJob"] as string | undefined,
  };
}

export function clusterCommands(program: Command, terminal: (options: Record<string, unknown>) => Terminal): void {
  slurmOptions(
    program
      .command("cluster-test")
      .description("Submit a tiny SLURM job array that runs this command on the nodes and writes into a folder, and say whether the cluster works for `run --executor slurm`.")
      .option("--dir <folder>", "a folder on the shared file system for the test's files (default: the current folder)")
      .option("--tasks <n>", "tasks of the test array", positive, 2)
      .option("-v, --verbose", "say what is submitted", (_, n: number) => n + 1, 0),
  ).action(async (options: Record<string, unknown>) => {
    const term = terminal(options);
    const result = await clusterTest({ ...slurmOf(options), dir: options["dir"] as string | undefined, tasks: options["tasks"] as number, logger: term.logger });
    console.log(result.report);
  });

  program
    .command("task")
    .description("Run one task of a job of `run --executor slurm` and leave its part in the job's folder (what each SLURM task runs).")
    .argument("<job folder>", "the job's folder (in the cache's cluster folder)")
    .argument("[index]", "the task (default: $SLURM_ARRAY_TASK_ID)")
    .action(async (dir: string, index: string | undefined) => {
      const task = index ?? process.env["SLURM_ARRAY_TASK_ID"];
      if (task === undefined || !/^\d+$/.test(task)) throw new InvalidArgumentError(`the task index must be an integer (or SLURM_ARRAY_TASK_ID set), got '${task ?? ""}'`);
      await runTask(dir, Number(task));
    });
}
