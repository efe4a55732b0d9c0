/**
 * The shapes synthetic masks are drawn from. Each shape is painted together with its mirror
 * image, so the union is symmetric whatever the shape; the generator then makes the label map
 * exactly symmetric (symmetriseLabels) to settle pixels where a label and its swap overlap.
 */
import type { Axis } from './axis';
import type { Rng } from './rng';

/** A region given by a membership test over its bounding box (inclusive pixel bounds). */
export interface Shape {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  inside(x: number, y: number): boolean;
}

export interface Canvas {
  labels: Uint8Array;
  width: number;
  height: number;
  mirror: Int32Array;
  swap: Uint8Array;
}

/**
 * Paints a shape with `label` and its mirror with the swapped label. `nearSideOnly` clips the
 * shape to the near side of the axis, which a left/right pair needs: a left organ never
 * crosses the midline.
 */
export function paintSymmetric(
  canvas: Canvas,
  shape: Shape,
  label: number,
  nearSideOnly = false,
): void {
  const { labels, width, height, mirror, swap } = canvas;
  const x0 = Math.max(0, Math.floor(shape.x0));
  const y0 = Math.max(0, Math.floor(shape.y0));
  const x1 = Math.min(width - 1, Math.ceil(shape.x1));
  const y1 = Math.min(height - 1, Math.ceil(shape.y1));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      if (nearSideOnly && mirror[i] <= i) continue;
      if (!shape.inside(x, y)) continue;
      labels[i] = label;
      labels[mirror[i]] = swap[label];
    }
  }
}

export function ellipse(cx: number, cy: number, rx: number, ry: number, angle: number): Shape {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const r = Math.max(rx, ry);
  return {
    x0: cx - r,
    y0: cy - r,
    x1: cx + r,
    y1: cy + r,
    inside: (x, y) => {
      const u = ((x - cx) * c + (y - cy) * s) / rx;
      const v = (-(x - cx) * s + (y - cy) * c) / ry;
      return u * u + v * v <= 1;
    },
  };
}

/** A star-shaped blob: radius r0·(1 + Σ a_k cos(kθ + φ_k)), a few low harmonics, like an organ outline. */
export function blob(cx: number, cy: number, r0: number, rng: Rng): Shape {
  const harmonics = [2, 3, 4].map((k) => ({
    k,
    a: rng.range(0, 0.28 / k + 0.05),
    phase: rng.range(0, 2 * Math.PI),
  }));
  const reach = r0 * (1 + harmonics.reduce((sum, h) => sum + h.a, 0));
  return {
    x0: cx - reach,
    y0: cy - reach,
    x1: cx + reach,
    y1: cy + reach,
    inside: (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const theta = Math.atan2(dy, dx);
      let r = 1;
      for (const h of harmonics) r += h.a * Math.cos(h.k * theta + h.phase);
      return dx * dx + dy * dy <= r0 * r0 * r * r;
    },
  };
}

/** A random simple polygon: vertices at sorted angles around the centre (even–odd fill). */
export function polygon(cx: number, cy: number, r0: number, rng: Rng): Shape {
  const count = rng.int(3, 8);
  // Jittered even spacing: random angles alone often bunch up into a sliver.
  const start = rng.range(0, 2 * Math.PI);
  const angles = Array.from(
    { length: count },
    (_, k) => start + ((k + rng.range(-0.3, 0.3)) * 2 * Math.PI) / count,
  );
  const px = angles.map((a) => cx + r0 * rng.range(0.6, 1.15) * Math.cos(a));
  const py = angles.map((a) => cy + r0 * rng.range(0.6, 1.15) * Math.sin(a));
  return {
    x0: Math.min(...px),
    y0: Math.min(...py),
    x1: Math.max(...px),
    y1: Math.max(...py),
    inside: (x, y) => {
      let odd = false;
      for (let i = 0, j = count - 1; i < count; j = i++) {
        if (
          py[i] > y !== py[j] > y &&
          x < ((px[j] - px[i]) * (y - py[i])) / (py[j] - py[i]) + px[i]
        ) {
          odd = !odd;
        }
      }
      return odd;
    },
  };
}

export function randomOrganShape(cx: number, cy: number, r0: number, rng: Rng): Shape {
  const pick = rng.next();
  if (pick < 0.4) return blob(cx, cy, r0, rng);
  if (pick < 0.75)
    return ellipse(
      cx,
      cy,
      r0 * rng.range(0.7, 1.3),
      r0 * rng.range(0.5, 1.0),
      rng.range(0, Math.PI),
    );
  return polygon(cx, cy, r0, rng);
}

/**
 * Objects about a vertical (lr) or horizontal (ud) axis. With one class: one to three shapes
 * anywhere, each mirrored, so some straddle the axis and some come as a separate pair. With
 * classes ≥ 2: label 1 on the near side and its mirror labelled 2 (left/right lung), and
 * symmetric classes 3..K centred on the axis (heart, trachea).
 */
