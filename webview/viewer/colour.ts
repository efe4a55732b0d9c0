/** Colours as the canvas sees them: packed RGBA bytes, and the source-over blend it performs. */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export function parseHexColour(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: '${hex}'`);
  const n = parseInt(m[1], 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/** The little-endian RGBA word a Uint32Array view over ImageData needs for this colour. */
export function packRgba(c: Rgb, alpha = 255): number {
  return ((alpha << 24) | (c.b << 16) | (c.g << 8) | c.r) >>> 0;
}

/**
 * What the canvas shows when `top` (with its own alpha a ∈ 0..1, times the layer opacity) is
 * drawn over an opaque `bottom`: bottom·(1 − a) + top·a per channel.
 */
export function blendOver(bottom: Rgb, top: Rgb, alpha: number): Rgb {
  const a = Math.min(1, Math.max(0, alpha));
  return {
    r: Math.round(bottom.r * (1 - a) + top.r * a),
    g: Math.round(bottom.g * (1 - a) + top.g * a),
    b: Math.round(bottom.b * (1 - a) + top.b * a),
  };
}
