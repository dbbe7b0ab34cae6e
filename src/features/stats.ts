/** pandas' groupby reductions, in pandas' order of operations, fed one value at a time. */

/** `groupby().mean()`: a Kahan-compensated sum of the non-NaN values (in float32 for float32 data), divided by their count. */
export class KahanMean {
  private sum = 0;
  private compensation = 0;
  private n = 0;
  private readonly round: (x: number) => number;

  constructor(float32 = false) {
    this.round = float32 ? Math.fround : (x) => x;
  }

  add(v: number): void {
    if (Number.isNaN(v)) return;
    const round = this.round;
    this.n++;
    const y = round(v - this.compensation);
    const t = round(this.sum + y);
    this.compensation = round(round(t - this.sum) - y);
    this.sum = t;
  }

  get value(): number {
    return this.n === 0 ? NaN : this.round(this.sum / this.n);
  }
}

/** `groupby().std(ddof)`: Welford's running variance of the non-NaN values, in float64. */
export class WelfordStd {
  private n = 0;
  private mean = 0;
  private squares = 0;

  constructor(private readonly ddof = 1) {}

  add(v: number): void {
    if (Number.isNaN(v)) return;
    this.n++;
    const previous = this.mean;
    this.mean += (v - previous) / this.n;
    this.squares += (v - this.mean) * (v - previous);
  }

  get value(): number {
    return this.n - this.ddof > 0 ? Math.sqrt(this.squares / (this.n - this.ddof)) : NaN;
  }
}

/** The Kahan mean of the values at `rows`. */
export function kahanMean(values: ArrayLike<number>, rows: ArrayLike<number>, float32 = false): number {
  const mean = new KahanMean(float32);
  for (let i = 0; i < rows.length; i++) mean.add(values[rows[i]!]!);
  return mean.value;
}

/** The Kahan mean of the `count` values at `start`, `start + stride`, ... (a column of a trial-major block). */
export function kahanMeanStrided(values: ArrayLike<number>, start: number, count: number, stride: number): number {
  const mean = new KahanMean();
  for (let i = 0, at = start; i < count; i++, at += stride) mean.add(values[at]!);
  return mean.value;
}

/** The Welford standard deviation of the values at `rows`. */
export function welfordStd(values: ArrayLike<number>, rows: ArrayLike<number>, ddof = 1): number {
  const std = new WelfordStd(ddof);
  for (let i = 0; i < rows.length; i++) std.add(values[rows[i]!]!);
  return std.value;
}
