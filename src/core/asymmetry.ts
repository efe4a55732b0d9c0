import type { Axis } from './axis';
import { AXES, isAxis, needsSquare } from './axis';
import type { MaskMode } from './binarize';
import {
  FLOAT_FOREGROUND,
  checkRaster,
  integerThreshold,
  isGreyscale,
  packedColourLabels,
  reducePlane,
  resolveMode,
} from './binarize';
import { unfold } from './fold';
import { padTo } from './pad';
import type { PixelArray } from './raster';
import { isFloatRaster, rasterOf } from './raster';
import type { Raster } from './raster';
import { pairCountsU8 } from './binary-pairs';
import { mirrorIndexMap } from './reflect';

/*
 * Asymmetry scores (DESIGN.md, "Asymmetry scores"): asym = 1 − |M ∩ σM| / |M ∪ σM|, per class for
 * label maps. σ is a bijection of the (square, for diag/anti) pixel grid, so |σM| = |M| and the
 * union is 2|M| − |M ∩ σM|: one pass that counts |M| and |M ∩ σM| is enough.
 */

export type TriangleMode = 'auto' | 'full' | 'upper';

export interface ScoreOptions {
  axis: Axis;
  /** Integer masks are foreground where value > threshold (default 0); floats use ≥ 0.5. */
  threshold?: number;
  /** Label pairs that trade places under σ, e.g. [[1, 2]] for left lung ↔ right lung. */
  swap?: ReadonlyArray<readonly [number, number]>;
  mode?: MaskMode;
  /**
   * diag/anti only. 'upper': the file stores the kept triangle only (diag: x ≥ y, anti:
   * x + y ≤ n − 1) and is mirrored before scoring. 'auto': do that when the other triangle is
   * all zero while the kept one has foreground off the axis. A truly asymmetric mask whose
   * foreground all lies above the axis is therefore read as a triangle; pass 'full' to score it.
   */
  triangle?: TriangleMode;
}

export interface ClassScore {
  label: number;
  asymmetry: number;
  /** Pixels of this class in the mask. */
  pixels: number;
}

export interface MaskScore {
  /** Binary: 1 − IoU(M, σM). Label maps: the mean over the classes present. 0 for an empty mask. */
  asymmetry: number;
  /** Fraction of the mask's own pixels (padding excluded) that are foreground, in [0, 1]. */
  foreground: number;
  /** The mask was padded to a square (diag/anti with a non-square mask). */
  padded: boolean;
  /** The mask was stored as one triangle and was mirrored before scoring. */
  triangleUnfolded: boolean;
  /** Label maps only, sorted by label. */
  classes?: ClassScore[];
  /** Float masks only, on values clipped to [0, 1] over the whole (padded) grid. */
  soft?: SoftScores;
  /** Float masks only: NaN values found and read as 0 (the caller warns). */
  nanCount?: number;
  /** How the mask was read. */
  mode?: 'binary' | 'labels';
}

/** Parses "1:2,3:4" (spaces allowed, empty text = no swap) into label pairs. */
export function parseSwap(text: string): [number, number][] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const pairs = trimmed.split(',').map((item): [number, number] => {
    const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(item);
    if (!match) {
      throw new Error(
        `invalid label swap '${item.trim()}' in '${text}': expected pairs of class labels like 1:2,3:4`,
      );
    }
    return [Number(match[1]), Number(match[2])];
  });
  swapTable(pairs);
  return pairs;
}

/** label → its partner under σ, checked: positive integers, no self pairs, each label once. */
function swapTable(
  pairs: ReadonlyArray<readonly [number, number]> | undefined,
): Map<number, number> {
  const table = new Map<number, number>();
  for (const [a, b] of pairs ?? []) {
    for (const label of [a, b]) {
      if (!Number.isSafeInteger(label) || label <= 0) {
        throw new Error(`label swap ${a}:${b}: labels must be positive integers (0 is background)`);
      }
    }
    if (a === b) throw new Error(`label swap ${a}:${b} pairs a label with itself`);
    for (const label of [a, b]) {
      if (table.has(label)) throw new Error(`label ${label} appears in more than one swap pair`);
    }
    table.set(a, b);
    table.set(b, a);
  }
  return table;
}

