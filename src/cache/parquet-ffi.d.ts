/** A column of a record batch as arrow's `makeData` takes it (without its type). */
export interface FFIColumn {
  length: number;
  offset: number;
  nullCount: number;
  nullBitmap?: Uint8Array;
  data?: ArrayBufferView;
  valueOffsets?: Int32Array;
  child?: FFIColumn;
  dictionary?: FFIColumn;
}
/** Whether this reader knows a column of this format (with its children's and its dictionary's). */
export function supportedFormat(format: string, children: string[], dictionary: string | undefined): boolean;
/**
 * The record batches of a parquet-wasm Table, each as its columns (fixed-width values and
 * dictionary codes as views into the wasm memory), given to `each`; the table is consumed.
 * False (nothing given) unless `accept` takes the columns' formats ("g", "+l[g]", "c:u").
 */
export function eachBatch(
  table: { intoFFI(): { schemaAddr(): number; arrayAddrs(): Uint32Array; free(): void } },
  wasmMemory: WebAssembly.Memory,
  accept: (formats: string[]) => boolean,
  each: (columns: FFIColumn[], rows: number) => void,
): boolean;
