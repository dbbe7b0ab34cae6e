/**
 * The single-node SLURM cluster of the tests (test/slurm/cluster.sh): started when it is not
 * running, stopped at the end by the process that started it. Needs Debian's slurm-wlm and
 * munge (installed by .ci/run) and root (the daemons run as root): skipped without them outside
 * CI, a failure in CI.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { needs } from "../requirements.ts";

const SCRIPT = join(import.meta.dirname, "cluster.sh");
const installed = spawnSync("sh", ["-c", "command -v slurmctld && command -v munged"]).status === 0;
const root = process.getuid?.() === 0;

export const NEEDS_SLURM = needs(installed && root, installed ? "the test SLURM cluster runs its daemons as root" : "slurm-wlm and munge are not installed (apt-get install slurm-wlm munge)");

function script(command: "start" | "stop" | "status") {
  return spawnSync("bash", [SCRIPT, command], { encoding: "utf8" });
}

/** Start the cluster unless it runs; SLURM_CONF set for this process and its children; what stops it if this call started it. */
export function startCluster(): { seconds: number; stop: () => void } {
  const running = script("status").status === 0;
  const started = performance.now();
  const result = script("start");
  if (result.status !== 0) throw new Error(`the test SLURM cluster did not start:\n${result.stderr}${result.stdout}`);
  const conf = /SLURM_CONF=(\S+)/.exec(result.stdout)?.[1];
  if (!conf) throw new Error(`cluster.sh start said no SLURM_CONF: ${result.stdout}`);
  process.env["SLURM_CONF"] = conf;
  return { seconds: (performance.now() - started) / 1000, stop: () => void (running || script("stop")) };
}

/** The jobs of the cluster still queued or running, by name. */
export function queuedJobs(): string[] {
  const result = spawnSync("squeue", ["-h", "-o", "%i %j %T"], { encoding: "utf8" });
  return result.stdout.split("\n").filter((l) => l.trim() !== "");
}
