/** Where the footer lies in a Parquet file, from its last bytes; an error when the file is cut short. */
export function footerRange(tail: Uint8Array, fileSize: number): { start: number; length: number };
/**
 * The rows, row groups (their rows, and the values of each top-level column's chunks: a list's
 * items and a level for each empty or missing list) and key-value metadata of a Parquet footer.
 */
export function readFooter(footer: Uint8Array): { rows: number; rowGroups: number[]; values: Array<Map<string, number>>; metadata: Map<string, string> };
/** The footer with these top-level columns made Null columns (logical type UNKNOWN). */
export function withNullColumns(footer: Uint8Array, names: ReadonlySet<string>): Uint8Array;
/** The footer with these key-value metadata entries set (replaced, or added). */
export function withMetadata(footer: Uint8Array, entries: Record<string, string>): Uint8Array;
export interface RowGroupPlace {
  start: number;
  end: number;
  footer: Uint8Array;
}
/** For each row group: where its chunks lie, and the footer of a file holding it alone. */
export function rowGroupFooters(footer: Uint8Array): RowGroupPlace[];
/** The bytes of a one-row-group file, with `chunks` the place to read its chunks into. */
export function rowGroupFile(group: RowGroupPlace): { file: Uint8Array; chunks: Uint8Array };
/** The footer of one file of the row groups of these parts (their data first, then what follows each part's data). */
export function mergedFooter(parts: Array<{ footer: Uint8Array; dataEnd: number; footerStart: number }>): Uint8Array;
/** Where a Parquet file's row groups end (its first bloom filter or page index, else its footer). */
export function dataEnd(footer: Uint8Array, footerStart: number): number;