export function drawMirrorObjects(
  canvas: Canvas,
  axis: 'lr' | 'ud',
  classes: number,
  rng: Rng,
): void {
  const { width, height } = canvas;
  // Work in (across, along) coordinates so one routine serves both axes.
  const across = axis === 'lr' ? width : height;
  const along = axis === 'lr' ? height : width;
  const toXY = (a: number, l: number): [number, number] => (axis === 'lr' ? [a, l] : [l, a]);
  const scale = Math.min(width, height);
  const radius = (lo: number, hi: number): number => Math.max(2.5, scale * rng.range(lo, hi));

  if (classes === 1) {
    const count = rng.int(1, 4);
    for (let s = 0; s < count; s++) {
      const [cx, cy] = toXY(across * rng.range(0.15, 0.85), along * rng.range(0.2, 0.8));
      paintSymmetric(canvas, randomOrganShape(cx, cy, radius(0.08, 0.2), rng), 1);
    }
    return;
  }
  const order = Array.from({ length: classes - 1 }, (_, k) => k);
  rng.shuffle(order);
  for (const k of order) {
    if (k === 0) {
      const r = radius(0.1, 0.18);
      // Keep the near-side object off the axis, as a left organ is.
      const a = Math.min(across / 2 - r * 0.8, across * rng.range(0.12, 0.32) + r * 0.3);
      const [cx, cy] = toXY(a, along * rng.range(0.3, 0.7));
      paintSymmetric(canvas, randomOrganShape(cx, cy, r, rng), 1, true);
    } else {
      const [cx, cy] = toXY((across - 1) / 2, along * rng.range(0.2, 0.8));
      paintSymmetric(canvas, randomOrganShape(cx, cy, radius(0.06, 0.14), rng), k + 2);
    }
  }
}

/**
 * A contact-map-like pattern on an n × n square, symmetric about the diagonal: the band of
 * local contacts near the diagonal, thicker where a helix runs, plus a few long-range features
 * above the diagonal (β-sheet strips, anti-parallel and parallel, and contact blocks) that the
 * mirror copies below it. Foreground stays a small fraction, as in real maps. Under `anti` the
 * same pattern is drawn with the columns reversed, which maps diagonal symmetry to
 * anti-diagonal symmetry.
 */
export function drawContactMap(
  canvas: Canvas,
  axis: 'diag' | 'anti',
  classes: number,
  rng: Rng,
): void {
  const n = canvas.width;
  const flip = axis === 'anti';
  const place = (shape: Shape): Shape =>
    flip
      ? {
          x0: n - 1 - shape.x1,
          x1: n - 1 - shape.x0,
          y0: shape.y0,
          y1: shape.y1,
          inside: (x, y) => shape.inside(n - 1 - x, y),
        }
      : shape;
  const longRangeClass = (kind: number): number => (classes === 1 ? 1 : 2 + (kind % (classes - 1)));

  const base = Math.max(1, Math.round(n / 48));
  paintSymmetric(canvas, place(band(0, n - 1, base)), 1);
  const helices = rng.int(0, 3);
  for (let h = 0; h < helices; h++) {
    const start = rng.int(0, n - 4);
    const length = rng.int(Math.max(4, Math.round(n * 0.08)), Math.max(5, Math.round(n * 0.25)));
    paintSymmetric(
      canvas,
      place(band(start, Math.min(n - 1, start + length), base + rng.int(1, 3))),
      1,
    );
  }

  const features = rng.int(2, 5);
  for (let f = 0; f < features; f++) {
    const kind = rng.int(0, 3);
    const length = Math.max(3, Math.round(n * rng.range(0.08, 0.25)));
    const thick = rng.range(0.6, 1.6) * Math.max(1, n / 64);
    // Long-range: both ends at least a few residues apart, so the feature sits above the band.
    const i = rng.int(0, Math.max(1, n - length - 6));
    const j = rng.int(Math.min(n - 1, i + length + 4), n);
    let shape: Shape;
    if (kind === 0) shape = antiParallelStrip(i, j, length, thick);
    else if (kind === 1) shape = parallelStrip(i, j, length, thick);
    else
      shape = block(
        i,
        j - Math.round(length / 2),
        Math.max(2, Math.round(length / 2)),
        Math.max(2, Math.round(length / 3)),
      );
    paintSymmetric(canvas, place(shape), longRangeClass(kind));
  }
}

/** |x − y| ≤ halfWidth for rows from..to: contacts between residues close in sequence. */
function band(from: number, to: number, halfWidth: number): Shape {
  return {
    x0: from - halfWidth,
    y0: from - halfWidth,
    x1: to + halfWidth,
    y1: to + halfWidth,
    inside: (x, y) =>
      Math.abs(x - y) <= halfWidth && Math.min(x, y) >= from && Math.max(x, y) <= to + halfWidth,
  };
}

/** Residues i..i+L pairing with j..j−L: a line perpendicular to the diagonal. */
function antiParallelStrip(i: number, j: number, length: number, thick: number): Shape {
  return {
    x0: j - length,
    y0: i,
    x1: j,
    y1: i + length,
    inside: (x, y) => Math.abs(x + y - (i + j)) <= thick && y >= i && y <= i + length,
  };
}

/** Residues i..i+L pairing with j..j+L: a line parallel to the diagonal. */
function parallelStrip(i: number, j: number, length: number, thick: number): Shape {
  return {
    x0: j,
    y0: i,
    x1: j + length,
    y1: i + length,
    inside: (x, y) => Math.abs(x - y - (j - i)) <= thick && y >= i && y <= i + length,
  };
}

function block(row: number, col: number, rows: number, cols: number): Shape {
  return {
    x0: col,
    y0: row,
    x1: col + cols - 1,
    y1: row + rows - 1,
    inside: () => true,
  };
}

export function drawSymmetricObjects(canvas: Canvas, axis: Axis, classes: number, rng: Rng): void {
  if (axis === 'lr' || axis === 'ud') drawMirrorObjects(canvas, axis, classes, rng);
  else drawContactMap(canvas, axis, classes, rng);
}
