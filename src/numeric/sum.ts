/**
 * Sums, means and standard deviations computed in numpy's order (pairwise summation in blocks of
 * 8), so that features match BlueETL's to the last bit.
 */
const BLOCK = 128;

/** numpy's pairwise sum of values[start .. start + n). */
function pairwise(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let sum = -0; // numpy starts from -0.0, so that a sum of -0.0 stays -0.0
    for (let i = 0; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  if (n <= BLOCK) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = values[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += values[start + i + j]!;
    let sum = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(values, start, half) + pairwise(values, start + half, n - half);
}

/** `np.sum` of a 1-D float64 array. */
export function sum(values: ArrayLike<number>): number {
  return pairwise(values, 0, values.length);
}

/** `np.mean`: NaN for an empty array. */
export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/** `np.std(values, ddof)`: the square root of the mean squared deviation. */
export function std(values: ArrayLike<number>, ddof = 0): number {
  const n = values.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(values);
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) squares[i] = (values[i]! - m) * (values[i]! - m);
  return Math.sqrt(sum(squares) / (n - ddof));
}

/** `np.nanmean`: NaNs replaced by 0 in the (pairwise) sum, divided by the count of the others. */
export function nanmean(values: ArrayLike<number>): number {
  let count = 0;
  // A loop, not Float64Array.from with a function: that is 15 times slower (M: 0.24 s of its features).
  const zeroed = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    zeroed[i] = v;
    count++;
  }
  return count === 0 ? NaN : sum(zeroed) / count;
}

/**
 * `pandas.Series.std(ddof)` where bottleneck is installed (as in the environment of BlueETL's
 * reference outputs): two passes with plain running sums, NaN skipped.
 */
export function bottleneckStd(values: ArrayLike<number>, ddof = 0): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      total += v;
      count++;
    }
  }
  if (count <= ddof) return NaN;
  const average = total / count;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) squares += (v - average) * (v - average);
  }
  return Math.sqrt(squares / (count - ddof));
}
