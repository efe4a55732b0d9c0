/**
 * The binary counts |M| and |M ∩ σM| of an 8-bit mask, walking each mirrored pair of pixels once.
 * This is the scan's hot path: for lr and ud it reads memory in order and touches no index map,
 * which makes scoring a 1024² mask several times cheaper than decoding it.
 */
import type { Axis } from './axis';

export interface PairCounts {
  /** |M| */
  count: number;
  /** |M ∩ σM| */
  inter: number;
}

/** Whether any of the four bytes of a 32-bit word is zero (the classic bit trick). */
function hasZeroByte(word: number): boolean {
  return ((word - 0x01010101) & ~word & 0x80808080) !== 0;
}

/** Counts for a square or rectangular plane (diag and anti need width = height). */
export function pairCountsU8(
  v: Uint8Array,
  width: number,
  height: number,
  axis: Axis,
  threshold: number,
): PairCounts {
  const t = threshold;
  let count = 0;
  let inter = 0;
  if (axis === 'lr') {
    const half = width >> 1;
    // Masks are mostly background: with 4-byte words, a word pair that is all zero skips 8 pixels.
    const words =
      t === 0 && width % 4 === 0 && v.byteOffset % 4 === 0
        ? new Int32Array(v.buffer, v.byteOffset, (width * height) >> 2)
        : undefined;
    const rowWords = width >> 2;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      let x = 0;
      if (words) {
        const w0 = y * rowWords;
        for (let k = 0, j = w0 + rowWords - 1; k < rowWords >> 1; k++, j--) {
          const left = words[w0 + k];
          const right = words[j];
          if ((left | right) === 0) continue;
          if (!hasZeroByte(left) && !hasZeroByte(right)) {
            // Eight foreground pixels that all mirror foreground: the inside of a shape.
            count += 8;
            inter += 8;
            continue;
          }
          for (let i = 0, l = row + 4 * k, r = row + width - 1 - 4 * k; i < 4; i++, l++, r--) {
            const a = v[l] > 0 ? 1 : 0;
            const b = v[r] > 0 ? 1 : 0;
            count += a + b;
            inter += (a & b) << 1;
          }
        }
        x = (rowWords >> 1) * 4;
      }
      for (let r = row + width - 1 - x; x < half; x++, r--) {
        const a = v[row + x] > t ? 1 : 0;
        const b = v[r] > t ? 1 : 0;
        count += a + b;
        inter += (a & b) << 1;
      }
      if (width & 1) {
        const m = v[row + half] > t ? 1 : 0;
        count += m;
        inter += m;
      }
    }
  } else if (axis === 'ud') {
    const half = height >> 1;
    const words =
      t === 0 && width % 4 === 0 && v.byteOffset % 4 === 0
        ? new Int32Array(v.buffer, v.byteOffset, (width * height) >> 2)
        : undefined;
    const rowWords = width >> 2;
    for (let y = 0; y < half; y++) {
      const top = y * width;
      const bottom = (height - 1 - y) * width;
      if (words) {
        // Row y and its mirror row align word for word, so whole words can be compared.
        for (let k = 0, a0 = y * rowWords, b0 = (height - 1 - y) * rowWords; k < rowWords; k++) {
          const upper = words[a0 + k];
          const lower = words[b0 + k];
          if ((upper | lower) === 0) continue;
          if (!hasZeroByte(upper) && !hasZeroByte(lower)) {
            count += 8;
            inter += 8;
            continue;
          }
          for (let x = 4 * k; x < 4 * k + 4; x++) {
            const a = v[top + x] > 0 ? 1 : 0;
            const b = v[bottom + x] > 0 ? 1 : 0;
            count += a + b;
            inter += (a & b) << 1;
          }
        }
        continue;
      }
      for (let x = 0; x < width; x++) {
        if ((v[top + x] | v[bottom + x]) === 0 && t === 0) continue;
        const a = v[top + x] > t ? 1 : 0;
        const b = v[bottom + x] > t ? 1 : 0;
        count += a + b;
        inter += (a & b) << 1;
      }
    }
    if (height & 1) {
      const mid = half * width;
      for (let x = 0; x < width; x++) {
        const m = v[mid + x] > t ? 1 : 0;
        count += m;
        inter += m;
      }
    }
  } else {
    if (width !== height)
      throw new Error(`axis ${axis} needs a square plane, got ${width}×${height}`);
    const n = width;
    for (let y = 0; y < n; y++) {
      const row = y * n;
      if (axis === 'diag') {
        const d = v[row + y] > t ? 1 : 0;
        count += d;
        inter += d;
        // (y, x) pairs with (x, y): the column walk is strided, but each pair is read once.
        for (let x = y + 1, q = (y + 1) * n + y; x < n; x++, q += n) {
          const a = v[row + x] > t ? 1 : 0;
          const b = v[q] > t ? 1 : 0;
          count += a + b;
          inter += (a & b) << 1;
        }
      } else {
        // (y, x) pairs with (n−1−x, n−1−y); x + y = n − 1 is the axis.
        const last = n - 1 - y;
        const d = v[row + last] > t ? 1 : 0;
        count += d;
        inter += d;
        for (let x = 0, q = (n - 1) * n + last; x < last; x++, q -= n) {
          const a = v[row + x] > t ? 1 : 0;
          const b = v[q] > t ? 1 : 0;
          count += a + b;
          inter += (a & b) << 1;
        }
      }
    }
  }
  return { count, inter };
}
