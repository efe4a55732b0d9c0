import type { Colormap } from '../../src/protocol/viewer';

/**
 * Single-channel maps (distance matrices, probabilities) read better in a perceptual colormap.
 * The tables are interpolated from nine anchors of matplotlib's viridis and magma, which keeps
 * them perceptually ordered without shipping 768 numbers each.
 */
const ANCHORS: Record<Exclude<Colormap, 'gray'>, readonly [number, number, number][]> = {
  viridis: [
    [68, 1, 84],
    [72, 40, 120],
    [62, 74, 137],
    [49, 104, 142],
    [38, 130, 142],
    [31, 158, 137],
    [53, 183, 121],
    [110, 206, 88],
    [253, 231, 37],
  ],
  magma: [
    [0, 0, 4],
    [28, 16, 68],
    [79, 18, 123],
    [129, 37, 129],
    [181, 54, 122],
    [229, 80, 100],
    [251, 135, 97],
    [254, 194, 135],
    [252, 253, 191],
  ],
};

const tables = new Map<Colormap, Uint32Array>();

/** 256 packed RGBA words (little-endian, opaque) indexed by the 8-bit level. */
export function colormapTable(name: Colormap): Uint32Array {
  const hit = tables.get(name);
  if (hit) return hit;
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = name === 'gray' ? [i, i, i] : interpolate(ANCHORS[name], i / 255);
    table[i] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
  tables.set(name, table);
  return table;
}

function interpolate(
  anchors: readonly [number, number, number][],
  t: number,
): [number, number, number] {
  const pos = t * (anchors.length - 1);
  const i = Math.min(anchors.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = anchors[i];
  const b = anchors[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}
