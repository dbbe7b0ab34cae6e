import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { EdgeStorage, type NodePopulation, NodeSets, NodeStorage, SonataError } from "../../src/sonata/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";

describe("node populations: libsonata's nodes1.h5", NEEDS_SHARED, () => {
  let storage: NodeStorage;
  let nodes: NodePopulation;
  before(async () => {
    storage = await NodeStorage.open(sharedData("libsonata", "nodes1.h5"));
    nodes = storage.population("nodes-A");
  });
  after(() => storage.close());

  test("size and attribute names", () => {
    assert.deepEqual(storage.populationNames, ["nodes-A", "nodes-B"]);
    assert.equal(nodes.name, "nodes-A");
    assert.equal(nodes.size, 6);
    assert.deepEqual(
      new Set(nodes.attributeNames),
      new Set([
        "attr-X", "attr-Y", "attr-Z",
        "A-int8", "A-int16", "A-int32", "A-int64",
        "A-uint8", "A-uint16", "A-uint32", "A-uint64",
        "A-float", "A-double", "A-string", "A-enum",
        "E-mapping-good", "E-mapping-bad",
      ]),
    );
    assert.deepEqual(nodes.selectAll().length, 6);
  });

  test("attributes of any selection, in the selection's order", () => {
    assert.deepEqual([...(nodes.getAttribute("attr-X", [0]) as Float64Array)], [11]);
    assert.deepEqual([...(nodes.getAttribute("attr-X", [0, 5]) as Float64Array)], [11, 16]);
    assert.deepEqual([...(nodes.getAttribute("attr-X", [5, 0, 5]) as Float64Array)], [16, 11, 16]);
    assert.deepEqual([...(nodes.getAttribute("attr-Y", [0]) as BigInt64Array)], [21n]);
    assert.deepEqual(nodes.getAttribute("attr-Z", [0]), ["aa"]);
    assert.deepEqual(nodes.getAttribute("attr-Z"), ["aa", "bb", "cc", "dd", "ee", "ff"]);
    assert.throws(() => nodes.getAttribute("no-such-attribute", [0]), /no attribute 'no-such-attribute' in population 'nodes-A'/);
    assert.throws(() => nodes.getAttribute("attr-X", [6]), /node id 6 is out of range: population 'nodes-A' has node ids 0\.\.5/);
  });

  test("dynamics params", () => {
    assert.deepEqual([...(nodes.getDynamicsAttribute("dparam-X", [0, 5]) as Float64Array)], [1011, 1016]);
    assert.deepEqual([...(nodes.getDynamicsAttribute("dparam-Y", [0]) as BigInt64Array)], [1021n]);
    assert.deepEqual(nodes.getDynamicsAttribute("dparam-Z", [0]), ["d-aa"]);
    assert.throws(() => nodes.getDynamicsAttribute("no-such-attribute", [0]), SonataError);
  });

  test("@library enumerations, as strings and as codes", () => {
    assert.deepEqual(nodes.enumerationNames, ["E-mapping-bad", "E-mapping-good"]);
    assert.deepEqual(nodes.getAttribute("E-mapping-good", []), []);
    assert.deepEqual(nodes.getAttribute("E-mapping-good", [0, 2]), ["C", "C"]);
    assert.deepEqual([...nodes.getEnumeration("E-mapping-good", [0, 2]).codes], [2, 2]);
    assert.deepEqual(nodes.enumerationValues("E-mapping-good"), ["A", "B", "C"]);
    assert.throws(() => nodes.getAttribute("E-mapping-bad", [1]), /has code 3, outside its @library of 3 values/);
    assert.throws(() => nodes.getEnumeration("attr-X", [0]), /'attr-X' of population 'nodes-A' is not an @library enumeration/);
  });

  test("matches values as libsonata's match_values", () => {
    const match = (json: object) => [...NodeSets.parse(JSON.stringify({ s: json })).materialize("s", nodes)];
    assert.deepEqual(match({ "attr-Z": "bb" }), [1]);
    assert.deepEqual(match({ "E-mapping-good": "C" }), [0, 2, 4, 5]);
    assert.deepEqual(match({ "attr-Y": 23 }), [2]);
  });

  test("an unknown population names the file", () => {
    assert.throws(() => storage.population("nodes-C"), /nodes1\.h5: no node population 'nodes-C' \(the file has: nodes-A, nodes-B\)/);
  });
});

