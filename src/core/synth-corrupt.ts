/**
 * Annotation errors that break a mask's symmetry the way real ones do: part of one side left
 * out, the whole mask drawn a few pixels off (a shifted axis), or a stray blob on one side.
 * Each corrupted mask is checked with the generator's own asymmetry and made stronger until it
 * is clearly asymmetric, so a flagging rule with threshold 0.05 can find every one of them.
 */
import type { Axis } from './axis';
import type { Rng } from './rng';
import { binaryAsymmetry, classAsymmetry, sideOf } from './synth-mirror';

export const CORRUPTION_KINDS = ['missing-part', 'shifted-axis', 'stray-blob'] as const;
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** Every corrupted mask scores at least this; clean ones score exactly 0. */
export const MIN_CORRUPTED_ASYMMETRY = 0.12;

export interface MaskFrame {
  width: number;
  height: number;
  axis: Axis;
  mirror: Int32Array;
  swap: Uint8Array;
}

export function corruptionScore(labels: Uint8Array, frame: MaskFrame): number {
  return Math.min(
    binaryAsymmetry(labels, frame.mirror),
    classAsymmetry(labels, frame.mirror, frame.swap),
  );
}

export function corruptMask(
  clean: Uint8Array,
  frame: MaskFrame,
  kind: CorruptionKind,
  rng: Rng,
): { labels: Uint8Array; kind: CorruptionKind } {
  let strength = 1;
  for (let attempt = 0; attempt < 12; attempt++) {
    const labels = applyCorruption(clean, frame, kind, strength, rng);
    if (corruptionScore(labels, frame) >= MIN_CORRUPTED_ASYMMETRY) return { labels, kind };
    strength *= 1.35;
  }
  // Nothing above worked (e.g. an object that hugs the axis): leaving out all of one side
  // always does, and it is a missing part, so it is named that.
  return { labels: eraseSide(clean, frame), kind: 'missing-part' };
}

function applyCorruption(
  clean: Uint8Array,
  frame: MaskFrame,
  kind: CorruptionKind,
  strength: number,
  rng: Rng,
): Uint8Array {
  if (kind === 'missing-part') return missingPart(clean, frame, strength, rng);
  if (kind === 'shifted-axis') return shiftedAxis(clean, frame, strength, rng);
  return strayBlob(clean, frame, strength, rng);
}

function foregroundCount(labels: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) count++;
  return count;
}

/** Erases a disk of the object around a random foreground pixel, on that pixel's side only. */
function missingPart(clean: Uint8Array, frame: MaskFrame, strength: number, rng: Rng): Uint8Array {
  const { width, height, mirror } = frame;
  const out = clean.slice();
  const offAxis: number[] = [];
  for (let i = 0; i < clean.length; i++)
    if (clean[i] > 0 && sideOf(mirror, i) !== 0) offAxis.push(i);
  if (offAxis.length === 0) return out;
  const centre = offAxis[rng.int(0, offAxis.length)];
  const side = sideOf(mirror, centre);
  const radius = Math.max(1.5, 0.45 * Math.sqrt(offAxis.length / Math.PI) * strength);
  const cx = centre % width;
  const cy = Math.floor(centre / width);
  const r = Math.ceil(radius);
  for (let y = Math.max(0, cy - r); y <= Math.min(height - 1, cy + r); y++) {
    for (let x = Math.max(0, cx - r); x <= Math.min(width - 1, cx + r); x++) {
      const i = y * width + x;
      if ((x - cx) ** 2 + (y - cy) ** 2 <= radius * radius && sideOf(mirror, i) === side)
        out[i] = 0;
    }
  }
  // An annotation with nothing left is not a missing part but a missing mask; keep some object.
  return foregroundCount(out) > 0 ? out : clean.slice();
}

/** Translates the whole mask across the axis by a few pixels, as if drawn about the wrong axis. */
function shiftedAxis(clean: Uint8Array, frame: MaskFrame, strength: number, rng: Rng): Uint8Array {
  const { width, height, axis } = frame;
  const acrossRows = axis === 'ud';
  const extent = acrossRows ? height : width;
  const base = Math.max(2, Math.round(extent * 0.04));
  const shift = Math.min(Math.max(1, Math.floor(extent / 3)), Math.round(base * strength));
  const d = rng.next() < 0.5 ? -shift : shift;
  const dx = acrossRows ? 0 : d;
  const dy = acrossRows ? d : 0;
  const out = new Uint8Array(clean.length);
  for (let y = 0; y < height; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= height) continue;
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      if (sx < 0 || sx >= width) continue;
      out[y * width + x] = clean[sy * width + sx];
    }
  }
  return foregroundCount(out) > 0 ? out : clean.slice();
}

/** Adds an ellipse on one side, where neither it nor its mirror touches the object. */
function strayBlob(clean: Uint8Array, frame: MaskFrame, strength: number, rng: Rng): Uint8Array {
  const { width, height, mirror } = frame;
  const area = foregroundCount(clean);
  const radius = Math.max(1.5, 0.3 * Math.sqrt(area / Math.PI) * strength);
  const labelsPresent = [...new Set(clean.filter((v) => v > 0))];
  const label = labelsPresent.length > 0 ? labelsPresent[rng.int(0, labelsPresent.length)] : 1;
  const side = rng.next() < 0.5 ? -1 : 1;
  const rx = radius * rng.range(0.8, 1.25);
  const ry = (radius * radius) / rx;

  let best: number[] = [];
  let bestOverlap = Infinity;
  for (let attempt = 0; attempt < 30 && bestOverlap > 0; attempt++) {
    const cx = rng.range(0, width);
    const cy = rng.range(0, height);
    const pixels: number[] = [];
    let overlap = 0;
    for (
      let y = Math.max(0, Math.floor(cy - ry));
      y <= Math.min(height - 1, Math.ceil(cy + ry));
      y++
    ) {
      for (
        let x = Math.max(0, Math.floor(cx - rx));
        x <= Math.min(width - 1, Math.ceil(cx + rx));
        x++
      ) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue;
        const i = y * width + x;
        if (sideOf(mirror, i) !== side) continue;
        pixels.push(i);
        if (clean[i] > 0 || clean[mirror[i]] > 0) overlap++;
      }
    }
    if (pixels.length === 0) continue;
    const score = overlap / pixels.length;
    if (score < bestOverlap) {
      bestOverlap = score;
      best = pixels;
    }
  }
  const out = clean.slice();
  for (const i of best) out[i] = label;
  return out;
}

/** Clears every foreground pixel on one side of the axis (the last-resort corruption). */
function eraseSide(clean: Uint8Array, frame: MaskFrame): Uint8Array {
  const out = clean.slice();
  for (let i = 0; i < out.length; i++) if (sideOf(frame.mirror, i) === 1) out[i] = 0;
  return out;
}
