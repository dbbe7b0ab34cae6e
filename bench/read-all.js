// A warm run that reads every table back: runFromFile on a complete cache, then every repo table
// and every features table (not the concatenated views) touched once. Runs the bundled package,
// as the command line does, and reports its peak memory as measure.js does.
import { bundledCli } from "../bin/bundle.js";

process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nbench: ${JSON.stringify({ maxRssKB: usage.maxRSS, cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
});
const bundle = await bundledCli();
const { runFromFile, stderrLogger } = await import(bundle ? bundle.aliases["blueetl"] : "../src/index.ts");
const ma = await runFromFile(process.argv[2], { logger: stderrLogger("info") });
let rows = 0;
for (const name of ma.names) {
  const analysis = ma.analysis(name);
  for (const table of analysis.repo.names) rows += analysis.repo.df(table).length;
  for (const [, feature] of analysis.features.tables()) rows += feature.df.length;
}
await ma.close();
process.stderr.write(`read ${rows} rows\n`);
