/**
 * The RGB picture behind a synthetic mask. The object must be learnable (a brighter or darker,
 * tinted, textured region with soft edges) while the picture as a whole is not symmetric (a
 * background gradient across the axis, random texture and noise), as in real scans, so a
 * network cannot score well by copying the image's symmetry.
 */
import type { Axis } from './axis';
import type { Rng } from './rng';

/** A direction whose gradient the reflection does not preserve (see the comment on each axis). */
function asymmetricDirection(axis: Axis, rng: Rng): [number, number] {
  // lr keeps y and reverses x, so a gradient needs an x part; ud likewise with y. diag keeps
  // x + y and reverses x − y; anti keeps x − y and reverses x + y.
  const main: Record<Axis, number> = {
    lr: 0,
    ud: Math.PI / 2,
    diag: -Math.PI / 4,
    anti: Math.PI / 4,
  };
  const theta =
    main[axis] + rng.range(-Math.PI / 4, Math.PI / 4) + (rng.next() < 0.5 ? Math.PI : 0);
  return [Math.cos(theta), Math.sin(theta)];
}

/** Smooth random texture: bilinear value noise on a cells × cells grid, values in [−1, 1]. */
function valueNoise(width: number, height: number, cells: number, rng: Rng): Float32Array {
  const gw = cells + 2;
  const gh = cells + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.range(-1, 1);
  const out = new Float32Array(width * height);
  const sx = cells / width;
  const sy = cells / height;
  for (let y = 0; y < height; y++) {
    const gy = y * sy;
    const iy = Math.floor(gy);
    const fy = gy - iy;
    const ty = fy * fy * (3 - 2 * fy);
    for (let x = 0; x < width; x++) {
      const gx = x * sx;
      const ix = Math.floor(gx);
      const fx = gx - ix;
      const tx = fx * fx * (3 - 2 * fx);
      const a = grid[iy * gw + ix];
      const b = grid[iy * gw + ix + 1];
      const c = grid[(iy + 1) * gw + ix];
      const d = grid[(iy + 1) * gw + ix + 1];
      out[y * width + x] = a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
    }
  }
  return out;
}

/**
 * 3×3 box blur with clamped edges, as two 1-D passes: soft object borders, as a real boundary
 * is a few pixels wide.
 */
function blur3(field: Float32Array, width: number, height: number): Float32Array {
  const rows = new Float32Array(field.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? field[o + x - 1] : field[o + x];
      const r = x < width - 1 ? field[o + x + 1] : field[o + x];
      rows[o + x] = (l + field[o + x] + r) / 3;
    }
  }
  const out = new Float32Array(field.length);
  for (let y = 0; y < height; y++) {
    const up = y > 0 ? -width : 0;
    const down = y < height - 1 ? width : 0;
    for (let x = 0, i = y * width; x < width; x++, i++)
      out[i] = (rows[i + up] + rows[i] + rows[i + down]) / 3;
  }
  return out;
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : v | 0;
}

export function renderImage(
  labels: Uint8Array,
  width: number,
  height: number,
  axis: Axis,
  classes: number,
  rng: Rng,
): Uint8Array {
  const n = width * height;
  const base = [0, 1, 2].map(() => rng.range(60, 150));
  const [gx, gy] = asymmetricDirection(axis, rng);
  const gradient = rng.range(45, 80);
  const coarse = valueNoise(width, height, rng.int(2, 5), rng);
  const fine = valueNoise(width, height, Math.max(4, Math.round(Math.min(width, height) / 6)), rng);
  const textureTint = [0, 1, 2].map(() => rng.range(0.6, 1.4));

  // Each class gets its own contrast, so classes are separable; one tint keeps it to one blur.
  const sign = rng.next() < 0.5 ? -1 : 1;
  const classStrength = new Float32Array(256);
  for (let c = 1; c <= classes; c++) classStrength[c] = sign * rng.range(45, 85);
  const objectTint = [0, 1, 2].map(() => rng.range(0.7, 1.3));
  const strength = new Float32Array(n);
  for (let i = 0; i < n; i++) strength[i] = classStrength[labels[i]];
  const object = blur3(strength, width, height);
  const objectTexture = rng.range(8, 18);
  // Irwin–Hall of four bytes of one draw: near-Gaussian grain at a quarter of the cost.
  const grainScale = rng.range(4, 10) / 147.8;

  const image = new Uint8Array(n * 3);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const span = Math.max(width, height);
  const [b0, b1, b2] = base;
  const [t0, t1, t2] = textureTint.map((t) => 22 * t);
  const [o0, o1, o2] = objectTint;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const ramp = (((x - cx) * gx + (y - cy) * gy) / span) * gradient;
      const bits = (rng.next() * 4294967296) >>> 0;
      const grain =
        ((bits & 255) + ((bits >>> 8) & 255) + ((bits >>> 16) & 255) + (bits >>> 24) - 510) *
        grainScale;
      const shared =
        ramp + 6 * fine[i] + (labels[i] > 0 ? objectTexture * fine[i] : 0) + grain + 0.5;
      const c = coarse[i];
      const o = object[i];
      // Uint8Array stores clamp nothing, so clamp here; +0.5 then truncation rounds.
      image[i * 3] = clampByte(b0 + shared + t0 * c + o0 * o);
      image[i * 3 + 1] = clampByte(b1 + shared + t1 * c + o1 * o);
      image[i * 3 + 2] = clampByte(b2 + shared + t2 * c + o2 * o);
    }
  }
  return image;
}