function checkOptions(opts: ScoreOptions): void {
  if (!isAxis(opts.axis)) {
    throw new Error(`unknown axis '${String(opts.axis)}': expected one of ${AXES.join(', ')}`);
  }
  if (opts.mode !== undefined && !['auto', 'binary', 'labels'].includes(opts.mode)) {
    throw new Error(`unknown mask mode '${String(opts.mode)}': expected auto, binary or labels`);
  }
  if (opts.triangle !== undefined && !['auto', 'full', 'upper'].includes(opts.triangle)) {
    throw new Error(
      `unknown triangle mode '${String(opts.triangle)}': expected auto, full or upper`,
    );
  }
  if (opts.triangle === 'upper' && !needsSquare(opts.axis)) {
    throw new Error(`triangle 'upper' applies to the diag and anti axes only, not ${opts.axis}`);
  }
}

/**
 * Whether an n×n plane is stored as the kept triangle only: the other side strictly zero and
 * some non-zero value in the kept triangle off the axis itself (a mask on the axis alone is
 * already symmetric and needs nothing).
 */
export function isStoredAsTriangle(
  values: ArrayLike<number>,
  n: number,
  axis: 'diag' | 'anti',
): boolean {
  let keptOffAxis = false;
  for (let y = 0, p = 0; y < n; y++) {
    for (let x = 0; x < n; x++, p++) {
      const v = values[p];
      if (v === 0) continue;
      const side = axis === 'diag' ? x - y : n - 1 - x - y;
      if (side < 0) return false;
      if (side > 0) keptOffAxis = true;
    }
  }
  return keptOffAxis;
}

interface BinaryCounts {
  count: number;
  inter: number;
}

function integerCounts(values: PixelArray, map: Int32Array, t: number): BinaryCounts {
  let count = 0;
  let inter = 0;
  for (let p = 0; p < map.length; p++) {
    if (values[p] > t) {
      count++;
      if (values[map[p]] > t) inter++;
    }
  }
  return { count, inter };
}

function asymmetryOf({ count, inter }: BinaryCounts): number {
  return count === 0 ? 0 : 1 - inter / (2 * count - inter);
}

export interface SoftScores {
  meanAbsDiff: number;
  softIoU: number;
}

function floatScore(values: PixelArray, map: Int32Array): BinaryCounts & SoftScores {
  let count = 0;
  let inter = 0;
  let absDiff = 0;
  let sumMin = 0;
  let sumMax = 0;
  // A local copy: an imported binding is a getter call per pixel in CommonJS output.
  const cut = FLOAT_FOREGROUND;
  // Ternaries instead of Math.min/max: this loop runs a million times per 1024² mask.
  for (let p = 0; p < map.length; p++) {
    let a = values[p];
    a = a < 0 ? 0 : a > 1 ? 1 : a;
    let b = values[map[p]];
    b = b < 0 ? 0 : b > 1 ? 1 : b;
    if (a >= cut) {
      count++;
      if (b >= cut) inter++;
    }
    if (a < b) {
      sumMin += a;
      sumMax += b;
      absDiff += b - a;
    } else {
      sumMin += b;
      sumMax += a;
      absDiff += a - b;
    }
  }
  return {
    count,
    inter,
    meanAbsDiff: map.length === 0 ? 0 : absDiff / map.length,
    softIoU: sumMax === 0 ? 1 : sumMin / sumMax,
  };
}

/** Per-class scores: class c against the reflection of class swap(c). */
function labelScores(
  values: ArrayLike<number>,
  map: Int32Array,
  swap: Map<number, number>,
): { classes: ClassScore[]; foregroundPixels: number } {
  // Dense ids keep the per-pixel loop on typed arrays whatever the label values are; 8- and
  // 16-bit labels find their id in a lookup table, wider ones (packed colours) in a Map.
  const idOf = new Map<number, number>();
  const table =
    values instanceof Uint8Array
      ? new Int32Array(256)
      : values instanceof Uint16Array
        ? new Int32Array(65536)
        : null;
  const labels: number[] = [];
  const ids = new Int32Array(map.length);
  let foregroundPixels = 0;
  for (let p = 0; p < map.length; p++) {
    const v = values[p];
    if (!(v > 0)) continue;
    foregroundPixels++;
    let id = table ? table[v] : (idOf.get(v) ?? 0);
    if (id === 0) {
      labels.push(v);
      id = labels.length;
      idOf.set(v, id);
      if (table) table[v] = id;
    }
    ids[p] = id;
  }
  const partner = new Int32Array(labels.length + 1).fill(-1);
  labels.forEach((label, i) => {
    partner[i + 1] = idOf.get(swap.get(label) ?? label) ?? -1;
  });
  const pixels = new Float64Array(labels.length + 1);
  const inter = new Float64Array(labels.length + 1);
  for (let p = 0; p < map.length; p++) {
    const id = ids[p];
    if (id === 0) continue;
    pixels[id]++;
    if (ids[map[p]] === partner[id]) inter[id]++;
  }
  const classes = labels.map((label, i) => {
    const id = i + 1;
    const q = partner[id];
    const union = pixels[id] + (q > 0 ? pixels[q] : 0) - inter[id];
    return { label, asymmetry: 1 - inter[id] / union, pixels: pixels[id] };
  });
  classes.sort((a, b) => a.label - b.label);
  return { classes, foregroundPixels };
}

