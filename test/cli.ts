/** The `blueetl` command run as a user runs it: a separate process, its exit code and output. */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

export const BLUEETL = join(import.meta.dirname, "..", "bin", "blueetl.js");

export function blueetl(args: string[], cwd?: string, env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BLUEETL, ...args], { cwd, env, encoding: "utf8" });
}

/** The command started in the background, for tests of concurrent runs and interrupted runs. */
export function startBlueetl(args: string[]) {
  return spawn(process.execPath, [BLUEETL, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}
