import type { FillTarget } from "./parquet-fill.js";
/** A table being read by several threads (parquet-share.js). */
export interface SharedReading {
  path: string;
  groups: Array<{ start: number; end: number; footer: Uint8Array }>;
  firstRows: number[];
  targets: FillTarget[];
  /** The largest high word of each int64 column's values so far. */
  high: Int32Array;
  /** The words of CONTROL. */
  control: Int32Array;
}
/** The control words: the next row group to take, the row groups done, whether one was refused. */
export const CONTROL: { NEXT: 0; DONE: 1; REFUSED: 2; SIZE: 3 };
/** Row groups taken and filled by `fill` until none is left or one was refused. */
export function takeRowGroups(job: SharedReading, fill: (group: number) => number[]): void;