function countInRegion(
  values: ArrayLike<number>,
  stride: number,
  width: number,
  height: number,
  isForeground: (v: number) => boolean,
): number {
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (isForeground(values[y * stride + x])) count++;
  }
  return count;
}

/** The asymmetry of one mask under one reflection (see ScoreOptions and MaskScore). */
export function scoreMask(mask: Raster, opts: ScoreOptions): MaskScore {
  checkRaster(mask);
  checkOptions(opts);
  const { axis } = opts;
  const swap = swapTable(opts.swap);
  const float = isFloatRaster(mask);
  const threshold = float ? 0 : integerThreshold(mask, opts.threshold);
  const requested = opts.mode ?? 'auto';
  const colourLabels = requested === 'labels' && !float && !isGreyscale(mask);
  const plane = colourLabels ? null : reducePlane(mask);
  let values: PixelArray = plane ? plane.values : packedColourLabels(mask);
  const mode = resolveMode(mask, values, requested, opts.threshold);
  const realPixels = mask.width * mask.height;

  let size = mask.width;
  let padded = false;
  if (needsSquare(axis) && mask.width !== mask.height) {
    size = Math.max(mask.width, mask.height);
    values = padTo(rasterOf(values, mask.width, mask.height), size, size).raster.data;
    padded = true;
  }
  let triangleUnfolded = false;
  if (axis === 'diag' || axis === 'anti') {
    const triangle = opts.triangle ?? 'auto';
    if (triangle === 'upper' || (triangle === 'auto' && isStoredAsTriangle(values, size, axis))) {
      values = unfold(rasterOf(values, size, size), axis, size, size).data;
      triangleUnfolded = true;
    }
  }
  // Built lazily: the 8-bit binary path walks mirrored pairs directly and needs no map.
  const map = (): Int32Array =>
    mirrorIndexMap(
      axis,
      needsSquare(axis) ? size : mask.width,
      needsSquare(axis) ? size : mask.height,
    );
  const base = { padded, triangleUnfolded };
  // A padded mask that was also unfolded has mirrored pixels in its padding: they are not the
  // mask's own, so the foreground fraction counts the original region only.
  const foregroundFraction = (count: number, isForeground: (v: number) => boolean): number =>
    (padded && triangleUnfolded
      ? countInRegion(values, size, mask.width, mask.height, isForeground)
      : count) / realPixels;

  if (mode === 'labels') {
    const { classes, foregroundPixels } = labelScores(values, map(), swap);
    const asymmetry =
      classes.length === 0 ? 0 : classes.reduce((sum, c) => sum + c.asymmetry, 0) / classes.length;
    const foreground = foregroundFraction(foregroundPixels, (v) => v > 0);
    return { asymmetry, foreground, ...base, classes, mode };
  }
  if (float) {
    const { count, inter, meanAbsDiff, softIoU } = floatScore(values, map());
    return {
      asymmetry: asymmetryOf({ count, inter }),
      foreground: foregroundFraction(count, (v) => v >= FLOAT_FOREGROUND),
      ...base,
      soft: { meanAbsDiff, softIoU },
      nanCount: plane?.nanCount ?? 0,
      mode,
    };
  }
  const counts =
    values instanceof Uint8Array
      ? pairCountsU8(
          values,
          needsSquare(axis) ? size : mask.width,
          needsSquare(axis) ? size : mask.height,
          axis,
          threshold,
        )
      : integerCounts(values, map(), threshold);
  const foreground = foregroundFraction(counts.count, (v) => v > threshold);
  return { asymmetry: asymmetryOf(counts), foreground, ...base, mode };
}
