/** `nodes.h5`: node populations and their attributes, read for any selection of node ids. */
import type { H5File, NumericArray } from "./hdf5.ts";
import { length } from "./hdf5.ts";
import { AttributePopulation } from "./population-attributes.ts";
import { PopulationFile } from "./population-file.ts";
import { type NodeIds, allNodes } from "./selection.ts";

export type { AttributeKind, AttributeValues, Enumeration } from "./population-attributes.ts";

export class NodeStorage extends PopulationFile<NodePopulation> {
  static async open(path: string): Promise<NodeStorage> {
    return new NodeStorage(await PopulationFile.openWithGroup(path, "nodes", "nodes file"), "nodes", "node");
  }

  /** A nodes file from its bytes (in a browser: no file system), `name` naming it in errors. */
  static async fromBytes(bytes: Uint8Array, name = "nodes.h5"): Promise<NodeStorage> {
    return new NodeStorage(await PopulationFile.openWithGroup({ bytes, name }, "nodes", "nodes file"), "nodes", "node");
  }

  protected openPopulation(name: string): NodePopulation {
    return new NodePopulation(this.file, name);
  }
}

export class NodePopulation extends AttributePopulation {
  constructor(file: H5File, name: string) {
    super(file, `nodes/${name}`, name, length(file.dataset(`nodes/${name}/node_type_id`)), "node");
  }

  nodeTypeIds(ids?: NodeIds): NumericArray {
    return this.readColumn(this.file.dataset(`${this.root}/node_type_id`), ids) as NumericArray;
  }

  selectAll(): Uint32Array {
    return allNodes(this.size);
  }
}
