/**
 * A job: work split into tasks that can run anywhere (in this process, in worker threads, as a
 * SLURM job array), each known by its index and its serialisable input. Whatever runs them, the
 * outputs come back in task order and the caller merges them; no executor decides what is cached.
 */
import type { DataFrame } from "../frame/index.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Job<I extends Json = Json> {
  /** The runner of the tasks, by name: a task running elsewhere finds it under this name. */
  kind: string;
  /** For messages and job names: e.g. `spikes: report`. */
  label: string;
  /** What every task needs besides its own input (serialisable). */
  context: Json;
  /** The input of each task, in task order. */
  inputs: I[];
  /** A task in the words of the domain, for messages: e.g. `simulations 3, 4`. */
  describe(index: number): string;
  /** Where a remote executor keeps the tasks' files (plan, parts, logs): a folder on the shared file system. */
  folder: string;
  /** The identity of the work (its config and inputs): the parts of an earlier run with the same key are reused. */
  key: string;
  /** Whether a part kept from an earlier run still holds (e.g. the files it read are unchanged); true when absent. */
  reusable?(output: TaskOutput, index: number): boolean;
}

/** What a task returns: tables, and information for the merge (e.g. the input files it read). */
export interface TaskOutput {
  tables: Record<string, DataFrame>;
  info: Json;
}

/** Runs one task of a job from the job's context and the task's input. */
export type TaskRunner = (context: Json, input: Json, index: number) => Promise<TaskOutput>;

/** Where the tasks of a job run. */
export interface Executor {
  readonly name: string;
  /** Run every task of the job (those not already done, for an executor that keeps parts); the outputs in task order. */
  run(job: Job, runner: TaskRunner): Promise<TaskOutput[]>;
  /** The job's outputs are merged and stored: what the executor kept of it (parts, logs) can go. */
  forget?(job: Job): void;
}

/** The tasks run one after the other, in this process. */
export class InlineExecutor implements Executor {
  readonly name = "inline";

  async run(job: Job, runner: TaskRunner): Promise<TaskOutput[]> {
    const outputs: TaskOutput[] = [];
    for (let i = 0; i < job.inputs.length; i++) outputs.push(await runner(job.context, job.inputs[i]!, i));
    return outputs;
  }
}
