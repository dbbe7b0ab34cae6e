// One Parquet table read as the cache reads it (row groups in place), or by the IPC reader of
// before: `node --import ./bin/register.js bench/read-table.ts <file.parquet> [ipc]`. Prints wall
// and CPU time and the peak RSS.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { decodeParquet } from "../src/cache/parquet-read.ts";

const [path, how = "default"] = process.argv.slice(2);
const fd = openSync(path!, "r");
const source = { size: fstatSync(fd).size, read: (into: Uint8Array, at: number) => void readSync(fd, into, 0, into.length, at) };
const options = how === "ipc" ? { transfer: "ipc" as const } : {};
const cpu = process.cpuUsage();
const start = performance.now();
const frame = decodeParquet(source, options);
const wall = (performance.now() - start) / 1000;
const used = process.cpuUsage(cpu);
closeSync(fd);
console.log(JSON.stringify({ how, rows: frame.length, wallS: +wall.toFixed(2), cpuS: +((used.user + used.system) / 1e6).toFixed(2), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
