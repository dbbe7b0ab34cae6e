import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FrameReportReader, type Frames } from "../../src/sonata/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";

/** Row `frame` of the frames x columns block. */
function row(frames: Frames, frame: number): number[] {
  const columns = frames.nodeIds.length;
  return [...frames.data.subarray(frame * columns, (frame + 1) * columns)];
}

function assertClose(actual: number[], expected: number[], tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tolerance, `${i}: ${v} != ${expected[i]}`));
}

describe("soma reports: libsonata's somas.h5", NEEDS_SHARED, () => {
  let reader: FrameReportReader;
  before(async () => {
    reader = await FrameReportReader.open(sharedData("libsonata", "somas.h5"));
  });
  after(() => reader.close());

  test("reads times, units and the unsorted node order of the file", () => {
    assert.deepEqual(reader.populationNames, ["All", "soma1", "soma2"]);
    const all = reader.population("All");
    assert.deepEqual(all.times, { start: 0, stop: 1, dt: 0.1 });
    assert.equal(all.timeUnits, "ms");
    assert.equal(all.dataUnits, "mV");
    assert.equal(all.sorted, false);
    const frames = all.get();
    assert.equal(frames.nodeIds.length, 20);
    assert.equal(frames.times.length, 10);
    assert.equal(frames.data.length, 10 * 20);
    assert.deepEqual([...frames.nodeIds], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(row(frames, 0).slice(0, 10), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const last = Float32Array.from([20.9, 1.9, 2.9, 3.9, 4.9, 5.9, 6.9, 7.9, 8.9, 9.9]);
    assert.deepEqual(row(frames, 9).slice(-10), [...last]);
  });

  test("selects nodes and a closed time interval", () => {
    const frames = reader.population("All").get({ nodeIds: [13, 14], tStart: 0.8, tStop: 1.0 });
    assert.equal(frames.times.length, 2);
    assert.deepEqual([...frames.nodeIds], [13, 14]);
    assertClose(row(frames, 0), [13.8, 14.8]);
    assertClose(row(frames, 1), [13.9, 14.9]);
    const none = reader.population("All").get({ nodeIds: [] });
    assert.equal(none.data.length, 0);
    assert.equal(none.times.length, 0);
  });

  test("maps nodes to their columns (one per node in a soma report)", () => {
    const mapping = reader.population("All").mapping([3, 4]);
    assert.deepEqual([...mapping.nodeIds], [3, 4]);
    assert.deepEqual([...mapping.elementIds], [0, 0]);
  });

  test("refuses data that is not float32, as libsonata does", () => {
    assert.throws(() => reader.population("soma1"), /somas\.h5: 'report\/soma1\/data' must be a 2-D float32 dataset/);
  });
});

describe("compartment reports: libsonata's elements.h5", NEEDS_SHARED, () => {
  let reader: FrameReportReader;
  before(async () => {
    reader = await FrameReportReader.open(sharedData("libsonata", "elements.h5"));
  });
  after(() => reader.close());

  test("reads the mapping and strides over frames", () => {
    assert.deepEqual(reader.populationNames, ["All", "element1", "element42"]);
    const all = reader.population("All");
    assert.deepEqual([...all.nodeIds], Array.from({ length: 20 }, (_, i) => i + 1));
    assert.deepEqual(all.times, { start: 0, stop: 4, dt: 0.2 });
    assert.equal(all.sorted, true);
    assert.equal(all.get({ stride: 2 }).times.length, 10);
    assert.equal(all.get().nodeIds.length, 100);
  });

  test("gives each column its node and element id", () => {
    const frames = reader.population("All").get({ nodeIds: [13, 14], tStart: 0.8, tStop: 1.2 });
    const columns = Array.from(frames.nodeIds, (id, i) => [id, frames.elementIds[i]]);
    assert.deepEqual(columns, [[13, 30], [13, 30], [13, 31], [13, 31], [13, 32], [14, 32], [14, 33], [14, 33], [14, 34], [14, 34]]);
    assert.equal(frames.times.length, 3);
    const mapping = reader.population("All").mapping([3, 4]);
    assert.deepEqual(
      Array.from(mapping.nodeIds, (id, i) => [id, mapping.elementIds[i]]),
      [[3, 5], [3, 5], [3, 6], [3, 6], [3, 7], [4, 7], [4, 8], [4, 8], [4, 9], [4, 9]],
    );
  });

  test("reads the values of chosen frames and nodes", () => {
    const all = reader.population("All");
    const tenths = (base: number) => Array.from({ length: 10 }, (_, i) => base + i / 10);
    assertClose(row(all.get({ nodeIds: [1, 2], tStart: 3, tStop: 3 }), 0), tenths(150));
    assertClose(row(all.get({ nodeIds: [3, 4], tStart: 0.2, tStop: 0.4 }), 0), tenths(11));
    assertClose(row(all.get({ nodeIds: [3, 4], stride: 4 }), 2), tenths(81));
    assert.equal(all.get({ nodeIds: [] }).nodeIds.length, 0);
  });

  test("a time range outside the report is an error naming the report", () => {
    const all = reader.population("All");
    assert.throws(() => all.get({ tStart: 5 }), /elements\.h5: tStart=5 is after the end of report 'All'/);
    assert.throws(() => all.get({ tStart: -0.5 }), /times cannot be negative/);
    assert.throws(() => all.get({ stride: 0 }), /stride must be a positive integer/);
  });
});

describe("frame reports: BlueETL's unit-test reports", NEEDS_SHARED, () => {
  const reporting = (file: string) => sharedData("blueetl-unit", "simulation", "sonata", "reporting", file);

  test("a compartment report with a node owning 3 columns and a repeated element id", async () => {
    const reader = await FrameReportReader.open(reporting("compartment_named.h5"));
    const frames = reader.population("default").get({ nodeIds: [2, 0], tStart: 0.2, tStop: 0.3 });
    assert.deepEqual([...frames.nodeIds], [2, 2, 2, 0, 0]);
    assert.deepEqual([...frames.elementIds], [0, 1, 1, 0, 1]);
    assert.deepEqual([...frames.times], [0.2, 0.30000000000000004]);
    assertClose(row(frames, 0), [4.2, 5.2, 6.2, 0.2, 1.2]);
    reader.close();
  });

  test("index_pointers without the final pointer are refused", async () => {
    const reader = await FrameReportReader.open(reporting("soma_named.h5"));
    assert.throws(() => reader.population("default"), /index_pointers' has 3 values: expected one more than the 3 node ids/);
    reader.close();
  });
});

describe("frame reports: BlueETL's unit-test soma report", NEEDS_SHARED, () => {
  test("values are node id + 0.1 x frame, as its generating script writes them", async () => {
    const reader = await FrameReportReader.open(sharedData("blueetl-unit", "simulation", "sonata", "reporting", "soma_report.h5"));
    for (const name of ["default", "default2"]) {
      const report = reader.population(name);
      assert.deepEqual([...report.nodeIds], [0, 1, 2]);
      assert.deepEqual([...report.indexPointers], [0, 1, 2, 3]);
      const frames = report.get();
      assert.equal(frames.times.length, 10);
      for (let f = 0; f < 10; f++) assertClose(row(frames, f), [0, 1, 2].map((id) => id + f / 10));
    }
    reader.close();
  });
});
