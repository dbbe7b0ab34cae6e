/**
 * The Python workers of a run: started when first needed, kept for the whole run (the user's
 * modules are imported once, each repository table crosses once per worker), closed with it.
 * The groups of a features request are cut into one contiguous range per worker.
 */
import * as arrow from "apache-arrow";
import { DataFrame, fromArrow, toArrow } from "../frame/index.ts";
import { PythonCallError, PythonError, PythonWorkerDied } from "./errors.ts";
import { type Interpreter, findInterpreter, parallelJobs } from "./interpreter.ts";
import { PythonWorker } from "./worker.ts";

/** A features config as the worker needs it. */
export interface PythonFeaturesConfig {
  function: string;
  type: "single" | "multi";
  name: string | null;
  params: Record<string, unknown>;
  /** Paths in `params` of the numbers written as floats (JavaScript's numbers cannot tell). */
  floats: ReadonlyArray<ReadonlyArray<string | number>>;
  suffix: string;
}

/** The merged table of all groups, one group after the other (features/merged.ts). */
export interface MergedTable {
  table: DataFrame;
  /** Rows of group g: starts[g] .. starts[g + 1]. */
  starts: Uint32Array;
  /** Whether a row of group g has no report row. */
  missing: Uint8Array;
  /** Integer report columns (integers where a group has every report row; float64 in `table`). */
  integers: DataFrame | undefined;
}

export interface FeaturesRequest {
  /** The repository the tables belong to (one name per analysis of the run). */
  repo: string;
  tables: Record<string, DataFrame>;
  configs: PythonFeaturesConfig[];
  /** The group keys, one row per group. */
  keys: DataFrame;
  merged: MergedTable;
  /** Groups done so far, summed over the workers. */
  progress?: (done: number) => void;
}

/** The tables a config made, by name: every group's rows, one group after the other. */
export interface GroupedResult {
  /** The index levels of the function's table are its first columns, named in `indexNames`. */
  frame: DataFrame;
  groupOf: Int32Array;
}

export interface PoolOptions {
  configFolder: string;
  interpreter?: Interpreter;
  jobs?: number;
  /** Python's logging level in the workers, as the run's (WARNING by default). */
  logLevel?: "DEBUG" | "INFO" | "WARNING" | "ERROR";
}

export class PythonPool {
  private readonly workers: PythonWorker[] = [];
  private readonly interpreter: Interpreter;
  private readonly jobs: number;
  /** Repository tables as Arrow IPC streams, by `repo/name` (each worker asks for a table once). */
  private readonly encoded = new Map<string, { table: DataFrame; ipc: Uint8Array }>();

  constructor(private readonly options: PoolOptions) {
    this.interpreter = options.interpreter ?? findInterpreter();
    this.jobs = options.jobs ?? parallelJobs();
  }

  /** Every config's function called on every group; per config, its tables by name. */
  async features(request: FeaturesRequest): Promise<Array<Record<string, GroupedResult>>> {
    const groups = request.keys.length;
    const chunks = Math.min(this.jobs, groups);
    const done = new Int32Array(chunks);
    const bounds = Array.from({ length: chunks + 1 }, (_, i) => Math.round((i * groups) / chunks));
    const results = await Promise.all(
      Array.from({ length: chunks }, async (_, c) => {
        const worker = this.worker(c);
        const [first, end] = [bounds[c]!, bounds[c + 1]!];
        const frame = await worker
          .request({
          header: { op: "features", repo: request.repo, fields: request.keys.names, configs: request.configs },
          parts: chunkParts(request, first, end),
          onCall: (group) => {
            if (group === done[c]) return;
            done[c] = group;
            request.progress?.(done.reduce((a, b) => a + b, 0));
          },
          table: (repo, name) => this.table(repo, name, request.tables[name]),
          })
          .catch((error: unknown) => {
            throw inRequest(error, first);
          });
        done[c] = end - first;
        request.progress?.(done.reduce((a, b) => a + b, 0));
        return decodeTables(frame.header["tables"] as TableDescription[], frame.parts, request.configs.length, first);
      }),
    );
    return request.configs.map((_, c) => joinChunks(results.map((r) => r[c]!)));
  }

  /**
   * Start the workers now, importing pandas, pyarrow and the functions, while the repository is
   * extracted (the first request then finds them ready).
   */
  prestart(functions: readonly string[]): void {
    for (let i = 0; i < this.jobs; i++) {
      // Errors come again, with their context, from the first real request.
      this.worker(i).request({ header: { op: "import", functions }, parts: [] }).catch(() => {});
    }
  }

