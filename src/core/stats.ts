/**
 * Robust summary statistics for score lists. Both helpers ignore NaN, so a sample whose score
 * could not be computed never drags the dataset's median.
 */

function finiteSorted(values: ArrayLike<number>): Float64Array {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) kept.push(v);
  }
  return Float64Array.from(kept).sort();
}

/** The median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: ArrayLike<number>): number {
  const sorted = finiteSorted(values);
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The median absolute deviation around `center` (the median by default), unscaled: multiply by
 * 1.4826 to estimate a normal distribution's standard deviation.
 */
export function mad(values: ArrayLike<number>, center = median(values)): number {
  const deviations: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) deviations.push(Math.abs(v - center));
  }
  return median(deviations);
}
