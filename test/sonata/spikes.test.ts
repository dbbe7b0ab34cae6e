import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SonataError, SpikeReader, type Spikes } from "../../src/sonata/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";

/** Spikes as [node id, time] pairs, the form libsonata's tests compare. */
function pairs(spikes: Spikes): Array<[number, number]> {
  return Array.from(spikes.nodeIds, (id, i) => [id, spikes.times[i]!]);
}

describe("spike reports: libsonata's spikes.h5", NEEDS_SHARED, () => {
  let reader: SpikeReader;
  before(async () => {
    reader = await SpikeReader.open(sharedData("libsonata", "spikes.h5"));
  });
  after(() => reader.close());

  test("lists populations and their sorting", () => {
    assert.deepEqual(reader.populationNames, ["All", "empty", "spikes1", "spikes2"]);
    assert.equal(reader.population("All").sorting, "by_time");
    assert.equal(reader.population("spikes1").sorting, "by_id");
    assert.equal(reader.population("spikes2").sorting, "none");
    assert.equal(reader.population("spikes2").timeUnits, "ms");
    assert.deepEqual(reader.population("All").timeRange, [0.1, 1.3]);
  });

  test("an unknown population names the file and the populations it has", () => {
    assert.throws(() => reader.population("foobar"), (e: Error) => {
      assert.ok(e instanceof SonataError);
      assert.match(e.message, /spikes\.h5: no spikes population 'foobar' \(the file has: All, empty, spikes1, spikes2\)/);
      return true;
    });
  });

  test("selects by node and closed time interval as libsonata does", () => {
    const all = reader.population("All");
    const spikes1 = reader.population("spikes1");
    const spikes2 = reader.population("spikes2");
    assert.deepEqual(pairs(all.get()), [[5, 0.1], [2, 0.2], [3, 0.3], [2, 0.7], [3, 1.3]]);
    assert.deepEqual(pairs(all.get({ tStart: 0.2, tStop: 1.0 })), [[2, 0.2], [3, 0.3], [2, 0.7]]);
    assert.deepEqual(pairs(spikes2.get({ tStart: 0.2, tStop: 1.0 })), [[3, 0.3], [2, 0.2], [2, 0.7]]);
    assert.deepEqual(pairs(spikes1.get({ nodeIds: [3] })), [[3, 0.3], [3, 1.3]]);
    assert.deepEqual(pairs(spikes2.get({ nodeIds: [3] })), [[3, 0.3], [3, 1.3]]);
    assert.deepEqual(pairs(spikes2.get({ nodeIds: [10] })), []);
    assert.deepEqual(pairs(spikes2.get({ nodeIds: [2], tStart: 0, tStop: 0.5 })), [[2, 0.2]]);
    assert.deepEqual(pairs(spikes1.get({ nodeIds: [2, 5] })), [[2, 0.2], [2, 0.7], [5, 0.1]]);
    assert.deepEqual(pairs(spikes2.get({ nodeIds: [2, 5] })), [[5, 0.1], [2, 0.2], [2, 0.7]]);
    assert.deepEqual(pairs(reader.population("empty").get()), []);
    assert.equal(all.get({ nodeIds: [] }).times.length, 0);
    assert.deepEqual(pairs(all.get({ nodeIds: [5, 3], tStart: 0.2 })), [[3, 0.3], [3, 1.3]]);
    assert.deepEqual(pairs(all.get({ nodeIds: [5, 2] })), [[5, 0.1], [2, 0.2], [2, 0.7]]);
  });

  test("a by_id file returns each requested node in turn, in request order", () => {
    assert.deepEqual(pairs(reader.population("spikes1").get({ nodeIds: [5, 2] })), [[5, 0.1], [2, 0.2], [2, 0.7]]);
  });

  test("bounds match within 1e-6 ms, as libsonata's closed interval", () => {
    const all = reader.population("All");
    assert.deepEqual(pairs(all.get({ tStart: 0.2000009, tStop: 0.6999991 })), [[2, 0.2], [3, 0.3], [2, 0.7]]);
    assert.deepEqual(pairs(all.get({ tStart: 0.200002, tStop: 0.699998 })), [[3, 0.3]]);
  });

  test("bad time intervals are refused with the reason", () => {
    const all = reader.population("All");
    assert.throws(() => all.get({ tStart: -1 }), /times cannot be negative/);
    assert.throws(() => all.get({ tStart: 1.0, tStop: 0.5 }), /tStart=1 is after tStop=0.5/);
    // As in libsonata, an omitted bound is the first or last spike: 5 is after the last one.
    assert.throws(() => all.get({ tStart: 5 }), /tStart=5 is after tStop=1.3/);
  });

  test("streams in blocks that add up to a single read", () => {
    const all = reader.population("All");
    const blocks = [...all.blocks({ tStart: 0.15 }, 2)];
    assert.ok(blocks.length >= 2);
    assert.deepEqual(blocks.flatMap(pairs), pairs(all.get({ tStart: 0.15 })));
  });
});

describe("spike reports: BlueETL's documentation campaign", NEEDS_SHARED, () => {
  test("reads the 10 spikes of simulation 0 with their exact stored times", async () => {
    const reader = await SpikeReader.open(sharedData("blueetl-doc", "simulation-campaign", "0", "reporting", "spikes.h5"));
    const pop = reader.population("thalamus_neurons");
    const spikes = pop.get();
    assert.equal(pop.sorting, "by_time");
    assert.deepEqual([...spikes.nodeIds], [300, 226, 267, 308, 291, 205, 124, 89, 350, 163]);
    assert.equal(spikes.times[0], 22.300000000099267);
    // The window of BlueETL's edge case 5, as a closed interval: both end spikes are in.
    const window = pop.get({ tStart: 22.300000000099267, tStop: 40.37500000010062 });
    assert.deepEqual([...window.nodeIds], [300, 226, 267, 308, 291]);
    reader.close();
  });
});

describe("spike reports: BlueETL's unit-test spikes", NEEDS_SHARED, () => {
  test("one population sorted by time, one by node id", async () => {
    const reader = await SpikeReader.open(sharedData("blueetl-unit", "simulation", "sonata", "reporting", "spikes.h5"));
    const byTime = reader.population("default");
    const byId = reader.population("default2");
    assert.equal(byTime.sorting, "by_time");
    assert.equal(byId.sorting, "by_id");
    assert.deepEqual(pairs(byTime.get()), [[2, 0.1], [0, 0.2], [1, 0.3], [2, 0.7], [0, 1.3]]);
    assert.deepEqual(pairs(byId.get({ nodeIds: [2, 0] })), [[2, 0.1], [2, 0.7], [0, 0.2], [0, 1.3]]);
    assert.deepEqual(byId.timeRange, [0.1, 1.3]);
    reader.close();
  });
});
