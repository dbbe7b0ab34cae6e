/**
 * What node and edge populations share: attributes in group `0` (plain, `@library`
 * enumerations, `dynamics_params`), read for any selection of ids.
 */
import { SonataError } from "./errors.ts";
import {
  type Dataset,
  type H5File,
  type NumericArray,
  isEnumDataset,
  isFloatDataset,
  isIntegerDataset,
  isStringDataset,
  length,
  readNumeric,
  readStrings,
} from "./hdf5.ts";
import { type NodeIds, readRuns, sortedUnique } from "./selection.ts";

export type AttributeKind = "integer" | "float" | "string" | "enumeration";
export type AttributeValues = NumericArray | string[];

/** An `@library` attribute as codes into its list of values: a dictionary-encoded column. */
export interface Enumeration {
  codes: Int32Array;
  values: string[];
}

/** Rows a sparse read may skip before starting a new read. */
const READ_GAP = 4096;

export abstract class AttributePopulation {
  protected constructor(
    protected readonly file: H5File,
    /** Path of the population's group, e.g. `nodes/<name>`. */
    protected readonly root: string,
    readonly name: string,
    /** Number of elements (nodes or edges); their ids are 0..size-1. */
    readonly size: number,
    /** What the ids count, for error messages: node, edge. */
    private readonly element: string,
  ) {}

  get path(): string {
    return this.file.path;
  }

  /** Attributes of group 0, sorted by name (`@library` ones included, dynamics excluded). */
  get attributeNames(): string[] {
    return this.datasetNames(`${this.root}/0`);
  }

  /** Attributes stored as codes into an `@library` list of strings. */
  get enumerationNames(): string[] {
    return this.datasetNames(`${this.root}/0/@library`).filter((name) => this.hasAttribute(name));
  }

  get dynamicsAttributeNames(): string[] {
    return this.datasetNames(`${this.root}/0/dynamics_params`);
  }

  hasAttribute(name: string): boolean {
    return this.file.has(`${this.root}/0/${name}`) && !this.file.isGroup(`${this.root}/0/${name}`);
  }

  attributeKind(name: string): AttributeKind {
    if (this.isEnumeration(name)) return "enumeration";
    const dataset = this.attributeDataset(name);
    if (isStringDataset(dataset)) return "string";
    if (isFloatDataset(dataset)) return "float";
    if (isIntegerDataset(dataset) || isEnumDataset(dataset)) return "integer";
    throw new SonataError(`attribute '${name}' of population '${this.name}' has an unsupported type`, this.path);
  }

  /**
   * Values of an attribute for `ids` (every element when omitted), in the order of `ids`.
   * `@library` attributes are decoded to their strings; see `getEnumeration` for the codes.
   */
  getAttribute(name: string, ids?: NodeIds): AttributeValues {
    if (this.isEnumeration(name)) {
      const { codes, values } = this.getEnumeration(name, ids);
      return Array.from(codes, (code) => values[code]!);
    }
    return this.readColumn(this.attributeDataset(name), ids);
  }

  /** Codes and values of an `@library` attribute; codes index `values`. */
  getEnumeration(name: string, ids?: NodeIds): Enumeration {
    if (!this.isEnumeration(name)) {
      throw new SonataError(`attribute '${name}' of population '${this.name}' is not an @library enumeration`, this.path);
    }
    const values = this.enumerationValues(name);
    const raw = this.readColumn(this.attributeDataset(name), ids);
    if (Array.isArray(raw)) {
      throw new SonataError(`attribute '${name}' of population '${this.name}' must hold integer codes`, this.path);
    }
    const codes = new Int32Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const code = Number(raw[i]);
      if (!(code >= 0 && code < values.length)) {
        throw new SonataError(
          `attribute '${name}' of population '${this.name}' has code ${code}, outside its @library of ${values.length} values`,
          this.path,
        );
      }
      codes[i] = code;
    }
    return { codes, values };
  }

  /** The `@library` list of an enumerated attribute. */
  enumerationValues(name: string): string[] {
    return readStrings(this.file.dataset(`${this.root}/0/@library/${name}`));
  }

  getDynamicsAttribute(name: string, ids?: NodeIds): AttributeValues {
    const path = `${this.root}/0/dynamics_params/${name}`;
    if (!this.file.has(path)) {
      throw new SonataError(`no dynamics attribute '${name}' in population '${this.name}'`, this.path);
    }
    return this.readColumn(this.file.dataset(path), ids);
  }

  private isEnumeration(name: string): boolean {
    return this.file.has(`${this.root}/0/@library/${name}`) && this.hasAttribute(name);
  }

  private attributeDataset(name: string): Dataset {
    if (!this.hasAttribute(name)) {
      throw new SonataError(`no attribute '${name}' in population '${this.name}'`, this.path);
    }
    return this.file.dataset(`${this.root}/0/${name}`);
  }

  private datasetNames(group: string): string[] {
    if (!this.file.isGroup(group)) return [];
    return this.file
      .keys(group)
      .filter((key) => !this.file.isGroup(`${group}/${key}`))
      .sort();
  }

  protected readColumn(dataset: Dataset, ids: NodeIds | undefined): AttributeValues {
    if (length(dataset) !== this.size) {
      throw new SonataError(`'${dataset.path}' has ${length(dataset)} values for the ${this.size} ${this.element}s of population '${this.name}'`, this.path);
    }
    const strings = isStringDataset(dataset);
    const read = (start: number, stop: number): AttributeValues =>
      strings ? readStrings(dataset, start, stop) : readNumeric(dataset, start, stop);
    if (ids === undefined) return read(0, this.size);
    this.checkIds(ids);
    return gather(ids, this.size, read);
  }

  private checkIds(ids: NodeIds): void {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!(id >= 0 && id < this.size && Number.isInteger(id))) {
        throw new SonataError(
          `${this.element} id ${id} is out of range: population '${this.name}' has ${this.element} ids 0..${this.size - 1}`,
          this.path,
        );
      }
    }
  }
}


type Indexable = { [i: number]: unknown; length: number };

/** Values at `ids` (in their order), reading whole runs of rows rather than one row at a time. */
function gather<T extends AttributeValues>(
  ids: NodeIds,
  size: number,
  read: (start: number, stop: number) => T,
): T {
  if (ids.length * 8 >= size) {
    const all = read(0, size) as Indexable;
    return pick(all, ids.length, (i) => ids[i]!) as T;
  }
  const order = Uint32Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => ids[a]! - ids[b]!);
  const runs = readRuns(sortedUnique(ids), READ_GAP);
  let out: Indexable | undefined;
  let run = 0;
  let block: Indexable | undefined;
  for (const i of order) {
    const id = ids[i]!;
    while (id >= runs[run]![1]) {
      run++;
      block = undefined;
    }
    const [start, stop] = runs[run]!;
    block ??= read(start, stop) as Indexable;
    out ??= emptyOf(block, ids.length);
    out[i] = block[id - start];
  }
  return (out ?? read(0, 0)) as T;
}

function pick(all: Indexable, n: number, index: (i: number) => number): Indexable {
  const out = emptyOf(all, n);
  for (let i = 0; i < n; i++) out[i] = all[index(i)];
  return out;
}

function emptyOf(sample: Indexable, n: number): Indexable {
  if (Array.isArray(sample)) return new Array<unknown>(n);
  const Ctor = sample.constructor as new (n: number) => Indexable;
  return new Ctor(n);
}
