/**
 * Tables as bytes between processes (a task's output in its part file): Arrow IPC, every dtype,
 * index level and category kept, as the cache keeps them (a table's row labels come back as the
 * unnamed index `index`, as from the cache; the tables of tasks have none).
 */
import * as arrow from "apache-arrow";
import { type DataFrame, fromArrow, toArrow } from "../frame/index.ts";

export function tableToBytes(table: DataFrame): Uint8Array {
  return arrow.tableToIPC(toArrow(table), "file");
}

export function tableFromBytes(bytes: Uint8Array): DataFrame {
  return fromArrow(arrow.tableFromIPC(bytes));
}
