import { columnArray } from "../frame/index.ts";

/**
 * A typed array that grows by doubling: tables of unknown length built without per-row objects
 * (`shared`: a large one on shared memory, for the columns of a table: see frame/shared.ts).
 */
type TypedArrayConstructor<T> = { new (length: number): T; BYTES_PER_ELEMENT: number };
type Typed = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array;

export class Growable<T extends Typed> {
  private data: T;
  length = 0;

  constructor(
    private readonly Ctor: TypedArrayConstructor<T>,
    capacity = 1024,
    private readonly shared = false,
  ) {
    this.data = this.allocate(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Append `count` copies of `value`. */
  fill(value: number, count: number): void {
    this.reserve(count);
    this.data.fill(value, this.length, this.length + count);
    this.length += count;
  }

  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.data.set(values as never, this.length);
    this.length += values.length;
  }

  /** Append `count` values of `source` from `start`, `stride` apart (a column of a row-major block). */
  appendStrided(source: ArrayLike<number>, start: number, stride: number, count: number): void {
    this.reserve(count);
    const data = this.data;
    let at = this.length;
    for (let k = 0, i = start; k < count; k++, i += stride) data[at++] = source[i]!;
    this.length = at;
  }

  reserve(extra: number): void {
    if (this.length + extra > this.data.length) this.grow(this.length + extra);
  }

  /** The values, trimmed to their length. */
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }

  get capacity(): number {
    return this.data.length;
  }

  /** Room for `total` values in all, exactly (when there is less): for a size known in advance. */
  expect(total: number): void {
    if (total > this.data.length) this.resize(total);
  }

  private allocate(length: number): T {
    return this.shared ? columnArray(this.Ctor, length) : new this.Ctor(length);
  }

  private grow(minimum: number): void {
    this.resize(Math.max(minimum, this.data.length * 2));
  }

  private resize(capacity: number): void {
    const next = this.allocate(capacity);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }
}
