/** The cache: checksummed, locked, atomically written tables (Parquet or Feather). */
export { CacheError } from "./errors.ts";
export { CACHE_VERSION, CacheManager, type CacheInputs, type CacheOptions, type InputFiles, type InputStamp } from "./manager.ts";
export { CacheFolder } from "./files.ts";
export { PAUSE_VARIABLE } from "./durable.js";
export { type StoreType, type TableFormat, decodeTable, encodeTable, fileChecksum, readTable, readTableHead, writeTable } from "./store.ts";
export { isSubfilter } from "./subfilter.ts";
export { fromArrow, toArrow } from "../frame/index.ts";
export { formatFloat } from "./csv.ts";
