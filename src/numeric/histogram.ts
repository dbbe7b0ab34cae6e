/** `numpy.histogram(values, bins=n, range=(lo, hi))` with numpy's binning rules (equal-width bins). */

/** Edges as `numpy.linspace(lo, hi, n + 1)`: i * step + lo, the last one exactly hi. */
export function linspaceEdges(lo: number, hi: number, bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  return edges;
}

/**
 * Counts per bin; values outside [lo, hi] and NaN are dropped, the last bin is closed. The bin is
 * found by arithmetic, then corrected against the edges, as numpy does.
 */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Float64Array {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError("`bins` must be positive, when an integer");
  const counts = new Float64Array(bins);
  const edges = linspaceEdges(lo, hi, bins);
  const width = hi - lo;
  for (let k = 0; k < values.length; k++) {
    const x = values[k]!;
    if (!(x >= lo && x <= hi)) continue;
    let i = Math.trunc(((x - lo) / width) * bins);
    if (i === bins) i--;
    if (x < edges[i]!) i--;
    else if (x >= edges[i + 1]! && i !== bins - 1) i++;
    counts[i]!++;
  }
  return counts;
}
