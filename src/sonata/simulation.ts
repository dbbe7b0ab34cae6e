/** A simulation: its config, the circuit it ran on, its spikes and frame reports. */
import { Circuit } from "./circuit.ts";
import { FrameReportReader } from "./frame-report.ts";
import { nodeFs } from "./node.ts";
import { SimulationConfig } from "./simulation-config.ts";
import { SpikeReader } from "./spikes.ts";

export class Simulation {
  private circuitCache: Circuit | undefined;
  private readonly readers: Array<Promise<{ close(): void }>> = [];

  private constructor(readonly config: SimulationConfig) {}

  static open(configPath: string): Simulation {
    return new Simulation(SimulationConfig.fromFile(configPath));
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
    return nodeFs().existsSync(this.config.output.spikesFile);
  }

  spikes(): Promise<SpikeReader> {
    return this.track(SpikeReader.open(this.config.output.spikesFile));
  }

  /** The frame report named `name` in the config's `reports`. */
  report(name: string): Promise<FrameReportReader> {
    return this.track(FrameReportReader.open(this.config.report(name).fileName));
  }

  async close(): Promise<void> {
    for (const r of await Promise.allSettled(this.readers)) if (r.status === "fulfilled") r.value.close();
    this.readers.length = 0;
    await this.circuitCache?.close();
  }

  private track<T extends { close(): void }>(reader: Promise<T>): Promise<T> {
    this.readers.push(reader);
    return reader;
  }
}
