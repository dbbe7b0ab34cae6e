/**
 * Node selections are plain Uint32Arrays of node ids. These helpers work on sorted, unique
 * selections (what node sets produce) and turn any selection into contiguous runs to read.
 */

export type NodeIds = Uint32Array | readonly number[];

/** Ids 0..n-1. */
export function allNodes(n: number): Uint32Array {
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids;
}

export function isSortedUnique(ids: ArrayLike<number>): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) return false;
  return true;
}

export function sortedUnique(ids: ArrayLike<number>): Uint32Array {
  if (ids instanceof Uint32Array && isSortedUnique(ids)) return ids;
  const sorted = Uint32Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  }
  return sorted.slice(0, n);
}

export function intersectSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.slice(0, n);
}

export function unionSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x <= y) {
      out[n++] = x;
      i++;
      if (x === y) j++;
    } else {
      out[n++] = y;
      j++;
    }
  }
  return out.slice(0, n);
}

/** Ids where `keep(i)` holds, for i in 0..n-1. */
export function selectWhere(n: number, keep: (i: number) => boolean): Uint32Array {
  const out = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (keep(i)) out[m++] = i;
  return out.slice(0, m);
}

/**
 * Runs [start, stop) covering the sorted ids, merged when the gap between them is at most
 * `maxGap`: reading a few unused rows costs less than one more read.
 */
export function readRuns(sorted: Uint32Array, maxGap: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  let stop = -1;
  for (const id of sorted) {
    if (start < 0) {
      start = id;
      stop = id + 1;
    } else if (id - stop <= maxGap) {
      stop = id + 1;
    } else {
      runs.push([start, stop]);
      start = id;
      stop = id + 1;
    }
  }
  if (start >= 0) runs.push([start, stop]);
  return runs;
}

/** A membership bitmap over 0..max(ids): O(1) tests, one byte per possible id. */
export function membership(ids: ArrayLike<number>): Uint8Array {
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i]! > max) max = ids[i]!;
  const mask = new Uint8Array(max + 1);
  for (let i = 0; i < ids.length; i++) mask[ids[i]!] = 1;
  return mask;
}