describe("node populations: BlueETL's documentation circuit", NEEDS_SHARED, () => {
  test("400 thalamus neurons with @library layer, mtype and synapse_class", async () => {
    const storage = await NodeStorage.open(sharedData("blueetl-doc", "circuit", "networks", "nodes", "thalamus_neurons", "nodes.h5"));
    const nodes = storage.population("thalamus_neurons");
    assert.equal(nodes.size, 400);
    assert.deepEqual(nodes.enumerationValues("layer"), ["VPL", "Rt"]);
    assert.deepEqual(nodes.enumerationValues("mtype"), ["VPL_TC", "Rt_RC", "VPL_IN"]);
    assert.equal(nodes.attributeKind("synapse_class"), "enumeration");
    assert.equal(nodes.attributeKind("x"), "float");
    assert.equal(nodes.attributeKind("morphology"), "string");
    assert.ok(nodes.getAttribute("x") instanceof Float32Array);
    assert.deepEqual(nodes.dynamicsAttributeNames, ["holding_current", "threshold_current"]);
    storage.close();
  });
});

describe("edge populations: libsonata's edges1.h5 and the documentation circuit", NEEDS_SHARED, () => {
  test("source and target populations and nodes, and edge attributes", async () => {
    const storage = await EdgeStorage.open(sharedData("libsonata", "edges1.h5"));
    const edges = storage.population("edges-AB");
    assert.equal(edges.source, "nodes-A");
    assert.equal(edges.target, "nodes-B");
    assert.deepEqual([...edges.sourceNodes([])], []);
    assert.deepEqual([...edges.sourceNodes([1])], [1]);
    assert.deepEqual([...edges.sourceNodes([0, 1, 2, 4])], [1, 1, 2, 3]);
    assert.deepEqual([...edges.targetNodes([1])], [2]);
    assert.deepEqual([...edges.targetNodes([0, 1, 2, 4])], [1, 2, 1, 0]);
    assert.equal(edges.size, 6);
    assert.deepEqual(edges.getAttribute("E-mapping-good", [0, 2]), ["C", "C"]);
    assert.deepEqual([...edges.getEnumeration("E-mapping-good", [0, 2]).codes], [2, 2]);
    assert.throws(() => edges.getAttribute("attr-X", [6]), /edge id 6 is out of range: population 'edges-AB' has edge ids 0\.\.5/);
    storage.close();
    const noIndex = await EdgeStorage.open(sharedData("libsonata", "edges-no-index.h5"));
    assert.deepEqual([...(noIndex.population("edges-AB").getAttribute("attr-X") as Float64Array)], [11, 12, 13, 14, 15, 16]);
    noIndex.close();
  });

  test("the chemical and electrical synapses of the documentation circuit connect its 400 neurons", async () => {
    for (const kind of ["chemical", "electrical_synapse"]) {
      const name = `thalamus_neurons__thalamus_neurons__${kind}`;
      const storage = await EdgeStorage.open(sharedData("blueetl-doc", "circuit", "networks", "edges", name, "edges.h5"));
      const edges = storage.population(name);
      assert.equal(edges.source, "thalamus_neurons");
      assert.equal(edges.target, "thalamus_neurons");
      assert.ok(edges.size > 0);
      assert.ok(Math.max(...edges.sourceNodes()) < 400 && Math.max(...edges.targetNodes()) < 400);
      storage.close();
    }
  });
});
