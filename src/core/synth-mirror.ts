/**
 * The reflection as an index map, and the asymmetry the generator checks its own masks with.
 * The generator keeps its own small copy instead of importing the scoring module, so that the
 * synthetic ground truth is an independent check of that module rather than a mirror of it.
 */
import type { Axis } from './axis';

/** mirror[i] is the flat index of σ(pixel i) in a width × height raster. */
export function mirrorIndexMap(axis: Axis, width: number, height: number): Int32Array {
  if ((axis === 'diag' || axis === 'anti') && width !== height) {
    throw new RangeError(`axis ${axis} needs a square raster, got ${width}×${height}`);
  }
  const map = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let my = y;
      let mx = x;
      if (axis === 'lr') mx = width - 1 - x;
      else if (axis === 'ud') my = height - 1 - y;
      else if (axis === 'diag') [my, mx] = [x, y];
      else [my, mx] = [width - 1 - x, height - 1 - y];
      map[y * width + x] = my * width + mx;
    }
  }
  return map;
}

/**
 * Which side of the axis a pixel is on: -1 before its mirror in row-major order (left, top,
 * above the diagonal), 0 on the axis, +1 after. Corruptions that touch one side only use it.
 */
export function sideOf(mirror: Int32Array, i: number): -1 | 0 | 1 {
  const j = mirror[i];
  return i < j ? -1 : i > j ? 1 : 0;
}

/**
 * Makes a label map exactly symmetric: each pixel after its mirror copies the mirror's label
 * (through the swap), and axis pixels with a label that would swap are cleared, since a pixel
 * cannot be its own left and right.
 */
export function symmetriseLabels(labels: Uint8Array, mirror: Int32Array, swap: Uint8Array): void {
  for (let i = 0; i < labels.length; i++) {
    const j = mirror[i];
    if (j < i) labels[i] = swap[labels[j]];
    else if (j === i && swap[labels[i]] !== labels[i]) labels[i] = 0;
  }
}

/** The identity on 0..255 with the given pairs exchanged. */
export function swapTable(pairs: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = v;
  for (const [a, b] of pairs) {
    table[a] = b;
    table[b] = a;
  }
  return table;
}

/** 1 − |M ∩ σM| / |M ∪ σM| on the foreground (label > 0); 0 for an empty mask. */
export function binaryAsymmetry(labels: Uint8Array, mirror: Int32Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i] > 0;
    const b = labels[mirror[i]] > 0;
    if (a && b) inter++;
    if (a || b) union++;
  }
  return union === 0 ? 0 : 1 - inter / union;
}

/**
 * Mean over the classes present of 1 − |M_c ∩ σM_swap(c)| / |M_c ∪ σM_swap(c)|: the per-class
 * score of DESIGN.md, where the left class is compared with the mirrored right class.
 */
export function classAsymmetry(labels: Uint8Array, mirror: Int32Array, swap: Uint8Array): number {
  const inter = new Float64Array(256);
  const union = new Float64Array(256);
  for (let i = 0; i < labels.length; i++) {
    const here = labels[i];
    const there = swap[labels[mirror[i]]];
    if (here === there) {
      if (here > 0) {
        inter[here]++;
        union[here]++;
      }
    } else {
      if (here > 0) union[here]++;
      if (there > 0) union[there]++;
    }
  }
  let sum = 0;
  let count = 0;
  for (let c = 1; c < 256; c++) {
    if (union[c] === 0) continue;
    sum += 1 - inter[c] / union[c];
    count++;
  }
  return count === 0 ? 0 : sum / count;
}
