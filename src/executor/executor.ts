/**
 * Where the work runs. A piece of work is a list of tasks of one kind, each identified by its
 * index and described by a serialisable input (paths, typed arrays, plain values); each result is
 * transferable (typed arrays move between threads without a copy; a later backend writes them as
 * part files). Results are handed back in task order, whatever order they finish in, so that what
 * is merged from them is the same as an inline run's, bit for bit, whatever the number of workers.
 */
import { TASKS, type TaskKind, type TaskInput, type TaskOutput } from "./tasks.ts";

export interface Executor {
  /** Workers the executor runs tasks on (1 inline). */
  readonly workers: number;
  /** Run the tasks; `onResult` gets each result in task order. */
  map<K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onResult: (output: TaskOutput<K>, index: number) => void): Promise<void>;
  /** Start the workers now, each loading what tasks of `kind` need, while the caller does other work. */
  start(kind: TaskKind): void;
  close(): Promise<void>;
}

/** Tasks run one after the other in this thread. */
export class InlineExecutor implements Executor {
  readonly workers = 1;

  async map<K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onResult: (output: TaskOutput<K>, index: number) => void): Promise<void> {
    for (let i = 0; i < inputs.length; i++) onResult(await runTask(kind, inputs[i]!), i);
  }

  start(): void {}

  async close(): Promise<void> {}
}

export function runTask<K extends TaskKind>(kind: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
  return (TASKS[kind] as (input: TaskInput<K>) => Promise<TaskOutput<K>>)(input);
}

/** Results that may finish in any order, handed on in task order. */
export class InOrder<T> {
  private readonly waiting = new Map<number, T>();
  private next = 0;

  constructor(private readonly onResult: (output: T, index: number) => void) {}

  add(index: number, output: T): void {
    this.waiting.set(index, output);
    while (this.waiting.has(this.next)) {
      const ready = this.waiting.get(this.next)!;
      this.waiting.delete(this.next);
      this.onResult(ready, this.next++);
    }
  }
}
