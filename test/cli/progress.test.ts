/**
 * The progress bars on a real terminal: `blueetl run` in a pseudo-terminal (util-linux's
 * `script`), its frames read back. Each bar names its analysis and step, its clock grows while
 * the step runs, it shows an ETA, and it ends full; piped, nothing but log records is written.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";
import { makeCampaign } from "../../src/generate/index.ts";
import { DEFAULT_CAMPAIGN } from "../../src/generate/index.ts";
import { BLUEETL, blueetl } from "../cli.ts";
import { needs } from "../requirements.ts";
import { tempDir } from "../tmp.ts";

const hasScript = spawnSync("script", ["--version"]).status === 0;

interface Frame {
  done: number;
  total: number;
  elapsed: number;
  eta: boolean;
  step: string;
}

/** Every frame drawn: the text between carriage returns and newlines, parsed. */
function frames(output: string): Frame[] {
  const parsed: Frame[] = [];
  for (const text of output.replace(/\x1b\[K/g, "").split(/[\r\n]+/)) {
    // The detail of what is under way (a simulation, the tables left to write) is not part of the step.
    const match = /^\[[#-]{20}\] ([\d.]+k?M?)\/([\d.]+k?M?) (\d+\.\d)s(, ETA [\d.]+s)? (.+?)(?: \((?:simulation \d+|rows; \d+ tables? left)\))?$/.exec(text);
    if (!match) continue;
    const units = (n: string) => (n.endsWith("k") ? Number(n.slice(0, -1)) * 1e3 : n.endsWith("M") ? Number(n.slice(0, -1)) * 1e6 : Number(n));
    parsed.push({ done: units(match[1]!), total: units(match[2]!), elapsed: Number(match[3]), eta: Boolean(match[4]), step: match[5]! });
  }
  return parsed;
}

describe("progress bars", () => {
  test("on a terminal: the analysis and step named, the elapsed time growing, an ETA, the bar full at the end; none when piped", needs(hasScript, "needs script (util-linux) for a pseudo-terminal"), async () => {
    const out = join(tempDir("progress"), "campaign");
    const campaign = await makeCampaign({ ...DEFAULT_CAMPAIGN, out, neurons: 1200, sims: 3, durationMs: 1000, somaNodes: 200 });
    // A terminal 200 columns wide, so that no line is cut.
    const command = `stty cols 200 rows 40; exec ${process.execPath} ${BLUEETL} run ${campaign.analysisConfig}`;
    const run = spawnSync("script", ["-qfec", command, "/dev/null"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout);
    const drawn = frames(run.stdout);
    const steps = new Map<string, Frame[]>();
    for (const frame of drawn) steps.set(frame.step, [...(steps.get(frame.step) ?? []), frame]);
    for (const step of ["spikes: extracting the spikes report", "soma: extracting the soma report", "soma: calculating features[0] (calculate_features_by_simulation_circuit)", "spikes: writing the cache"]) {
      assert.ok(steps.has(step), `no bar for '${step}' in: ${[...steps.keys()].join("; ")}`);
    }
    for (const [step, shown] of steps) {
      assert.match(step, /^(spikes|soma): /, "each bar names its analysis");
      assert.equal(shown.at(-1)!.done, shown.at(-1)!.total, `${step} ends full`);
      assert.ok(shown.every((f, i) => i === 0 || f.elapsed >= shown[i - 1]!.elapsed), `${step}: its clock never goes back`);
      assert.ok(shown.every((f) => f.eta === (f.done > 0 && f.done < f.total)), `${step}: an ETA while it runs, and only then`);
    }
    const soma = steps.get("soma: calculating features[0] (calculate_features_by_simulation_circuit)")!;
    assert.ok(new Set(soma.map((f) => f.elapsed)).size >= 3, `the clock grows: ${soma.map((f) => f.elapsed).join(", ")}`);
    assert.ok(soma.some((f) => f.eta));
    const piped = blueetl(["run", campaign.analysisConfig]);
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(piped.stderr, "");
  });
});
