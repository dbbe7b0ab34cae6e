/** A simulation: its config, the circuit it ran on, its spikes and frame reports. */
import { Circuit } from "./circuit.ts";
import { type FileStamp, FilesRead } from "./files-read.ts";
import { FrameReportReader } from "./frame-report.ts";
import { nodeFs } from "./node.ts";
import { SimulationConfig } from "./simulation-config.ts";
import { SpikeReader, type SpikeReaderOptions } from "./spikes.ts";

export class Simulation {
  private circuitCache: Circuit | undefined;
  private spikesReader: Promise<SpikeReader> | undefined;
  private readonly readers: Array<Promise<{ close(): void }>> = [];

  private constructor(
    readonly config: SimulationConfig,
    private readonly files: FilesRead,
    private readonly options: SpikeReaderOptions,
  ) {}

  /** Open the simulation config; `warn` receives the readers' warnings. */
  static open(configPath: string, options: SpikeReaderOptions = {}): Simulation {
    const files = new FilesRead();
    files.note(configPath);
    return new Simulation(SimulationConfig.fromFile(configPath), files, options);
  }

  /** The files this simulation has read (config, spikes, reports; not its circuit's), as they were then. */
  filesRead(): Record<string, FileStamp> {
    return this.files.entries();
  }

  get path(): string {
    return this.config.path;
  }

  circuit(): Circuit {
    this.circuitCache ??= Circuit.open(this.config.network);
    return this.circuitCache;
  }

  /** BlueETL's test of completeness: the spikes file exists. */
  isComplete(): boolean {
    this.files.noteExists(this.config.output.spikesFile);
    return nodeFs().existsSync(this.config.output.spikesFile);
  }

  /** The spikes file, opened once. */
  spikes(): Promise<SpikeReader> {
    this.files.note(this.config.output.spikesFile);
    this.spikesReader ??= this.track(SpikeReader.open(this.config.output.spikesFile, this.options));
    return this.spikesReader;
  }

  /** The frame report named `name` in the config's `reports`. */
  report(name: string): Promise<FrameReportReader> {
    const file = this.config.report(name).fileName;
    this.files.note(file);
    return this.track(FrameReportReader.open(file));
  }

  async close(): Promise<void> {
    for (const r of await Promise.allSettled(this.readers)) if (r.status === "fulfilled") r.value.close();
    this.readers.length = 0;
    this.spikesReader = undefined;
    await this.circuitCache?.close();
  }

  private track<T extends { close(): void }>(reader: Promise<T>): Promise<T> {
    this.readers.push(reader);
    return reader;
  }
}
