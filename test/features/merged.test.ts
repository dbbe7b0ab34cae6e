/**
 * The table of each group, cut from one merged table of all groups, is the per-group merge of
 * BlueETL (neurons x trials left-joined with the report): same columns, dtypes, rows and order,
 * for spike and soma reports, with and without missing spikes, on subsets of classes and windows.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RowLookup, groupKeys } from "../../src/features/groups.ts";
import { MergedGroups } from "../../src/features/merged.ts";
import { leftMerge } from "../../src/frame/index.ts";
import { type DataFrame, runFromFile } from "../../src/index.ts";
import { described } from "./describe.ts";
import { recordingLogger } from "../cache/project.ts";
import { fixtureCampaign } from "../fixtures.ts";


type Tables = { neurons: DataFrame; windows: DataFrame; report: DataFrame };
const USUAL = ["simulation_id", "circuit_id", "neuron_class", "window"];

/** Each group's own merge, as BlueETL makes it. */
function perGroup(tables: Tables, groupby: string[]): { keys: DataFrame; groups: DataFrame[] } {
  const keys = groupKeys(groupby, [tables.neurons, tables.windows, tables.report]);
  const lookups = [tables.neurons, tables.windows, tables.report].map((t) => new RowLookup(t, groupby));
  const groups = Array.from({ length: keys.length }, (_, g) => {
    const [n, w, r] = lookups.map((lookup) => lookup.table.take(lookup.rowsOf(keys.row(g))));
    return leftMerge(leftMerge(n!, w!), r!);
  });
  return { keys, groups };
}

function checkAllGroups(tables: Tables, groupby = USUAL): number {
  const { keys, groups } = perGroup(tables, groupby);
  const merged = MergedGroups.build(keys, tables.neurons, tables.windows, tables.report);
  assert.ok(merged, "the usual groupby, with or without the gid, is merged once");
  groups.forEach((group, g) => assert.deepEqual(described(merged.group(g)), described(group), JSON.stringify(keys.row(g))));
  return keys.length;
}

describe("the merged table of all groups", () => {
  test("each group's slice equals its own merge, for spikes and soma reports", async () => {
    const campaign = await fixtureCampaign({ neurons: 800, somaNodes: 40, analyses: "both", windows: 3 });
    const ma = await runFromFile(campaign.analysisConfig, { calculate: false, clearCache: true, logger: recordingLogger() });
    try {
      for (const analysis of ma.names) {
        const tables = ma.analysis(analysis).repo.tables();
        assert.ok(checkAllGroups(tables) > 3, analysis);
        const someClasses = tables.neurons.q({ neuron_class: [...new Set(tables.neurons.records().map((r) => r["neuron_class"] as string))].slice(0, 2) });
        checkAllGroups({ neurons: someClasses, windows: tables.windows.q({ window: "evoked" }), report: tables.report });
        checkAllGroups({ neurons: someClasses, windows: tables.windows, report: tables.report }, [...USUAL, "gid"]);
        // Another groupby (no neuron class): the groups merged one by one, then joined.
        const other = perGroup(tables, ["simulation_id", "circuit_id", "window"]);
        assert.equal(MergedGroups.build(other.keys, tables.neurons, tables.windows, tables.report), undefined);
        const joined = MergedGroups.fromGroups(other.groups, tables.report);
        other.groups.forEach((group, g) => assert.deepEqual(described(joined.group(g)), described(group)));
      }
      assert.deepEqual([...ma.names].sort(), ["soma", "spikes"]);
    } finally {
      await ma.close();
    }
  });
});
