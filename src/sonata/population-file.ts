/** What nodes, spikes and report files share: a top group holding one group per population. */
import { SonataError } from "./errors.ts";
import { H5File } from "./hdf5.ts";

/** A file's bytes (read by a browser from a file the user chose, say) and the name errors call it by. */
export interface FileBytes {
  bytes: Uint8Array;
  name: string;
}

export abstract class PopulationFile<Population> {
  private readonly opened = new Map<string, Population>();

  protected constructor(
    protected readonly file: H5File,
    private readonly top: string,
    /** How errors call a population of this file: node, spikes, report. */
    private readonly populationKind: string,
  ) {}

  /**
   * Open `source` (a path, or the bytes of a file and its name) and check it has the top group of
   * its kind (`nodes`, `spikes`, `report`).
   */
  protected static async openWithGroup(source: string | FileBytes, top: string, fileKind: string): Promise<H5File> {
    const file = typeof source === "string" ? await H5File.open(source) : await H5File.fromBytes(source.bytes, source.name);
    if (!file.isGroup(top)) {
      file.close();
      throw new SonataError(`no group '/${top}': not a SONATA ${fileKind}`, file.path);
    }
    return file;
  }

  get path(): string {
    return this.file.path;
  }

  get populationNames(): string[] {
    return this.file.keys(this.top);
  }

  /** The population `name`, opened once (what a reader has checked in it stays checked). */
  population(name: string): Population {
    let population = this.opened.get(name);
    if (population) return population;
    if (!this.file.isGroup(`${this.top}/${name}`)) {
      const known = this.populationNames.join(", ") || "none";
      throw new SonataError(`no ${this.populationKind} population '${name}' (the file has: ${known})`, this.path);
    }
    this.opened.set(name, (population = this.openPopulation(name)));
    return population;
  }

  protected abstract openPopulation(name: string): Population;

  close(): void {
    this.file.close();
  }
}
