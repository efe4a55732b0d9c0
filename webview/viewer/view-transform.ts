/**
 * Zoom and pan maths. Screen = image · scale + offset, in CSS pixels of the canvas' box. `fit`
 * means the scale follows the window, as the built-in image preview does until you zoom.
 */
export interface ViewTransform {
  scale: number;
  offsetX: number;
  offsetY: number;
  fit: boolean;
}

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;
/** Steps of the zoom-in/out commands, the same ladder as VS Code's image preview. */
export const ZOOM_LEVELS = [
  0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.5, 2, 3, 5, 7, 10, 15, 20, 30, 50,
];

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** Whole image visible and centred; never enlarged past 1:1, so small masks stay honest pixels. */
export function fitView(
  imageW: number,
  imageH: number,
  viewW: number,
  viewH: number,
): ViewTransform {
  const scale = clampScale(Math.min(1, viewW / imageW, viewH / imageH));
  return {
    scale,
    offsetX: (viewW - imageW * scale) / 2,
    offsetY: (viewH - imageH * scale) / 2,
    fit: true,
  };
}

/** 1:1, centred on the view's centre point of the image. */
export function actualSizeView(v: ViewTransform, viewW: number, viewH: number): ViewTransform {
  return zoomAt(v, 1 / v.scale, viewW / 2, viewH / 2);
}

/** Zooms by `factor` keeping the image point under the screen point (sx, sy) still. */
export function zoomAt(v: ViewTransform, factor: number, sx: number, sy: number): ViewTransform {
  const scale = clampScale(v.scale * factor);
  const f = scale / v.scale;
  return {
    scale,
    offsetX: sx - (sx - v.offsetX) * f,
    offsetY: sy - (sy - v.offsetY) * f,
    fit: false,
  };
}

/** The next rung of ZOOM_LEVELS above or below the current scale. */
export function stepZoom(scale: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_LEVELS.find((z) => z > scale * 1.0001) ?? MAX_SCALE;
  return [...ZOOM_LEVELS].reverse().find((z) => z < scale / 1.0001) ?? MIN_SCALE;
}

export function pan(v: ViewTransform, dx: number, dy: number): ViewTransform {
  return { ...v, offsetX: v.offsetX + dx, offsetY: v.offsetY + dy, fit: false };
}

/** The image pixel under a screen point, or undefined outside the image. */
export function screenToPixel(
  v: ViewTransform,
  sx: number,
  sy: number,
  imageW: number,
  imageH: number,
): { x: number; y: number } | undefined {
  const x = Math.floor((sx - v.offsetX) / v.scale);
  const y = Math.floor((sy - v.offsetY) / v.scale);
  return x >= 0 && y >= 0 && x < imageW && y < imageH ? { x, y } : undefined;
}

/** The screen point at the centre of image pixel (x, y). */
export function pixelCentreOnScreen(
  v: ViewTransform,
  x: number,
  y: number,
): { sx: number; sy: number } {
  return { sx: v.offsetX + (x + 0.5) * v.scale, sy: v.offsetY + (y + 0.5) * v.scale };
}

/** Smoothing blurs mask edges when enlarged; pixelated only once a pixel is bigger than a dot. */
export function smoothingFor(scale: number): boolean {
  return scale < 1;
}

/** The endpoints of the symmetry axis in image coordinates (diag/anti use the padded square). */
export function axisSegment(
  axis: 'lr' | 'ud' | 'diag' | 'anti',
  width: number,
  height: number,
): [number, number, number, number] {
  const n = Math.max(width, height);
  switch (axis) {
    case 'lr':
      return [width / 2, 0, width / 2, height];
    case 'ud':
      return [0, height / 2, width, height / 2];
    case 'diag':
      return [0, 0, n, n];
    case 'anti':
      return [n, 0, 0, n];
  }
}
