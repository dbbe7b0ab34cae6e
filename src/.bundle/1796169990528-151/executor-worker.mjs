import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  runTask
} from "./chunk-TLEKJHOM.mjs";
import "./chunk-DRHB5ST4.mjs";
import "./chunk-UYHNWHV6.mjs";
import "./chunk-IZCYKTDL.mjs";
import "./chunk-V6Y2RHMF.mjs";
import "./chunk-75GTEED3.mjs";

// src/executor/worker.ts
import { parentPort } from "node:worker_threads";
parentPort?.on("message", async ({ kind, input }) => {
  try {
    const output = await runTask(kind, input);
    parentPort?.postMessage({ output }, buffersOf(output));
  } catch (error) {
    const { message, name } = error instanceof Error ? error : new Error(String(error));
    parentPort?.postMessage({ error: { message, name } });
  }
});
function buffersOf(output) {
  const buffers = /* @__PURE__ */ new Set();
  for (const value of Object.values(output)) if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  return [...buffers];
}
