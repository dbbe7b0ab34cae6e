/** `edges.h5`: edge populations, their source and target nodes and their attributes. */
import { type Dataset, type H5File, attribute, length, toNodeIds } from "./hdf5.ts";
import { AttributePopulation } from "./population-attributes.ts";
import { PopulationFile } from "./population-file.ts";
import type { NodeIds } from "./selection.ts";

export class EdgeStorage extends PopulationFile<EdgePopulation> {
  static async open(path: string): Promise<EdgeStorage> {
    return new EdgeStorage(await PopulationFile.openWithGroup(path, "edges", "edges file"), "edges", "edge");
  }

  protected openPopulation(name: string): EdgePopulation {
    return new EdgePopulation(this.file, name);
  }
}

export class EdgePopulation extends AttributePopulation {
  constructor(file: H5File, name: string) {
    super(file, `edges/${name}`, name, length(file.dataset(`edges/${name}/source_node_id`)), "edge");
  }

  /** Node population the edges start from. */
  get source(): string {
    return String(attribute(this.endpoint("source"), "node_population") ?? "");
  }

  get target(): string {
    return String(attribute(this.endpoint("target"), "node_population") ?? "");
  }

  /** Source node of each edge of `ids` (every edge when omitted). */
  sourceNodes(ids?: NodeIds): Uint32Array {
    return this.nodesOf("source", ids);
  }

  targetNodes(ids?: NodeIds): Uint32Array {
    return this.nodesOf("target", ids);
  }

  private endpoint(end: "source" | "target"): Dataset {
    return this.file.dataset(`${this.root}/${end}_node_id`);
  }

  private nodesOf(end: "source" | "target", ids?: NodeIds): Uint32Array {
    const values = this.readColumn(this.endpoint(end), ids);
    return toNodeIds(values as Exclude<typeof values, string[]>, `${this.path}: ${this.root}/${end}_node_id`);
  }
}
