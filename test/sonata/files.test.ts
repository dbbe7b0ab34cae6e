import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import h5wasm, { type Group } from "h5wasm/node";
import { FrameReportReader, NodeStorage, SpikeReader } from "../../src/sonata/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";
import { tempDir } from "../tmp.ts";

const dir = tempDir("files");

describe("files that are missing, not HDF5, or not SONATA", () => {
  test("a missing file", async () => {
    await assert.rejects(SpikeReader.open(join(dir, "missing.h5")), /missing\.h5: file not found/);
  });

  test("a file that is not HDF5", async () => {
    const path = join(dir, "text.h5");
    writeFileSync(path, "node_ids,timestamps\n1,0.5\n");
    await assert.rejects(NodeStorage.open(path), /text\.h5: not an HDF5 file/);
  });

  test("a population without one of its datasets", async () => {
    await h5wasm.ready;
    const path = join(dir, "no-node-ids.h5");
    const file = new h5wasm.File(path, "w");
    file.create_group("spikes");
    file.create_group("spikes/pop");
    (file.get("spikes/pop") as Group).create_dataset({ name: "timestamps", data: new Float64Array([1, 2]) });
    file.close();
    const reader = await SpikeReader.open(path);
    assert.throws(() => reader.population("pop"), /no-node-ids\.h5: no dataset 'spikes\/pop\/node_ids' in the file/);
    reader.close();
  });
});

describe("a SONATA file of the wrong kind", NEEDS_SHARED, () => {
  test("spikes opened as nodes, nodes opened as a report", async () => {
    await assert.rejects(NodeStorage.open(sharedData("libsonata", "spikes.h5")), /spikes\.h5: no group '\/nodes': not a SONATA nodes file/);
    await assert.rejects(FrameReportReader.open(sharedData("libsonata", "nodes1.h5")), /nodes1\.h5: no group '\/report': not a SONATA frame report/);
  });
});
