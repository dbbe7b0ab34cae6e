/**
 * The Parquet writers compared on the tables of a cache folder (each table decoded to our table
 * type, then written by each writer): DuckDB as the cache writes (a writer thread fed the row
 * groups, parquet-worker.js) and parquet-wasm with the settings it had (zstd, no statistics, no
 * dictionary for int16 and float32 columns), best of 3 each: wall time, CPU time of the process
 * (threads included), size; then the time to read the file back with our reader.
 *
 *   node --import ./bin/register.js bench/parquet.ts <cache folder> [--rows-min 1000000]
 *
 * (e.g. .bench/ladder/M/analysis_output/spikes after `npm run bench -- --size M`).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { decodeTable, encodeTable, toArrow } from "../src/cache/index.ts";
import type { DataFrame } from "../src/frame/index.ts";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { "rows-min": { type: "string", default: "1000000" } } });
const dir = positionals[0];
if (!dir) throw new Error("usage: bench/parquet.ts <cache folder>");
const ROW_GROUP = 1 << 20;

/** parquet-wasm as the cache used it: one IPC stream per row group, encoded and freed one by one. */
function parquetWasm(frame: DataFrame): Uint8Array {
  const table = toArrow(frame);
  const plain = table.schema.fields.filter((f) => ["Int16", "Float32"].includes(String(f.type))).map((f) => f.name);
  const properties = plain
    .reduce(
      (b, name) => b.setColumnDictionaryEnabled(name, false),
      new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(ROW_GROUP).setStatisticsEnabled(parquet.EnabledStatistics.None),
    )
    .build();
  return parquet.writeParquet(parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream")), properties);
}

const writers: Array<[string, (frame: DataFrame) => Promise<Uint8Array> | Uint8Array]> = [
  ["DuckDB (writer thread)", (frame) => encodeTable(frame, "parquet")],
  ["parquet-wasm (main thread)", parquetWasm],
];

const files = ["repo", "features"].flatMap((sub) => readdirSync(join(dir, sub)).filter((f) => f.endsWith(".parquet")).map((f) => join(dir, sub, f)));
const seen = new Set<string>();
console.log(`load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
for (const file of files) {
  const frame = decodeTable(new Uint8Array(readFileSync(file)), "parquet");
  if (frame.length < Number(values["rows-min"])) continue;
  const shape = `${frame.names.join(",")}:${frame.length}`;
  if (seen.has(shape)) continue;
  seen.add(shape);
  console.log(`\n${file}: ${frame.length} rows, columns ${frame.names.map((n) => `${n} (${frame.column(n).dtype})`).join(", ")}`);
  for (const [name, write] of writers) {
    let wall = Infinity;
    let cpu = Infinity;
    let read = Infinity;
    let size = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const usage = process.cpuUsage();
      const bytes = await write(frame);
      wall = Math.min(wall, performance.now() - started);
      const used = process.cpuUsage(usage);
      cpu = Math.min(cpu, (used.user + used.system) / 1000);
      size = bytes.length;
      const reading = performance.now();
      decodeTable(bytes, "parquet");
      read = Math.min(read, performance.now() - reading);
    }
    const s = (ms: number) => (ms / 1000).toFixed(2).padStart(6);
    console.log(`  ${name.padEnd(28)} write ${s(wall)} s (CPU ${s(cpu)} s, ${(frame.length / (wall / 1000) / 1e6).toFixed(1)}M rows/s)  ${(size / 2 ** 20).toFixed(1).padStart(7)} MB  read back ${s(read)} s`);
  }
}
