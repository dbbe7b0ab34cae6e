// Runs the `blueetl` command in this very process and, at exit, reports its peak memory and CPU
// time (worker threads included) as the last line of stderr: `bench: {"maxRssKB": N,
// "treeMaxRssKB": M, "cpuS": C}`,
// M sampling every 50 ms this process and its child processes together (the Python workers).
import { readFileSync } from "node:fs";

const rssKB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
let treeMax = 0;
const sample = () => {
  try {
    const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").split(" ").filter(Boolean);
    let total = rssKB(process.pid);
    for (const child of children) {
      try {
        total += rssKB(child);
      } catch {}
    }
    treeMax = Math.max(treeMax, total);
  } catch {}
};
setInterval(sample, 50).unref();
process.on("exit", () => {
  sample();
  const usage = process.resourceUsage();
  const cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stderr.write(`\nbench: ${JSON.stringify({ maxRssKB: usage.maxRSS, treeMaxRssKB: Math.max(treeMax, usage.maxRSS), cpuS })}\n`);
});
await import("../bin/blueetl.js");
