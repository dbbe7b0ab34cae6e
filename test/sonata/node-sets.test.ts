import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Circuit, type NodePopulation, NodeSets, NodeStorage, SonataError } from "../../src/sonata/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";

const parse = (json: unknown) => NodeSets.parse(JSON.stringify(json));

describe("node sets: parsing rejects what libsonata rejects", () => {
  const rejected: Array<[string, string | object, RegExp]> = [
    ["a top level that is not an object", "1", /must be a JSON object/],
    ["a list at the top level", "[1]", /must be a JSON object/],
    ["a number as a node set", { NodeSet0: 1 }, /node set 'NodeSet0' must be an object or a list of names, got 1/],
    ["a string as a node set", { NodeSet0: "string" }, /must be an object or a list of names/],
    ["null as a node set", { NodeSet0: null }, /must be an object or a list of names/],
    ["true as a node set", { NodeSet0: true }, /must be an object or a list of names/],
    ["a float node id", { NodeSet0: { node_id: 1.5 } }, /expected an integer, got 1\.5/],
    ["a negative node id", { NodeSet0: { node_id: -1 } }, /node ids must be non-negative/],
    ["a negative node id in a list", { NodeSet0: { node_id: [1, -1] } }, /node ids must be non-negative/],
    ["a number as population", { NodeSet0: { population: 1 } }, /'population' must be a string/],
    ["numbers as populations", { NodeSet0: { population: [1, 2] } }, /'population' must be a string/],
    ["a compound with a number", { compound: ["foo", 1] }, /compound node set 'compound' must list node set names/],
    ["a compound containing itself", { compound: ["compound"] }, /compound node set 'compound' contains itself: compound -> compound/],
    ["a compound naming a missing set", { compound: ["missing"] }, /compound node set 'compound' refers to 'missing', which is not defined/],
    ["an unknown numeric operator", { s: { x: { $eq: 3 } } }, /operator '\$eq' is not available for numbers/],
    ["an unknown string operator", { s: { x: { $gt: "a" } } }, /operator '\$gt' is not available for strings: use \$regex/],
    ["two operators in one object", { s: { x: { $gt: 1, $lt: 3 } } }, /exactly one key/],
    ["a list of booleans", { s: { x: [true] } }, /unsupported value/],
    ["a bad regular expression", { s: { x: { $regex: "(" } } }, /invalid regular expression/],
  ];
  for (const [what, json, message] of rejected) {
    test(what, () => {
      assert.throws(() => NodeSets.parse(typeof json === "string" ? json : JSON.stringify(json), "sets.json"), (e: Error) => {
        assert.ok(e instanceof SonataError);
        assert.match(e.message, /^sets\.json: /);
        assert.match(e.message, message);
        return true;
      });
    });
  }

  test("a cycle through several compounds is shown in full", () => {
    assert.throws(() => parse({ a: ["b"], b: ["c"], c: ["a"] }), /contains itself: a -> b -> c -> a/);
  });

  test("a missing file names it", () => {
    assert.throws(() => NodeSets.fromFile("this/file/does/not/exist"), /this\/file\/does\/not\/exist: file not found/);
  });
});

