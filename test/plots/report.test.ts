/**
 * `blueetl report` as a user runs it: the page opened from file:// in headless Chromium with the
 * network off renders every figure (no console error, marks drawn, the heat-map's facets), a
 * screenshot is kept; every figure is also an SVG and a PNG; `run` never loads Vega.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import { runFromFile } from "../../src/analysis/index.ts";
import { ARTEFACTS, NEEDS_CHROMIUM, launchChromium } from "../browser.ts";
import { BLUEETL, blueetl } from "../cli.ts";
import { described } from "../features/describe.ts";
import { plotConfig } from "./campaign.ts";

/** The command, telling on stderr when it loads Vega or resvg. */
function withHook(args: string[]) {
  return spawnSync(process.execPath, ["--import", join(import.meta.dirname, "tell-loads.mjs"), BLUEETL, ...args], { encoding: "utf8" });
}

// One parameter set: the features tables are the same kind, and fewer to write.
const report = plotConfig(3, (c) => delete c.analysis.spikes.features[0].params_product).then(({ config, dir }) => {
  const out = join(dir, "report");
  return { config, dir, out, result: withHook(["report", config, "--to", out, "-v"]) };
});

const SPIKE_FIGURES = ["firing-rates", "heatmap", "isi", "psth", ...[0, 1, 2, 3].flatMap((s) => [`raster-${s}-evoked`, `raster-${s}-spont`])];

describe("blueetl report", () => {
  test("every figure of each analysis as SVG and PNG, and the page", async () => {
    const { out, result } = await report;
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /report written to .*index\.html with 14 figures/);
    assert.deepEqual(readdirSync(out).sort(), ["index.html", "soma", "spikes"]);
    assert.deepEqual(readdirSync(join(out, "spikes")).sort(), SPIKE_FIGURES.flatMap((f) => [`${f}.png`, `${f}.svg`]).sort());
    assert.deepEqual(readdirSync(join(out, "soma")).sort(), ["heatmap.png", "heatmap.svg", "traces.png", "traces.svg"]);
    for (const analysis of ["spikes", "soma"]) {
      for (const file of readdirSync(join(out, analysis))) {
        const content = readFileSync(join(out, analysis, file));
        if (file.endsWith(".svg")) assert.match(content.toString("utf8", 0, 200), /^<svg /, file);
        else assert.deepEqual([...content.subarray(1, 4)], [80, 78, 71], file);
      }
    }
    const page = readFileSync(join(out, "index.html"), "utf8");
    assert.ok(!/<script[^>]+src=/.test(page) && !/<link[^>]+href=/.test(page), "nothing loaded from elsewhere");
    // 600 neurons x 4 simulations x 2 windows.
    assert.match(page, /<h3>Features: by_gid <span class="rows">4800 rows, the first 5 shown/);
    const unknown = blueetl(["report", (await report).config, "--to", join(out, "x"), "--feature", "nope"]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /the feature 'nope' is in no features table of spikes, soma/);
  });

  test("the page renders offline in Chromium: every figure drawn, the heat-map faceted", NEEDS_CHROMIUM, async () => {
    const { out, result } = await report;
    assert.equal(result.status, 0, result.stderr);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
      const requests: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(pathToFileURL(join(out, "index.html")).href);
      await page.waitForSelector("body[data-rendered]", { timeout: 60_000 });
      const drawn = await page.evaluate(() =>
        Array.from(document.querySelectorAll("div.figure"), (figure) => ({
          id: figure.id,
          marks: Array.from(figure.querySelectorAll("svg g.role-mark")).filter((g) => g.childElementCount > 0).length,
          images: Array.from(figure.querySelectorAll("svg image")).filter((i) => (i.getAttribute("href") ?? "").startsWith("data:image/png")).length,
        })),
      );
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      assert.deepEqual(await page.evaluate(() => (window as any).blueetlReport.errors), []);
      assert.deepEqual(drawn.map((f) => f.id).sort(), [...SPIKE_FIGURES.map((f) => `spikes-${f}`), "soma-heatmap", "soma-traces"].sort());
      for (const figure of drawn) assert.ok(figure.marks > 0, `${figure.id} has drawn no mark`);
      for (const figure of drawn.filter((f) => f.id.includes("raster"))) assert.equal(figure.images, 1, figure.id);

      // ca x depol in each facet; columns by mg, rows by neuron class and window.
      // A string: tsx would wrap a function's inner functions in a helper the page does not have.
      const heatmap: { cells: number; columns: string[]; rows: string[] } = await page.evaluate(`(() => {
        const figure = document.getElementById("spikes-heatmap");
        const texts = (selector) => [...figure.querySelectorAll(selector + " g.role-title-text text")].map((t) => t.textContent);
        return { cells: figure.querySelectorAll("g.role-mark.child_layer_0_marks").length, columns: texts("g.role-column-header"), rows: texts("g.role-row-header") };
      })()`);
      const classes = ["L1_INH", "L23_EXC", "L26_INH", "L4_EXC", "L5_EXC", "L6_EXC"];
      assert.deepEqual(heatmap.columns.sort(), ["mg=1", "mg=2"]);
      assert.deepEqual(heatmap.rows.sort(), classes.flatMap((c) => [`${c} · evoked`, `${c} · spont`]).sort());
      assert.equal(heatmap.cells, 2 * 12);
      mkdirSync(ARTEFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTEFACTS, "report.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  test("the head and row count of each cached features table, read without the rest, are the table's", async () => {
    const { config, result } = await report;
    assert.equal(result.status, 0, result.stderr);
    const ma = await runFromFile(config, { logLevel: "error" });
    try {
      for (const name of ma.names) {
        for (const [table, feature] of ma.analysis(name).features.tables()) {
          const { head, rows } = await feature.head(3);
          const whole = feature.df;
          assert.equal(rows, whole.length, table);
          assert.deepEqual(described(head), described(whole.take([0, 1, 2]).withAttrs({})), table);
        }
      }
    } finally {
      await ma.close();
    }
  });

  test("run does not load Vega or resvg", async () => {
    const { config, result } = await report;
    assert.match(result.stderr, /LOADED .*node_modules\/vega\//, "the hook sees what report loads");
    const run = withHook(["run", config]);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /LOADED/);
  });
});
