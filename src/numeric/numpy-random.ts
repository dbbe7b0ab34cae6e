/**
 * numpy's legacy global random generator (`np.random.seed`, MT19937), as far as BlueETL uses it:
 * `choice(a, size, replace=False)` for the neuron `limit`. Same seed, same stream, same neurons
 * as Python. (Also `rand` and `randint`, to rebuild numpy-made test data.)
 */
const N = 624;
const M = 397;

export class NumpyRandom {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** `np.random.seed(seed)`: MT19937 `init_genrand`. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
      throw new RangeError(`the seed must be an integer in [0, 2^32), got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing precision.
      mt[i] = ((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i;
    }
    this.index = N;
  }

  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `np.random.rand()`: a double in [0, 1) from 53 random bits. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer in [0, max], by masked rejection (numpy's `random_interval`). */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new RangeError("interval: max above 2^32 - 1 is not supported");
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** `np.random.randint(high)`: an integer in [0, high). */
  randint(high: number): number {
    return this.interval(high - 1);
  }

  /** `np.random.permutation(n)`: Fisher-Yates from the end. */
  permutation(n: number): Uint32Array {
    const out = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /** `np.random.choice(values, size, replace=False)`: the first `size` of a permutation. */
  choice<T extends ArrayLike<number>>(values: T, size: number): Float64Array {
    if (size > values.length) throw new RangeError(`cannot take ${size} values out of ${values.length} without replacement`);
    const picked = this.permutation(values.length).subarray(0, size);
    return Float64Array.from(picked, (i) => values[i]!);
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}
