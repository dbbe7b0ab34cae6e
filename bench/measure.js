// Runs the `blueetl` command in this very process and, at exit, reports its peak memory (worker
// threads included) as the last line of stderr: `bench: {"maxRssKB": N, "treeMaxRssKB": M}`,
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
  const maxRssKB = process.resourceUsage().maxRSS;
  process.stderr.write(`\nbench: ${JSON.stringify({ maxRssKB, treeMaxRssKB: Math.max(treeMax, maxRssKB) })}\n`);
});
await import("../bin/blueetl.js");
