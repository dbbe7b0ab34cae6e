import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { MultiAnalyzer } from "../../src/analysis/index.ts";
import { ConcatenatedFeatures } from "../../src/features/index.ts";
import { NEEDS_SHARED } from "../shared.ts";
import { PYTHON_ENVS, needsPython, pythonEnv } from "../python.ts";
import { GOLDEN_CASES, type GoldenNames, copyCase, goldenDir } from "./cases.ts";
import { compareTable, readGolden } from "./compare.ts";

/** Columns smoothed with a Gaussian kernel: numpy's AVX-512 exp may differ by an ulp (DEVELOPERS.md). */
const TOLERANCE = { smoothed_3ms_spike_times_max_normalised_hist_1ms_bin: 1e-15 };

describe("golden cases: every features table equals Python BlueETL's", NEEDS_SHARED, () => {
  for (const golden of GOLDEN_CASES) {
    // A case of Python functions runs with the first Python environment, PYTHONPATH its folder.
    const python = golden.python ? PYTHON_ENVS[0]! : undefined;
    test(golden.name, python ? needsPython(python) : {}, async () => {
      const names = JSON.parse(readFileSync(join(goldenDir(golden), "names.json"), "utf8")) as GoldenNames;
      const { dir, config } = copyCase(golden);
      const saved = { ...process.env };
      if (python) Object.assign(process.env, pythonEnv(python, dir));
      const ma = MultiAnalyzer.fromFile(config, { seed: 0 });
      try {
        await ma.calculateFeatures();
        const problems: string[] = [];
        for (const analysis of ma.names) {
          const features = ma.analysis(analysis).features;
          assert.deepEqual(features.names, names.features[analysis] ?? []);
          for (const feature of features.names) {
            const base = join(dir, analysis, "features", feature);
            const found = features.get(feature);
            const check = (table: Parameters<typeof compareTable>[0], file: string) => {
              for (const p of compareTable(table, readGolden(file), { tolerance: TOLERANCE })) problems.push(`${analysis}/${feature}: ${p}`);
            };
            if (found instanceof ConcatenatedFeatures) {
              check(found.df, base);
              check(found.params, `${base}.params`);
              check(found.aliases, `${base}.aliases`);
            } else {
              check(found.df, base);
              const golden = readGolden(base);
              assert.deepEqual(found.df.attrs, golden.attrs, `${analysis}/${feature} attrs`);
            }
          }
        }
        assert.deepEqual(problems, []);
        assert.ok(existsSync(dir));
      } finally {
        await ma.close();
        process.env = saved;
      }
    });
  }
});
