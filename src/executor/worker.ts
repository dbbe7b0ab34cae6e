/** A worker thread of ThreadExecutor: runs each task it is sent, answers with its result, its typed arrays moved. */
import { parentPort } from "node:worker_threads";
import { runTask } from "./executor.ts";
import { PREPARE, type TaskKind } from "./tasks.ts";

parentPort?.on("message", async ({ kind, input, prepare }: { kind: TaskKind; input: never; prepare?: TaskKind }) => {
  // A failure here is the first task's to report.
  if (prepare) return void PREPARE[prepare]?.().catch(() => {});
  try {
    const output = await runTask(kind, input);
    parentPort?.postMessage({ output }, buffersOf(output));
  } catch (error) {
    const { message, name } = error instanceof Error ? error : new Error(String(error));
    parentPort?.postMessage({ error: { message, name } });
  }
});

/** The buffers of the typed arrays among a result's values (moved, not copied), each once. */
function buffersOf(output: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(output as object)) if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  return [...buffers];
}
