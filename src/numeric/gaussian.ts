/**
 * `scipy.ndimage.gaussian_filter` of a 1-D array: a normalised Gaussian kernel of radius
 * int(4 sigma + 0.5), borders reflected (d c b a | a b c d | d c b a), summed as scipy does.
 */
import { sum } from "./sum.ts";

export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.trunc(4 * sigma + 0.5);
  const sigma2 = sigma * sigma;
  const phi = Float64Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp((-0.5 / sigma2) * (i - radius) ** 2));
  const total = sum(phi);
  return phi.map((v) => v / total);
}

/** The filtered values; with `integer`, truncated toward zero as scipy does for integer input. */
export function gaussianFilter(values: ArrayLike<number>, sigma: number, integer = false): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const weights = gaussianKernel(sigma);
  const radius = (weights.length - 1) / 2;
  const at = (i: number): number => values[reflect(i, n)]!;
  for (let i = 0; i < n; i++) {
    // scipy's order for a symmetric kernel: the centre, then the pairs from the outermost in.
    let acc = values[i]! * weights[radius]!;
    for (let j = radius; j >= 1; j--) acc += (at(i - j) + at(i + j)) * weights[radius - j]!;
    out[i] = integer ? Math.trunc(acc) : acc;
  }
  return out;
}

/** Half-sample symmetric reflection of an index into [0, n). */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - 1 - k;
  return k;
}
