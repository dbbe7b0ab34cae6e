// Runs the `blueetl` command in this very process and, at exit, reports its peak memory (worker
// threads included) as the last line of stderr: `bench: {"maxRssKB": N}`.
process.on("exit", () => process.stderr.write(`\nbench: ${JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS })}\n`));
await import("../bin/blueetl.js");
