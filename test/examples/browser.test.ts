/**
 * The SONATA reader and the table type in a browser: the page of examples/browser, bundled for
 * browsers by esbuild from the `blueetl/sonata` and `blueetl/frame` entries (a Node built-in
 * imported by either would fail the bundle), served on localhost and driven in headless
 * Chromium, counts the spikes of a file chosen in its file input as Node counts them.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { buildPage, servePage } from "../../examples/browser/serve.ts";
import { DataFrame, numeric, objects } from "../../src/frame/index.ts";
import { SonataError, SpikeReader } from "../../src/sonata/index.ts";
import { ARTEFACTS, NEEDS_CHROMIUM, launchChromium } from "../browser.ts";
import { fixtureCampaign } from "../fixtures.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";

/** What the page should print for `path`, computed in Node. */
async function expected(path: string): Promise<string> {
  const reader = await SpikeReader.open(path);
  const names = reader.populationNames;
  const spikes = names.map((name) => reader.population(name).get());
  reader.close();
  return new DataFrame(
    { population: objects(names), spikes: numeric("int64", spikes.map((s) => s.nodeIds.length)), neurons: numeric("int64", spikes.map((s) => new Set(s.nodeIds).size)) },
    { index: ["population"] },
  ).toString();
}

describe("the spike counts page in headless Chromium", NEEDS_CHROMIUM, () => {
  let browser: Browser;
  let page: Awaited<ReturnType<Browser["newPage"]>>;
  let close: () => void;

  before(async () => {
    const { server, url } = await servePage(await buildPage());
    close = () => server.close();
    mkdirSync(ARTEFACTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    assert.deepEqual(errors, []);
  });

  after(async () => {
    await browser?.close();
    close?.();
  });

  /** The file chosen in the page's input, and the table the page printed. */
  async function choose(path: string): Promise<string> {
    await page.evaluate(() => delete document.querySelector<HTMLElement>("#counts")!.dataset["state"]);
    await page.setInputFiles("#spikes", path);
    await page.waitForSelector("#counts[data-state]");
    assert.equal(await page.getAttribute("#counts", "data-state"), "done", await page.textContent("#counts") ?? "");
    return (await page.textContent("#counts")) ?? "";
  }

  test("a generated campaign's spikes.h5", async () => {
    const campaign = await fixtureCampaign();
    const path = join(campaign.out, "campaign", "0", "reporting", "spikes.h5");
    const shown = await choose(path);
    assert.equal(shown, await expected(path));
    assert.match(shown, /^\s+spikes\s+neurons\npopulation/);
    await page.screenshot({ path: join(ARTEFACTS, "browser-spike-counts.png") });
  });

  test("libsonata's spikes.h5, of several populations", NEEDS_SHARED, async () => {
    const path = sharedData("libsonata", "spikes.h5");
    const shown = await choose(path);
    assert.equal(shown, await expected(path));
    assert.ok(shown.split("\n").length >= 4, shown);
    await page.screenshot({ path: join(ARTEFACTS, "browser-spike-counts-libsonata.png") });
  });
});

describe("files opened from their bytes (as the page opens them)", () => {
  test("the same populations and spikes as the file; bytes that are not a spikes file are named in the error", async () => {
    const campaign = await fixtureCampaign();
    const path = join(campaign.out, "campaign", "0", "reporting", "spikes.h5");
    const [fromPath, fromBytes] = [await SpikeReader.open(path), await SpikeReader.fromBytes(readFileSync(path), "chosen.h5")];
    const [name] = fromPath.populationNames;
    assert.deepEqual(fromBytes.populationNames, fromPath.populationNames);
    assert.deepEqual(fromBytes.population(name!).get({ tStart: 100, tStop: 200 }), fromPath.population(name!).get({ tStart: 100, tStop: 200 }));
    fromPath.close();
    fromBytes.close();
    await assert.rejects(SpikeReader.fromBytes(new TextEncoder().encode("not hdf5 at all"), "notes.txt"), (e: Error) => e instanceof SonataError && /^notes\.txt: not an HDF5 file/.test(e.message));
    const nodes = readFileSync(join(campaign.out, "circuit", "nodes.h5"));
    await assert.rejects(SpikeReader.fromBytes(nodes, "nodes.h5"), /^SonataError: nodes\.h5: no group '\/spikes': not a SONATA spikes file/);
  });
});
