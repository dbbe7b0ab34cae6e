import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import { Simulation, type Spikes } from "../../src/sonata/index.ts";
import { fixtureCampaign } from "../fixtures.ts";

const OPTIONS = { somaNodes: 40, somaDt: 0.1, windows: 3 as const };

async function spikesOf(out: string, sim: number): Promise<{ spikes: Spikes; simulation: Simulation }> {
  const simulation = Simulation.open(join(out, "campaign", String(sim), "simulation_config.json"));
  const reader = await simulation.spikes();
  return { spikes: reader.population("S1nonbarrel_neurons").get(), simulation };
}

describe("the campaign generator", () => {
  test("writes a campaign our SONATA reader reads whole: circuit, node sets, spikes, soma report", async () => {
    const campaign = await fixtureCampaign(OPTIONS);
    const { spikes, simulation } = await spikesOf(campaign.out, 0);
    const circuit = simulation.circuit();
    const nodes = await circuit.nodePopulation("S1nonbarrel_neurons");
    assert.equal(nodes.size, 600);
    assert.deepEqual(nodes.enumerationValues("layer"), ["1", "2", "3", "4", "5", "6"]);
    assert.deepEqual(nodes.enumerationValues("synapse_class"), ["EXC", "INH"]);

    const sets = circuit.nodeSets();
    const count = (name: string) => sets.materialize(name, nodes).length;
    assert.equal(count("Excitatory") + count("Inhibitory"), 600);
    assert.equal(count("Layer23"), count("Layer2") + count("Layer3"));
    assert.equal(count("Layer456"), count("Layer4") + count("Layer5") + count("Layer6"));
    const mtypes = nodes.getAttribute("mtype") as string[];
    assert.equal(count("TPC"), mtypes.filter((m) => m.includes("_TPC")).length);
    assert.ok(count("TPC") > 0);

    // Spikes: sorted by time then node id, on the 0.025 ms grid, within the simulation.
    assert.equal(spikes.times.length, campaign.spikes[0]);
    for (let i = 1; i < spikes.times.length; i++) {
      const dt = spikes.times[i]! - spikes.times[i - 1]!;
      assert.ok(dt > 0 || (dt === 0 && spikes.nodeIds[i]! > spikes.nodeIds[i - 1]!), `spike ${i} out of order`);
    }
    assert.ok(spikes.times[spikes.times.length - 1]! < 1000);
    const rate = spikes.times.length / 600; // spikes per neuron in 1 s
    assert.ok(rate > 3 && rate < 10, `mean rate ${rate} Hz, expected near 5 Hz`);

    // Soma report: the cells of the node set, a frame every 0.1 ms, a peak where a cell spiked.
    const report = (await simulation.report("soma")).population("S1nonbarrel_neurons");
    assert.deepEqual([...report.nodeIds], [...sets.materialize("soma_report_cells", nodes)]);
    assert.equal(report.frameTimesAll.length, 10000);
    const k = spikes.nodeIds.findIndex((id) => report.nodeIds.includes(id));
    assert.ok(k >= 0, "a reported cell spikes");
    const frames = report.get({ nodeIds: [spikes.nodeIds[k]!], tStart: spikes.times[k]!, tStop: spikes.times[k]! + 0.1 });
    assert.equal(frames.data[0], 20);
    await simulation.close();
  });

  test("writes the campaign, simulation and analysis configs BlueETL expects", async () => {
    const campaign = await fixtureCampaign(OPTIONS);
    const config = JSON.parse(readFileSync(join(campaign.out, "campaign", "config.json"), "utf8"));
    assert.deepEqual(config.dims, ["ca", "seed"]);
    assert.deepEqual(config.data, [["0"], ["1"]]);
    assert.equal(config.attrs.circuit_config, "../circuit/circuit_config.json");
    const analysis = YAML.parse(readFileSync(campaign.analysisConfig, "utf8"));
    assert.equal(analysis.version, 4);
    assert.deepEqual(Object.keys(analysis.analysis), ["spikes", "soma"]);
    assert.deepEqual(Object.keys(analysis.analysis.spikes.extraction.windows), ["spont", "evoked", "evoked_list"]);
    assert.deepEqual(analysis.analysis.spikes.extraction.neuron_classes.L23_EXC, { query: { layer: ["2", "3"], synapse_class: ["EXC"] } });
    const simulation = Simulation.open(join(campaign.out, "campaign", "1", "simulation_config.json"));
    assert.equal(simulation.config.run.tstop, 1000);
    assert.equal(simulation.config.report("soma").dt, 0.1);
    assert.equal(simulation.config.output.spikesSortOrder, "by_time");
  });

  test("is deterministic: the same options give the same spikes, another seed others", async () => {
    const a = await fixtureCampaign(OPTIONS);
    const b = await fixtureCampaign({ ...OPTIONS, neuronClasses: 5 }); // same seed, another folder
    const c = await fixtureCampaign({ ...OPTIONS, seed: 2 });
    const [sa, sb, sc] = await Promise.all([a, b, c].map((x) => spikesOf(x.out, 1)));
    assert.deepEqual(sb!.spikes.times, sa!.spikes.times);
    assert.deepEqual(sb!.spikes.nodeIds, sa!.spikes.nodeIds);
    assert.notDeepEqual(sc!.spikes.times, sa!.spikes.times);
    await Promise.all([sa, sb, sc].map((x) => x!.simulation.close()));
  });
});
