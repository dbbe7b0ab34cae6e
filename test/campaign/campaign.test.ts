import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SimulationCampaign } from "../../src/campaign/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";
import { tempDir } from "../tmp.ts";

function write(name: string, content: unknown): string {
  const path = join(tempDir("campaign"), name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("simulation campaigns", () => {
  test("the documentation campaign, as notebook 03 shows it", NEEDS_SHARED, () => {
    const campaign = SimulationCampaign.load(sharedData("blueetl-doc", "simulation-campaign", "config.json"));
    assert.equal(campaign.name, "49b28d57-9b72-4e29-995e-d5494b3c30d3");
    assert.deepEqual(campaign.attrs, {
      path_prefix: sharedData("blueetl-doc", "simulation-campaign"),
      blue_config_template: "simulation_sonata.tmpl",
      tstop: 100,
      circuit_config: sharedData("blueetl-doc", "circuit", "circuit_config.json"),
    });
    assert.equal(campaign.length, 2);
    assert.deepEqual([...campaign.rows()], [
      { index: 0, path: sharedData("blueetl-doc", "simulation-campaign", "0", "simulation_config.json"), conditions: { seed: 334630 } },
      { index: 1, path: sharedData("blueetl-doc", "simulation-campaign", "1", "simulation_config.json"), conditions: { seed: 174404 } },
    ]);
    assert.deepEqual(campaign.conditionNames, ["seed"]);
    assert.equal(campaign.isCoupled(), false);
    assert.equal(campaign.isSonata(), true);
    assert.deepEqual(campaign.get().names, ["seed", "simulation_path", "simulation_id"]);
    assert.deepEqual(campaign.ids({ seed: 334630 }), [0]);
    assert.equal(campaign.conditions.column("seed").dtype, "int64");
  });

  test("xarray over two dims: the first varies slowest; excluded simulations keep an empty path", () => {
    const config = {
      dims: ["ca", "depol"],
      attrs: { path_prefix: "/sims", circuit_config: "circuit_config.json" },
      data: [["a", ""], ["c", "d"]],
      coords: { ca: { dims: ["ca"], attrs: {}, data: ["CA"] }, depol: { dims: ["depol"], attrs: {}, data: [3, 4] } },
      name: "grid",
    };
    const path = write("config.json", JSON.stringify(config).replace('["CA"]', "[1.0, 2.0]"));
    const campaign = SimulationCampaign.load(path);
    assert.deepEqual(campaign.table.records(), [
      { ca: 1, depol: 3, simulation_path: "/sims/a/simulation_config.json" },
      { ca: 1, depol: 4, simulation_path: "" },
      { ca: 2, depol: 3, simulation_path: "/sims/c/simulation_config.json" },
      { ca: 2, depol: 4, simulation_path: "/sims/d/simulation_config.json" },
    ]);
    // 1.0 is written as a float: the column stays float64, as in pandas.
    assert.equal(campaign.table.column("ca").dtype, "float64");
    assert.equal(campaign.table.column("depol").dtype, "int64");
    assert.equal(campaign.attrs["circuit_config"], join(path, "..", "circuit_config.json"));
  });

  test("xarray with coupled coordinates: rows in data order, __coupled__ recorded", () => {
    const campaign = SimulationCampaign.load(write("coupled.json", {
      dims: ["coupled"],
      attrs: { path_prefix: "/sims", circuit_config: "/c/circuit_config.json" },
      data: ["u/0", "u/1"],
      coords: { ca: { dims: ["coupled"], attrs: {}, data: [1.1, 1.2] }, depol: { dims: ["coupled"], attrs: {}, data: [3, 4] } },
      name: "coupled",
    }));
    assert.equal(campaign.isCoupled(), true);
    assert.equal(campaign.attrs["__coupled__"], "coupled");
    assert.deepEqual(campaign.table.records(), [
      { ca: 1.1, depol: 3, simulation_path: "/sims/u/0/simulation_config.json" },
      { ca: 1.2, depol: 4, simulation_path: "/sims/u/1/simulation_config.json" },
    ]);
  });

  test("BlueETL's own format in YAML, whatever the file's extension; dumps reload the same", () => {
    const path = write("campaign.json", [
      "format: blueetl",
      "version: 1",
      "name: mine",
      "attrs: {path_prefix: /base, circuit_config: /c/circuit_config.json}",
      "data:",
      "- {seed: 1, simulation_path: a/simulation_config.json}",
      "- {seed: 2, simulation_path: /elsewhere/b}",
      "- {seed: 3, simulation_path: 'https://nexus/sim'}",
      "",
    ].join("\n"));
    const campaign = SimulationCampaign.load(path);
    assert.deepEqual(campaign.table.records().map((r) => r["simulation_path"]), [
      "/base/a/simulation_config.json",
      "/elsewhere/b/simulation_config.json",
      "https://nexus/sim",
    ]);
    const reloaded = SimulationCampaign.fromDict(campaign.toDict());
    assert.ok(reloaded.equals(campaign));
  });

  test("bad campaigns are refused with the reason", () => {
    assert.throws(() => SimulationCampaign.load("/nonexistent/campaign.json"), /\/nonexistent\/campaign\.json: the simulation campaign config file does not exist/);
    assert.throws(() => SimulationCampaign.load(write("other.json", { sims: [] })), /Unable to detect the configuration format/);
    const noCircuit = { format: "blueetl", version: 1, name: "x", attrs: {}, data: [{ simulation_path: "a" }] };
    assert.throws(() => SimulationCampaign.load(write("nc.json", noCircuit)), /circuit_config is missing in the simulation campaign/);
    const badShape = { dims: ["seed"], attrs: { circuit_config: "c.json" }, data: ["0"], coords: { seed: { dims: ["seed"], data: [1, 2] } }, name: "x" };
    assert.throws(() => SimulationCampaign.load(write("bad.json", badShape)), /'data' does not match the sizes of the coords/);
  });
});
