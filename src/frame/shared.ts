/**
 * Large columns on shared memory: the Parquet writer threads read their row groups in place, with
 * no copy made by this thread (a copy waited for this thread's event loop, which a long kernel
 * holds for seconds). Small ones stay ordinary arrays: a SharedArrayBuffer costs more to make.
 */

/** Bytes from which a column's array is shared. */
const SHARED_FROM = 1 << 20;

/** A typed array of `length` zeros, of the type `Ctor` makes. */
export function columnArray<T>(Ctor: new (length: number) => T, length: number): T {
  const bytes = length * (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  return bytes >= SHARED_FROM ? sharedArray(Ctor, length) : new Ctor(length);
}

/** A typed array of `length` zeros on shared memory, whatever its size (for other threads to fill). */
export function sharedArray<T>(Ctor: new (length: number) => T, length: number): T {
  const Typed = Ctor as unknown as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  return new Typed(new SharedArrayBuffer(length * Typed.BYTES_PER_ELEMENT));
}
