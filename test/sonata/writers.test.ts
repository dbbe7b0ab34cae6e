import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import h5wasm, { type Group } from "h5wasm/node";
import { FrameReportReader, NodeStorage, SpikeReader } from "../../src/sonata/index.ts";
import { FrameReportWriter, SpikeWriter, writeNodes } from "../../src/sonata/write/writers.ts";
import { tempDir } from "../tmp.ts";

const dir = tempDir("writers");

/** A reproducible sequence in [0, 1). */
function sequence(n: number, seed: number): Float64Array {
  let x = seed;
  return Float64Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  });
}

describe("SONATA writers", () => {
  test("the sorting attribute is an HDF5 enum, as libsonata requires", async () => {
    const path = join(dir, "enum.h5");
    (await SpikeWriter.create(path, "pop", "by_id")).close();
    const file = new h5wasm.File(path, "r");
    const sorting = (file.get("spikes/pop") as Group).attrs["sorting"]!;
    assert.equal(sorting.value, 1);
    assert.deepEqual(sorting.metadata.enum_type?.members, { none: 0, by_id: 1, by_time: 2 });
    assert.equal(sorting.metadata.size, 1);
    file.close();
    const reader = await SpikeReader.open(path);
    assert.equal(reader.population("pop").sorting, "by_id");
    assert.equal(reader.population("pop").size, 0);
    reader.close();
  });

  test("spikes appended in blocks read back whole, and windows by binary search equal a full scan", async () => {
    const path = join(dir, "spikes.h5");
    const writer = await SpikeWriter.create(path, "pop");
    const n = 300_000; // several times the span below which the search stops probing
    const gaps = sequence(n, 7);
    const times = new Float64Array(n);
    for (let i = 1; i < n; i++) times[i] = times[i - 1]! + Math.round(gaps[i]! * 3) * 0.025;
    const ids = Uint32Array.from(sequence(n, 3), (u) => Math.floor(u * 5000));
    for (let at = 0; at < n; at += 70_000) writer.append(ids.subarray(at, at + 70_000), times.subarray(at, at + 70_000));
    writer.close();

    const reader = await SpikeReader.open(path);
    const pop = reader.population("pop");
    assert.equal(pop.sorting, "by_time");
    assert.equal(pop.timeUnits, "ms");
    const all = pop.get();
    assert.deepEqual(all.times, times);
    assert.deepEqual(all.nodeIds, ids);
    const selected = new Set([1, 17, 4999]);
    for (const [tStart, tStop] of [[0, 10], [123.4, 456.7], [times[150_000]!, times[150_000]!], [times[n - 1]! - 5, times[n - 1]!]]) {
      const expected = [...times.keys()].filter((i) => times[i]! >= tStart! - 1e-6 && times[i]! <= tStop! + 1e-6);
      const window = pop.get({ tStart, tStop });
      assert.deepEqual([...window.times], expected.map((i) => times[i]!));
      const some = pop.get({ tStart, tStop, nodeIds: [...selected] });
      assert.deepEqual([...some.nodeIds], expected.map((i) => ids[i]!).filter((id) => selected.has(id)));
    }
    reader.close();
  });

  test("frame reports with several elements per node read back by node and frame", async () => {
    const path = join(dir, "report.h5");
    const nodeIds = Uint32Array.from([7, 3, 5]);
    const writer = await FrameReportWriter.create(path, "pop", {
      nodeIds,
      elementsPerNode: Uint32Array.from([2, 1, 3]),
      elementIds: Uint32Array.from([0, 1, 0, 0, 4, 4]),
      times: { start: 0, stop: 1, dt: 0.1 },
    });
    // value = frame * 10 + column
    for (let f0 = 0; f0 < 10; f0 += 4) {
      const frames = Math.min(4, 10 - f0);
      writer.appendFrames(Float32Array.from({ length: frames * 6 }, (_, i) => (f0 + Math.floor(i / 6)) * 10 + (i % 6)));
    }
    writer.close();
    const reader = await FrameReportReader.open(path);
    const pop = reader.population("pop");
    assert.equal(pop.sorted, false);
    const frames = pop.get({ nodeIds: [5, 7], tStart: 0.3, tStop: 0.6, stride: 2 });
    assert.deepEqual([...frames.nodeIds], [5, 5, 5, 7, 7]);
    assert.deepEqual([...frames.elementIds], [0, 4, 4, 0, 1]);
    assert.equal(frames.times.length, 2); // frames 3 and 5
    assert.deepEqual([...frames.data], [33, 34, 35, 30, 31, 53, 54, 55, 50, 51]);
    reader.close();
  });

  test("node files: @library enumerations, plain and dynamics attributes", async () => {
    const path = join(dir, "nodes.h5");
    await writeNodes(path, [{
      name: "cells",
      size: 3,
      enumerations: { layer: { codes: Uint32Array.from([1, 0, 1]), values: ["L1", "L2"] } },
      attributes: { x: Float32Array.from([1, 2, 3]), morphology: ["a", "b", "c"] },
      dynamics: { threshold_current: Float64Array.from([0.1, 0.2, 0.3]) },
    }]);
    const storage = await NodeStorage.open(path);
    const cells = storage.population("cells");
    assert.equal(cells.size, 3);
    assert.deepEqual(cells.getAttribute("layer"), ["L2", "L1", "L2"]);
    assert.deepEqual(cells.getAttribute("morphology", [2]), ["c"]);
    assert.deepEqual([...(cells.getDynamicsAttribute("threshold_current") as Float64Array)], [0.1, 0.2, 0.3]);
    storage.close();
    await assert.rejects(writeNodes(join(dir, "bad.h5"), [{ name: "p", size: 2, attributes: { x: new Float32Array(3) } }]), /population 'p': 'x' has 3 values for 2 nodes/);
  });
});
