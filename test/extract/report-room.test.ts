/**
 * The report's columns have room for the rows expected of all the simulations (their mean so far,
 * and half as much again) when one does not fit: not doubled, and not grown again for each part.
 * Room never written takes no memory; a column grown late copies the whole report.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NumericColumn } from "../../src/frame/index.ts";
import { runFromFile } from "../../src/index.ts";
import { fixtureCampaign } from "../fixtures.ts";

test("the report's columns are not much larger than its rows", async () => {
  const campaign = await fixtureCampaign({ sims: 4 });
  const ma = await runFromFile(campaign.analysisConfig, { calculate: false, clearCache: true });
  try {
    const report = ma.analysis("spikes").repo.df("report");
    assert.ok(report.length > 1000);
    for (const name of ["time", "gid", "trial"]) {
      const values = (report.column(name) as NumericColumn).values;
      const room = values.buffer.byteLength / values.BYTES_PER_ELEMENT / report.length;
      assert.ok(room <= 1.55, `${name}: room for ${room.toFixed(2)} times its ${report.length} rows`);
    }
  } finally {
    await ma.close();
  }
});
