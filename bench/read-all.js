// A warm run that reads every table back: runFromFile on a complete cache, then every repo table
// and every features table (not the concatenated views) touched once. Runs the package's bundle
// (dist/bundle, made by `npm run build`), as the command line does, else the sources, and reports
// its peak memory and CPU time as measure.js does.
import { existsSync } from "node:fs";

process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nbench: ${JSON.stringify({ maxRssKB: usage.maxRSS, cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
});
const bundle = new URL("../dist/bundle/index.js", import.meta.url);
if (!existsSync(bundle)) await import("../bin/register.js");
const { runFromFile, stderrLogger } = await import(existsSync(bundle) ? bundle.href : "../src/index.ts");
const ma = await runFromFile(process.argv[2], { logger: stderrLogger("info") });
let rows = 0;
for (const name of ma.names) {
  const analysis = ma.analysis(name);
  for (const table of analysis.repo.names) rows += analysis.repo.df(table).length;
  for (const [, feature] of analysis.features.tables()) rows += feature.df.length;
}
await ma.close();
process.stderr.write(`read ${rows} rows\n`);
