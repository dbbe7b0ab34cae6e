import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CircuitConfig, SimulationConfig } from "../../src/sonata/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";
import { tempDir } from "../tmp.ts";

function writeConfig(json: unknown): string {
  const dir = tempDir("config");
  const path = join(dir, "config.json");
  writeFileSync(path, typeof json === "string" ? json : JSON.stringify(json));
  return path;
}

describe("circuit configs", NEEDS_SHARED, () => {
  const config = () => CircuitConfig.fromFile(sharedData("libsonata", "config", "circuit_config.json"));

  test("libsonata's config: manifest expanded, paths absolute from the config's folder", () => {
    const c = config();
    assert.equal(c.nodeSetsFile, sharedData("libsonata", "config", "node_sets.json"));
    assert.deepEqual(c.nodePopulationNames, ["nodes-A", "nodes-B"]);
    const a = c.nodePopulation("nodes-A");
    assert.equal(a.nodesFile, sharedData("libsonata", "nodes1.h5"));
    assert.equal(a.type, "biophysical");
    assert.equal(a.nodeTypesFile, undefined);
    assert.equal(a.properties["morphologies_dir"], sharedData("libsonata", "config", "morphologies"));
    assert.equal(c.nodePopulation("nodes-B").properties["spatial_segment_index_dir"], sharedData("libsonata", "config", "spatial_segment_index_dir"));
    assert.equal(a.properties["spatial_segment_index_dir"], undefined);
  });

  test("nested manifest variables (BlueETL's documentation circuit)", () => {
    const c = CircuitConfig.fromFile(sharedData("blueetl-doc", "circuit", "circuit_config.json"));
    assert.equal(c.nodePopulation("thalamus_neurons").nodesFile, sharedData("blueetl-doc", "circuit", "networks", "nodes", "thalamus_neurons", "nodes.h5"));
    assert.equal(c.nodeSetsFile, sharedData("blueetl-doc", "circuit", "node_sets.json"));
  });

  test("an unknown population lists the known ones", () => {
    assert.throws(() => config().nodePopulation("nodes-C"), /circuit_config\.json: unknown node population 'nodes-C' \(the circuit has: nodes-A, nodes-B\)/);
  });
});

describe("circuit configs: bad input", () => {
  test("an undefined manifest variable names the key and the variable", () => {
    const path = writeConfig({ manifest: { $BASE_DIR: "." }, networks: { nodes: [{ nodes_file: "$NETWORK_DIR/nodes.h5", populations: { a: {} } }] } });
    assert.throws(() => CircuitConfig.fromFile(path), /config\.json: 'networks\.nodes\[0\]\.nodes_file' uses the manifest variable \$NETWORK_DIR, which the manifest does not define/);
  });

  test("manifest variables that refer to each other in a cycle", () => {
    const path = writeConfig({ manifest: { $A: "$B/x", $B: "$A/y" }, networks: { nodes: [] } });
    assert.throws(() => CircuitConfig.fromFile(path), /manifest variables refer to each other in a cycle/);
  });

  test("an invalid manifest variable name", () => {
    const path = writeConfig({ manifest: { BASE: "." }, networks: { nodes: [] } });
    assert.throws(() => CircuitConfig.fromFile(path), /invalid manifest variable 'BASE': expected \$NAME/);
  });

  test("a missing file and invalid JSON", () => {
    assert.throws(() => CircuitConfig.fromFile("/nonexistent/circuit_config.json"), /\/nonexistent\/circuit_config\.json: file not found/);
    assert.throws(() => CircuitConfig.fromFile(writeConfig("{ not json")), /config\.json: invalid JSON/);
  });

  test("networks is required unless the config is partial; populations must be unique", () => {
    assert.throws(() => CircuitConfig.fromFile(writeConfig({})), /'networks' is required/);
    assert.deepEqual(CircuitConfig.fromFile(writeConfig({ metadata: { status: "partial" } })).nodePopulationNames, []);
    const twice = { networks: { nodes: [{ nodes_file: "a.h5", populations: { p: {} } }, { nodes_file: "b.h5", populations: { p: {} } }] } };
    assert.throws(() => CircuitConfig.fromFile(writeConfig(twice)), /node population 'p' is defined twice/);
    const noFile = { networks: { nodes: [{ populations: { p: {} } }] } };
    assert.throws(() => CircuitConfig.fromFile(writeConfig(noFile)), /'networks\.nodes\[0\]\.nodes_file' is required/);
  });
});

