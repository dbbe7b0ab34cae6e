import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { MultiAnalyzer, REPO_NAMES } from "../../src/analysis/index.ts";
import { NEEDS_SHARED } from "../shared.ts";
import { GOLDEN, GOLDEN_CASES, type GoldenNames, copyCase } from "./cases.ts";
import { compareTable, readGolden } from "./compare.ts";

describe("golden cases: the five repo tables equal Python BlueETL's", NEEDS_SHARED, () => {
  for (const name of GOLDEN_CASES) {
    test(name, async () => {
      const names = JSON.parse(readFileSync(join(GOLDEN, name, "names.json"), "utf8")) as GoldenNames;
      const { dir, config } = copyCase(name);
      const ma = MultiAnalyzer.fromFile(config, { seed: 0 });
      try {
        await ma.extractRepo();
        assert.deepEqual([...ma.names], names.analyses);
        const problems: string[] = [];
        for (const analysis of ma.names) {
          assert.deepEqual([...ma.analysis(analysis).repo.names], names.repo[analysis]);
          for (const table of REPO_NAMES) {
            const golden = readGolden(join(dir, analysis, "repo", table));
            for (const p of compareTable(ma.analysis(analysis).repo.df(table), golden)) problems.push(`${analysis}/${table}: ${p}`);
          }
        }
        assert.deepEqual(problems, []);
      } finally {
        await ma.close();
      }
    });
  }
});
