/**
 * The files a job leaves on the shared file system: each task's input (`inputs/<index>.bin`:
 * its kind, its key and its input) and each task's output (`parts/<index>.part`), in V8's
 * serialisation (structured clone: typed arrays, plain objects and values, as worker threads pass
 * them; the same Node.js runs every task). Each is written through a checked, fsynced temporary
 * file renamed into place: whole or absent.
 */
import { readFileSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import { CacheFolder } from "../cache/index.ts";

const INPUT = "blueetl-task-input-1";
// 2: the report's parts carry their keys in runs (extract/report-part.ts).
const PART = "blueetl-task-part-2";

/** What a task finds in its input file. */
export interface TaskFile {
  kind: string;
  label: string;
  /** The identity of the task (a hash of its kind and input): its part is kept for a rerun with the same key. */
  key: string;
  index: number;
  /** The folder of the job's folder: the task writes nothing outside it. */
  root: string;
  input: unknown;
}

export function writeTaskFile(path: string, task: TaskFile): void {
  new CacheFolder(task.root).write(path, serialize({ format: INPUT, ...task }));
}

export function readTaskFile(path: string): TaskFile {
  let value: (TaskFile & { format?: string }) | undefined;
  try {
    value = deserialize(readFileSync(path)) as TaskFile & { format?: string };
  } catch (error) {
    throw new Error(`cannot read the task ${path}: ${(error as Error).message}`);
  }
  if (value?.format !== INPUT) throw new Error(`${path} is not a task of this version of blueetl`);
  return value;
}

/** Write the output of task `index` at `path` (under `root`). */
export function writePart(root: string, path: string, key: string, index: number, output: unknown): void {
  new CacheFolder(root).write(path, serialize({ format: PART, key, index, output }));
}

/** The output in the part at `path` if it is whole and belongs to the task `key` at `index`; undefined otherwise. */
export function readPart(path: string, key: string, index: number): { output: unknown } | undefined {
  try {
    const part = deserialize(readFileSync(path)) as { format?: string; key?: string; index?: number; output?: unknown };
    return part.format === PART && part.key === key && part.index === index ? { output: part.output } : undefined;
  } catch {
    return undefined;
  }
}