describe("simulation configs", NEEDS_SHARED, () => {
  test("libsonata's config: run, output and reports with their defaults", () => {
    const s = SimulationConfig.fromFile(sharedData("libsonata", "config", "simulation_config.json"));
    assert.deepEqual(s.run, { tstop: 1000, dt: 0.025, randomSeed: 201506 });
    assert.equal(s.output.outputDir, sharedData("libsonata", "config", "some", "path", "output"));
    assert.equal(s.output.spikesFile, sharedData("libsonata", "config", "some", "path", "output", "out.h5"));
    assert.equal(s.output.spikesSortOrder, "by_id");
    assert.equal(s.nodeSet, "Column");
    assert.equal(s.network, sharedData("libsonata", "config", "circuit_config.json"));
    const soma = s.report("soma");
    assert.equal(soma.sections, "soma");
    assert.equal(soma.cells, "Column");
    assert.equal(soma.dt, 0.1);
    assert.equal(soma.fileName, join(s.output.outputDir, "soma.h5"));
    const compartment = s.report("compartment");
    assert.equal(compartment.sections, "all");
    assert.equal(compartment.cells, "Mosaic");
    assert.equal(compartment.fileName, join(s.output.outputDir, "voltage.h5"));
    assert.equal(compartment.enabled, false);
    assert.throws(() => s.report("nope"), /unknown report 'nope' \(the simulation has: soma, compartment, lfp, axonal_comp_centers, cell_imembrane\)/);
  });

  test("BlueETL's unit simulation: spikes file and named report files", () => {
    const s = SimulationConfig.fromFile(sharedData("blueetl-unit", "simulation", "sonata", "simulation_config.json"));
    const reporting = sharedData("blueetl-unit", "simulation", "sonata", "reporting");
    assert.equal(s.output.spikesFile, join(reporting, "spikes.h5"));
    assert.equal(s.report("soma_report").fileName, join(reporting, "soma_report.h5"));
    assert.equal(s.report("section_report").fileName, join(reporting, "compartment_named.h5"));
    assert.equal(s.report("section_report").dt, 0.02);
    assert.equal(s.network, sharedData("blueetl-unit", "circuit", "sonata", "circuit_config.json"));
  });
});

describe("simulation configs: bad input", () => {
  test("run is required, with tstop and dt", () => {
    assert.throws(() => SimulationConfig.fromFile(writeConfig({})), /config\.json: the 'run' section is required/);
    assert.throws(() => SimulationConfig.fromFile(writeConfig({ run: { tstop: 10 } })), /'run\.dt' is required/);
  });

  test("a report without its mandatory keys, and a bad sort order", () => {
    const report = { run: { tstop: 1, dt: 0.1 }, reports: { soma: { type: "compartment", dt: 0.1, start_time: 0 } } };
    assert.throws(() => SimulationConfig.fromFile(writeConfig(report)), /'reports\.soma\.end_time' is required/);
    const sort = { run: { tstop: 1, dt: 0.1 }, output: { spikes_sort_order: "by_name" } };
    assert.throws(() => SimulationConfig.fromFile(writeConfig(sort)), /'output\.spikes_sort_order' is 'by_name': expected none, by_id or by_time/);
  });

  test("defaults: output dir 'output', spikes 'out.h5', network 'circuit_config.json', '.h5' appended", () => {
    const path = writeConfig({ run: { tstop: 1, dt: 0.1 }, reports: { v: { type: "compartment", dt: 0.1, start_time: 0, end_time: 1, file_name: "volt" } } });
    const s = SimulationConfig.fromFile(path);
    const dir = join(path, "..");
    assert.equal(s.output.spikesFile, join(dir, "output", "out.h5"));
    assert.equal(s.network, join(dir, "circuit_config.json"));
    assert.equal(s.report("v").fileName, join(dir, "output", "volt.h5"));
  });
});

describe("simulation configs: BlueETL's documentation campaign", NEEDS_SHARED, () => {
  test("output in ./reporting through the manifest, the circuit two folders up", () => {
    for (const sim of ["0", "1"]) {
      const s = SimulationConfig.fromFile(sharedData("blueetl-doc", "simulation-campaign", sim, "simulation_config.json"));
      assert.equal(s.output.spikesFile, sharedData("blueetl-doc", "simulation-campaign", sim, "reporting", "spikes.h5"));
      assert.equal(s.network, sharedData("blueetl-doc", "circuit", "circuit_config.json"));
      assert.equal(s.run.tstop, 100);
      assert.equal(s.nodeSet, "mc2_Column");
      assert.equal(s.reports.size, 0);
    }
  });
});
