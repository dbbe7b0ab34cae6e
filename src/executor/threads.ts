/**
 * Tasks on worker threads (worker.ts), one task at a time per thread; the threads end when the
 * executor is closed. A thread keeps the process alive only while it runs a task, so that an
 * executor started early and never used holds nothing up.
 */
import { Worker } from "node:worker_threads";
import { type Executor, InOrder } from "./executor.ts";
import type { TaskInput, TaskKind, TaskOutput } from "./tasks.ts";

interface Pending {
  kind: TaskKind;
  input: unknown;
  index: number;
  done: (output: unknown) => void;
  fail: (error: Error) => void;
}

export class ThreadExecutor implements Executor {
  private readonly threads: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();

  constructor(readonly workers: number) {}

  async map<K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onResult: (output: TaskOutput<K>, index: number) => void): Promise<void> {
    const ordered = new InOrder(onResult);
    await Promise.all(
      inputs.map(
        (input, index) =>
          new Promise<void>((resolve, reject) => {
            this.queue.push({ kind, input, index, done: (output) => resolve(ordered.add(index, output as TaskOutput<K>)), fail: reject });
            this.dispatch();
          }),
      ),
    );
  }

  start(kind: TaskKind): void {
    while (this.threads.length < this.workers) this.idle.push(this.spawn());
    for (const thread of this.threads) thread.postMessage({ prepare: kind });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.terminate()));
    this.threads.length = 0;
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const thread = this.idle.pop() ?? (this.threads.length < this.workers ? this.spawn() : undefined);
      if (!thread) return;
      const task = this.queue.shift()!;
      this.running.set(thread, task);
      thread.ref();
      thread.postMessage({ kind: task.kind, input: task.input });
    }
  }

  private spawn(): Worker {
    const thread = new Worker(...workerScript());
    thread.on("message", (message: { output?: unknown; error?: { message: string; name: string } }) => {
      const task = this.running.get(thread)!;
      this.running.delete(thread);
      thread.unref();
      this.idle.push(thread);
      if (message.error) task.fail(Object.assign(new Error(message.error.message), { name: message.error.name }));
      else task.done(message.output);
      this.dispatch();
    });
    const gone = (error: Error) => {
      const task = this.running.get(thread);
      this.running.delete(thread);
      // "error" is followed by "exit": the thread is dropped once.
      for (const list of [this.threads, this.idle]) if (list.includes(thread)) list.splice(list.indexOf(thread), 1);
      task?.fail(error);
    };
    thread.on("error", gone);
    thread.on("exit", (code) => gone(new Error(`a worker thread stopped (exit code ${code})`)));
    thread.unref();
    this.threads.push(thread);
    return thread;
  }
}

/**
 * The worker's module beside this one: in the sources (run through tsx, registered in the thread
 * too), in dist/ (tsc) or in the bundle of dist/bundle/ (bin/build.js).
 */
function workerScript(): [URL, { execArgv?: string[] }] {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const register = new URL("../../bin/register.js", here).pathname;
    const registered = process.execArgv.some((arg, i) => arg.endsWith("register.js") && process.execArgv[i - 1] === "--import");
    return [new URL("./worker.ts", here), { execArgv: registered ? process.execArgv : [...process.execArgv, "--import", register] }];
  }
  return [new URL(here.includes("/dist/bundle/") ? "./executor-worker.js" : "./worker.js", here), {}];
}