  /** A trial steps function's number for the spikes of each trial. */
  async trialSteps(name: string, spikes: readonly Float64Array[], params: Record<string, unknown>, floats: PythonFeaturesConfig["floats"] = []): Promise<number> {
    const offsets = new Uint32Array(spikes.length + 1);
    spikes.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.length));
    const values = new Float64Array(offsets[spikes.length]!);
    spikes.forEach((s, i) => values.set(s, offsets[i]!));
    const frame = await this.worker(0).request({ header: { op: "trial_steps", function: name, params, floats }, parts: [values, offsets] });
    const value = frame.header["value"];
    return typeof value === "number" ? value : value === "inf" ? Infinity : value === "-inf" ? -Infinity : NaN;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
  }

  private table(repo: string, name: string, table: DataFrame | undefined): Uint8Array | undefined {
    if (!table) return undefined;
    const id = `${repo}/${name}`;
    let entry = this.encoded.get(id);
    if (entry?.table !== table) this.encoded.set(id, (entry = { table, ipc: arrow.tableToIPC(toArrow(table), "stream") }));
    return entry.ipc;
  }

  private worker(i: number): PythonWorker {
    const level = this.options.logLevel ?? "WARNING";
    while (this.workers.length <= i) this.workers.push(new PythonWorker(this.interpreter, this.options.configFolder, { level, task: this.workers.length }));
    return this.workers[i]!;
  }
}

/** An error of the worker given the groups from `first` on, with its group numbered within the request. */
function inRequest(error: unknown, first: number): unknown {
  if (first === 0 || (error as { group?: number }).group === undefined) return error;
  if (error instanceof PythonCallError) return new PythonCallError(error.kind, error.detail, error.group! + first, error.config);
  if (error instanceof PythonWorkerDied) return new PythonWorkerDied(error.detail, error.group! + first, error.config);
  return error;
}

/** The binary parts of the groups [first, end): keys, merged rows, starts, missing, integers. */
function chunkParts(request: FeaturesRequest, first: number, end: number): Uint8Array[] {
  const { keys, merged } = request;
  const [from, to] = [merged.starts[first]!, merged.starts[end]!];
  const starts = merged.starts.slice(first, end + 1).map((s) => s - from);
  const ipc = (frame: DataFrame) => arrow.tableToIPC(toArrow(frame), "stream");
  const parts = [ipc(keys.slice(first, end)), ipc(merged.table.slice(from, to)), new Uint8Array(starts.buffer), merged.missing.slice(first, end)];
  if (merged.integers) parts.push(ipc(merged.integers.slice(from, to)));
  return parts;
}

interface TableDescription {
  config: number;
  name: string;
  index: string[];
  rows: number;
}

function decodeTables(tables: TableDescription[], parts: Uint8Array[], configs: number, firstGroup: number): Array<Record<string, GroupedResult>> {
  const out: Array<Record<string, GroupedResult>> = Array.from({ length: configs }, () => ({}));
  tables.forEach((t, i) => {
    const frame = fromArrow(arrow.tableFromIPC(parts[2 * i]!));
    const groups = parts[2 * i + 1]!;
    const groupOf = new Int32Array(groups.buffer.slice(groups.byteOffset, groups.byteOffset + groups.byteLength));
    if (firstGroup > 0) for (let r = 0; r < groupOf.length; r++) groupOf[r]! += firstGroup;
    out[t.config]![t.name] = { frame: new DataFrame(frame.entries(), { index: t.index }), groupOf };
  });
  return out;
}

/** The tables of each name from consecutive ranges of groups, as one. */
function joinChunks(chunks: Array<Record<string, GroupedResult>>): Record<string, GroupedResult> {
  if (chunks.length === 1) return chunks[0]!;
  const names = [...new Set(chunks.flatMap((c) => Object.keys(c)))];
  return Object.fromEntries(
    names.map((name) => {
      const parts = chunks.map((c) => c[name]).filter((p): p is GroupedResult => p !== undefined);
      const frame = parts.length === 1 ? parts[0]!.frame : concatFrames(parts.map((p) => p.frame), name);
      const groupOf = new Int32Array(parts.reduce((n, p) => n + p.groupOf.length, 0));
      let at = 0;
      for (const p of parts) groupOf.set(p.groupOf, (at += p.groupOf.length) - p.groupOf.length);
      return [name, { frame, groupOf }];
    }),
  );
}

function concatFrames(frames: DataFrame[], name: string): DataFrame {
  const names = frames[0]!.names.join(", ");
  const other = frames.find((f) => f.names.join(", ") !== names);
  if (other) throw new PythonError(`the tables '${name}' of different groups have different columns: [${names}] and [${other.names.join(", ")}]`);
  return DataFrame.concat(frames);
}