describe("node sets: materialized as libsonata does (nodes1.h5)", NEEDS_SHARED, () => {
  let storage: NodeStorage;
  let nodes: NodePopulation;
  before(async () => {
    storage = await NodeStorage.open(sharedData("libsonata", "nodes1.h5"));
    nodes = storage.population("nodes-A");
  });
  after(() => storage.close());
  const ids = (sets: NodeSets, name: string) => [...sets.materialize(name, nodes)];

  test("scalars, lists and enumerations; clauses are ANDed", () => {
    assert.deepEqual(ids(parse({ NodeSet0: { "attr-Y": 21 } }), "NodeSet0"), [0]);
    assert.deepEqual(ids(parse({ NodeSet0: { "attr-Z": ["aa", "cc"] } }), "NodeSet0"), [0, 2]);
    assert.deepEqual(ids(parse({ NodeSet0: { "E-mapping-good": "C" } }), "NodeSet0"), [0, 2, 4, 5]);
    assert.deepEqual(ids(parse({ NodeSet0: { "E-mapping-good": "C", "attr-Y": [21, 22] } }), "NodeSet0"), [0]);
  });

  test("node ids outside the population are dropped", () => {
    assert.deepEqual(ids(parse({ NodeSet0: { node_id: [1, 3, 5] } }), "NodeSet0"), [1, 3, 5]);
    assert.deepEqual(ids(parse({ NodeSet0: { node_id: [1, 3, 500] } }), "NodeSet0"), [1, 3]);
  });

  test("population selects all or nothing", () => {
    assert.deepEqual(ids(parse({ NodeSet0: { population: "nodes-A" } }), "NodeSet0"), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(ids(parse({ NodeSet0: { population: ["nodes-A", "FAKE"] } }), "NodeSet0"), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(ids(parse({ NodeSet0: { population: "NOT_A_POP" } }), "NodeSet0"), []);
  });

  test("compounds are unions, nested and declared in any order", () => {
    const sets = parse({
      NodeSet0: { node_id: [1] },
      NodeSet1: { node_id: [2] },
      NodeSetCompound0: ["NodeSet0", "NodeSet1"],
      NodeSetCompound1: ["NodeSetCompound0", "NodeSet2"],
      NodeSet2: { node_id: [3] },
    });
    assert.deepEqual(ids(sets, "NodeSetCompound1"), [1, 2, 3]);
    const deep = parse({
      NodeSet0: { "E-mapping-good": ["A", "B"] },
      NodeSet1: { "attr-Y": 21 },
      NodeSetCompound0: ["NodeSet0", "NodeSet1"],
      NodeSetCompound1: ["NodeSetCompound0"],
      NodeSetCompound2: ["NodeSetCompound1"],
      NodeSetCompound3: ["NodeSetCompound2"],
      NodeSetCompound4: ["NodeSetCompound3"],
      NodeSetCompound5: ["NodeSetCompound4"],
    });
    for (let i = 1; i <= 5; i++) assert.deepEqual(ids(deep, `NodeSetCompound${i}`), [0, 1, 3]);
  });

  test("empty lists select nothing", () => {
    assert.deepEqual(ids(parse({ NodeSet0: { node_id: [] } }), "NodeSet0"), []);
    assert.deepEqual(ids(parse({ NodeSetCompound0: [] }), "NodeSetCompound0"), []);
  });

  test("an empty object is ignored: its name stays undefined", () => {
    const sets = parse({ Empty: {} });
    assert.equal(sets.has("Empty"), false);
    assert.throws(() => parse({ Empty: {}, c: ["Empty"] }), /refers to 'Empty', which is not defined/);
  });

  test("$regex matches anywhere in the value (a search, not a full match)", () => {
    assert.deepEqual(ids(parse({ s: { "attr-Z": { $regex: "b" } } }), "s"), [1]);
    assert.deepEqual(ids(parse({ s: { "attr-Z": { $regex: "^[a-c]" } } }), "s"), [0, 1, 2]);
    assert.deepEqual(ids(parse({ s: { "E-mapping-good": { $regex: "[AB]" } } }), "s"), [1, 3]);
  });

  test("numeric operators compare as numbers", () => {
    assert.deepEqual(ids(parse({ s: { "attr-X": { $gt: 13 } } }), "s"), [3, 4, 5]);
    assert.deepEqual(ids(parse({ s: { "attr-Y": { $lte: 22 } } }), "s"), [0, 1]);
    assert.deepEqual(ids(parse({ s: { "attr-X": { $gte: 12, }, "attr-Y": { $lt: 24 } } }), "s"), [1, 2]);
  });

  test("type mismatches fail when materialized, naming the node set and attribute", () => {
    assert.throws(() => parse({ s: { "E-mapping-good": 0 } }).materialize("s", nodes), /node set 's': attribute 'E-mapping-good' of population 'nodes-A' is an @library enumeration: match it with strings/);
    assert.throws(() => parse({ s: { "E-mapping-good": [0, 1] } }).materialize("s", nodes), /@library enumeration/);
    assert.throws(() => parse({ s: { "attr-X": 11 } }).materialize("s", nodes), /floating point: exact comparison is not supported/);
    assert.throws(() => parse({ s: { "attr-Y": "21" } }).materialize("s", nodes), /holds integer values: it cannot be matched with strings/);
    assert.throws(() => parse({ s: { "attr-Z": { $gt: 1 } } }).materialize("s", nodes), /must be numeric for \$gt/);
    assert.throws(() => parse({ s: { nope: "x" } }).materialize("s", nodes), /attribute 'nope' of population 'nodes-A' does not exist/);
  });

  test("an unknown node set is an error", () => {
    assert.throws(() => parse({ a: { node_id: [1] } }).materialize("b", nodes), /unknown node set 'b'/);
  });

  test("merging: the second file's definition wins", () => {
    const sets = parse({ NodeSet0: { "attr-Y": [21, 22] } }).merge(parse({ NodeSet0: { "attr-Y": [22] } }));
    assert.deepEqual(ids(sets, "NodeSet0"), [1]);
    const both = parse({ NodeSet0: { node_id: [0] } }).merge(parse({ NodeSet1: { node_id: [1] } }));
    assert.deepEqual(both.names, ["NodeSet0", "NodeSet1"]);
  });

  test("libsonata's own node_sets.json parses", () => {
    const sets = NodeSets.fromFile(sharedData("libsonata", "node_sets.json"));
    assert.deepEqual(sets.names, ["V1_point_prime", "bio_layer45", "combined", "power_number_test", "power_regex_test"]);
  });
});

describe("node sets: the circuits of BlueETL's tests", NEEDS_SHARED, () => {
  test("unit circuit: node ids, compounds, population and empty sets", async () => {
    const circuit = Circuit.open(sharedData("blueetl-unit", "circuit", "sonata", "circuit_config.json"));
    const sets = circuit.nodeSets();
    const nodes = await circuit.nodePopulation("default");
    const ids = (name: string) => [...sets.materialize(name, nodes)];
    assert.deepEqual(ids("Node2012"), [0, 1, 2]);
    assert.deepEqual(ids("Node12_L6_Y"), [1, 2]);
    assert.deepEqual(ids("Node0_L6_Y"), []);
    assert.deepEqual(ids("Empty_L6_Y"), []);
    assert.deepEqual(ids("Population_default_L6_Y_Node2"), [2]);
    assert.deepEqual(ids("Population_default2"), []);
    assert.deepEqual(ids("combined_Node0_L6_Y__Node12_L6_Y"), [1, 2]);
    const extra = sets.merge(NodeSets.fromFile(sharedData("blueetl-unit", "circuit", "sonata", "node_sets_extra.json")));
    assert.ok(extra.has("ExtraLayer2") && !sets.has("ExtraLayer2"));
    // layer is an integer attribute here: matching it with the string "2" is an error.
    assert.throws(() => extra.materialize("ExtraLayer2", nodes), /'layer' of population 'default' holds integer values/);
    await circuit.close();
  });

  test("documentation circuit: property sets, nested compounds and $regex", async () => {
    const circuit = Circuit.open(sharedData("blueetl-doc", "circuit", "circuit_config.json"));
    const nodes = await circuit.nodePopulation("thalamus_neurons");
    const sets = circuit.nodeSets();
    const count = (name: string) => sets.materialize(name, nodes).length;
    assert.equal(count("Mosaic"), 400);
    assert.equal(count("All"), 400);
    const mtypes = nodes.getAttribute("mtype") as string[];
    const expected = (m: string) => mtypes.filter((v) => v === m).length;
    assert.equal(count("Rt_RC"), expected("Rt_RC"));
    assert.equal(count("VPL_IN"), expected("VPL_IN"));
    // ".*IN" is searched anywhere: VPL_IN only ("Rt_RC" and "VPL_TC" have no "IN").
    assert.equal(count("IN"), expected("VPL_IN"));
    assert.equal(count("Excitatory") + count("Inhibitory"), 400);
    await circuit.close();
  });
});
