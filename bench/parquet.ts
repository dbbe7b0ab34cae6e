/**
 * Writing and reading the cache's Parquet files, measured apart from the rest of a run: each
 * table of a cache folder decoded to our table type, then encoded with several compressions,
 * row-group sizes and dictionary settings; the time and the size of each.
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
import { decodeTable, toArrow } from "../src/cache/index.ts";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { "rows-min": { type: "string", default: "1000000" } } });
const dir = positionals[0];
if (!dir) throw new Error("usage: bench/parquet.ts <cache folder>");

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

const files = ["repo", "features"].flatMap((sub) =>
  readdirSync(join(dir, sub)).filter((f) => f.endsWith(".parquet")).map((f) => join(dir, sub, f)),
);
const seen = new Set<string>();
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  let started = performance.now();
  const frame = decodeTable(bytes, "parquet");
  const decodeSeconds = seconds(started);
  if (frame.length < Number(values["rows-min"])) continue;
  const shape = `${frame.names.join(",")}:${frame.length}`;
  if (seen.has(shape)) continue;
  seen.add(shape);
  console.log(`\n${file}: ${frame.length} rows, ${(bytes.length / 2 ** 20).toFixed(1)} MB; decoded in ${decodeSeconds} s`);
  started = performance.now();
  const table = toArrow(frame);
  const ipc = arrow.tableToIPC(table, "stream");
  console.log(`  to Arrow + IPC: ${seconds(started)} s`);
  const categorical = table.schema.fields.filter((f) => arrow.DataType.isDictionary(f.type)).map((f) => f.name);
  const plain = table.schema.fields.filter((f) => ["Int16", "Float32"].includes(String(f.type))).map((f) => f.name);
  const dictionaryOnlyFor = (b: parquet.WriterPropertiesBuilder) => categorical.reduce((builder, name) => builder.setColumnDictionaryEnabled(name, true), b.setDictionaryEnabled(false));
  const variants: Array<[string, (b: parquet.WriterPropertiesBuilder) => parquet.WriterPropertiesBuilder]> = [
    ["zstd, dictionary for categoricals", (b) => dictionaryOnlyFor(b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 20))],
    ["zstd, dict. categoricals, no stats", (b) => dictionaryOnlyFor(b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 20)).setStatisticsEnabled(parquet.EnabledStatistics.None)],
    ["snappy, dict. categoricals, no stats", (b) => dictionaryOnlyFor(b.setCompression(parquet.Compression.SNAPPY).setMaxRowGroupSize(1 << 20)).setStatisticsEnabled(parquet.EnabledStatistics.None)],
    ["zstd, 1M rows/group", (b) => b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 20)],
    [
      "zstd, no stats, no dict. for int16/float32 (current)",
      (b) =>
        plain.reduce((builder, name) => builder.setColumnDictionaryEnabled(name, false), b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 20).setStatisticsEnabled(parquet.EnabledStatistics.None)),
    ],
    ["zstd, 128k rows/group", (b) => b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 17)],
    ["zstd, 4M rows/group", (b) => b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 22)],
    ["zstd, no dictionary", (b) => b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 20).setDictionaryEnabled(false)],
    ["zstd, statistics per row group only", (b) => b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 20).setStatisticsEnabled(parquet.EnabledStatistics.Chunk)],
    ["zstd, no statistics", (b) => b.setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(1 << 20).setStatisticsEnabled(parquet.EnabledStatistics.None)],
    ["snappy", (b) => b.setCompression(parquet.Compression.SNAPPY).setMaxRowGroupSize(1 << 20)],
    ["lz4", (b) => b.setCompression(parquet.Compression.LZ4_RAW).setMaxRowGroupSize(1 << 20)],
    ["uncompressed", (b) => b.setCompression(parquet.Compression.UNCOMPRESSED).setMaxRowGroupSize(1 << 20)],
  ];
  // The best of three runs of each: the machine's noise is of the order of the differences.
  for (const [name, configure] of variants) {
    let write = Infinity;
    let read = Infinity;
    let size = 0;
    for (let run = 0; run < 3; run++) {
      started = performance.now();
      const properties = configure(new parquet.WriterPropertiesBuilder()).build();
      const written = parquet.writeParquet(parquet.Table.fromIPCStream(ipc), properties);
      write = Math.min(write, performance.now() - started);
      started = performance.now();
      decodeTable(written, "parquet");
      read = Math.min(read, performance.now() - started);
      size = written.length;
    }
    console.log(`  ${name.padEnd(36)} write ${(write / 1000).toFixed(2).padStart(6)} s  read ${(read / 1000).toFixed(2).padStart(6)} s  ${(size / 2 ** 20).toFixed(1).padStart(7)} MB`);
  }
}
