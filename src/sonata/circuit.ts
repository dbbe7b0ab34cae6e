/** A circuit as a whole: its config, node populations and node sets, opened on demand. */
import { CircuitConfig } from "./circuit-config.ts";
import { type FileStamp, FilesRead } from "./files-read.ts";
import { NodeSets } from "./node-sets.ts";
import { type NodePopulation, NodeStorage } from "./nodes.ts";

export class Circuit {
  private readonly storages = new Map<string, Promise<NodeStorage>>();
  private nodeSetsCache: NodeSets | undefined;

  private constructor(
    readonly config: CircuitConfig,
    private readonly files: FilesRead,
  ) {}

  static open(configPath: string): Circuit {
    const files = new FilesRead();
    files.note(configPath);
    return new Circuit(CircuitConfig.fromFile(configPath), files);
  }

  /** The files this circuit has read (config, nodes, node sets), as they were then. */
  filesRead(): Record<string, FileStamp> {
    return this.files.entries();
  }

  get path(): string {
    return this.config.path;
  }

  get nodePopulationNames(): string[] {
    return this.config.nodePopulationNames;
  }

  async nodePopulation(name: string): Promise<NodePopulation> {
    const { nodesFile } = this.config.nodePopulation(name);
    let storage = this.storages.get(nodesFile);
    if (!storage) {
      this.files.note(nodesFile);
      storage = NodeStorage.open(nodesFile);
      this.storages.set(nodesFile, storage);
    }
    return (await storage).population(name);
  }

  /** The circuit's node sets (`node_sets_file`), or none when it has no such file. */
  nodeSets(): NodeSets {
    const file = this.config.nodeSetsFile;
    if (file) this.files.note(file);
    this.nodeSetsCache ??= file ? NodeSets.fromFile(file) : NodeSets.empty();
    return this.nodeSetsCache;
  }

  async close(): Promise<void> {
    const storages = await Promise.allSettled(this.storages.values());
    for (const s of storages) if (s.status === "fulfilled") s.value.close();
    this.storages.clear();
  }
}
