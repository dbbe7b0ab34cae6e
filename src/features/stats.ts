/** pandas' groupby reductions, in pandas' order of operations. */

/** `groupby().mean()`: Kahan-compensated sum of the non-NaN values at `rows`, divided by their count. */
export function kahanMean(values: ArrayLike<number>, rows: ArrayLike<number>, float32 = false): number {
  const round = float32 ? Math.fround : (x: number) => x;
  let sum = 0;
  let compensation = 0;
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (Number.isNaN(v)) continue;
    n++;
    const y = round(v - compensation);
    const t = round(sum + y);
    compensation = round(round(t - sum) - y);
    sum = t;
  }
  return n === 0 ? NaN : round(sum / n);
}

/** `kahanMean` of the `count` values at `start`, `start + stride`, ... (a column of a trial-major block). */
export function kahanMeanStrided(values: ArrayLike<number>, start: number, count: number, stride: number): number {
  let sum = 0;
  let compensation = 0;
  let n = 0;
  for (let i = 0, at = start; i < count; i++, at += stride) {
    const v = values[at]!;
    if (Number.isNaN(v)) continue;
    n++;
    const y = v - compensation;
    const t = sum + y;
    compensation = t - sum - y;
    sum = t;
  }
  return n === 0 ? NaN : sum / n;
}

/** `groupby().std(ddof)`: Welford's running variance of the non-NaN values, in float64. */
export function welfordStd(values: ArrayLike<number>, rows: ArrayLike<number>, ddof = 1): number {
  let n = 0;
  let mean = 0;
  let squares = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (Number.isNaN(v)) continue;
    n++;
    const previous = mean;
    mean += (v - previous) / n;
    squares += (v - mean) * (v - previous);
  }
  return n - ddof > 0 ? Math.sqrt(squares / (n - ddof)) : NaN;
}
