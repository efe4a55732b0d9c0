/**
 * Gallery thumbnails: the image with the ground truth painted over it, made on demand and kept in
 * <dataset>/.symfold/thumbs under a name derived from the files' sizes and modification times,
 * so an edited mask gets a new thumbnail and an unchanged one is never made twice.
 */
import { createHash } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import sharp from 'sharp';
import { foregroundOf } from '../../core/binarize';
import type { SampleRef } from '../../core/pairing';
import { isFloatRaster, type Raster } from '../../core/raster';
import { writeFileAtomic } from '../../io/atomic';
import { decodeFile } from '../../io/decode';

export interface ThumbStyle {
  /** Longest edge in pixels. */
  size: number;
  /** Ground-truth overlay colour, '#rrggbb'. */
  color: string;
  /** 0..1 */
  opacity: number;
  /** Integer masks count as foreground above this value (the scan's mask threshold). */
  maskThreshold?: number;
}

export interface ThumbPixels {
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel. */
  data: Uint8Array;
}

const KEY_VERSION = 1;

export function thumbsFolder(root: string): string {
  return path.join(root, '.symfold', 'thumbs');
}

async function fileStamp(root: string, rel: string | undefined): Promise<string> {
  if (!rel) return '-';
  try {
    const s = await stat(path.join(root, rel));
    return `${rel}:${s.size}:${s.mtimeMs}`;
  } catch {
    return `${rel}:missing`;
  }
}

/** The cache file of a sample as its files are now: any edit to them changes the name. */
export async function thumbPath(
  root: string,
  sample: SampleRef,
  style: ThumbStyle,
): Promise<string> {
  const stamps = await Promise.all([fileStamp(root, sample.image), fileStamp(root, sample.mask)]);
  const key = createHash('sha1')
    .update(JSON.stringify([KEY_VERSION, stamps, style]))
    .digest('hex')
    .slice(0, 20);
  const idHash = createHash('sha1').update(sample.id).digest('hex').slice(0, 12);
  return path.join(thumbsFolder(root), `${idHash}-${key}.webp`);
}

function parseColour(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [255, 64, 64];
}

/** Maps any raster to 0..255 grey or RGB at thumbnail size, sampling the nearest source pixel. */
function imageLayer(image: Raster, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const { data, channels } = image;
  let lo = 0;
  let hi = 255;
  if (!(data instanceof Uint8Array)) {
    // 16-bit, integer and float images are stretched to their own range, like the viewer's default window.
    lo = Infinity;
    hi = -Infinity;
    const step = Math.max(1, Math.floor(data.length / 65536));
    for (let i = 0; i < data.length; i += step) {
      const v = data[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!(hi > lo)) {
      lo = 0;
      hi = isFloatRaster(image) ? 1 : 255;
    }
  }
  const scale = 255 / (hi - lo);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      const at = (sy * image.width + sx) * channels;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = data[at + (channels >= 3 ? c : 0)];
        out[o + c] = Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
      }
    }
  }
  return out;
}

/**
 * Blends the mask's foreground over the image; each thumbnail pixel is tinted by the fraction
 * of its source pixels that are foreground, so thin structures stay visible when shrunk.
 */
export function composeThumbnail(
  image: Raster | undefined,
  mask: Raster | undefined,
  style: ThumbStyle,
): ThumbPixels {
  const source = mask ?? image;
  if (!source) throw new Error('a sample needs an image or a mask for a thumbnail');
  const scale = Math.min(1, style.size / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const data = image ? imageLayer(image, width, height) : new Uint8Array(width * height * 3);
  if (!mask) return { width, height, data };

  const fg = foregroundOf(
    mask,
    style.maskThreshold !== undefined ? { threshold: style.maskThreshold } : {},
  );
  const [r, g, b] = parseColour(style.color);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * mask.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * mask.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * mask.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * mask.width) / width));
      let on = 0;
      for (let sy = y0; sy < y1; sy++) {
        const row = sy * mask.width;
        for (let sx = x0; sx < x1; sx++) on += fg[row + sx];
      }
      const alpha = (on / ((y1 - y0) * (x1 - x0))) * style.opacity;
      if (alpha === 0) continue;
      const o = (y * width + x) * 3;
      data[o] = Math.round(data[o] * (1 - alpha) + r * alpha);
      data[o + 1] = Math.round(data[o + 1] * (1 - alpha) + g * alpha);
      data[o + 2] = Math.round(data[o + 2] * (1 - alpha) + b * alpha);
    }
  }
  return { width, height, data };
}

/** Images above this are decoded downsampled: a thumbnail never needs their full resolution. */
const IMAGE_MAX_PIXELS = 1024 * 1024;

export async function renderThumbnail(
  root: string,
  sample: SampleRef,
  style: ThumbStyle,
): Promise<Buffer> {
  const [image, mask] = await Promise.all([
    sample.image
      ? decodeFile(path.join(root, sample.image), { role: 'image', maxPixels: IMAGE_MAX_PIXELS })
      : undefined,
    sample.mask ? decodeFile(path.join(root, sample.mask), { role: 'mask' }) : undefined,
  ]);
  const pixels = composeThumbnail(image?.raster, mask?.raster, style);
  return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
    .webp({ quality: 82 })
    .toBuffer();
}

/**
 * Makes thumbnails a few at a time (sharp decodes on one thread here, and the scan may be using
 * the other core), returning the cached file when its name already exists.
 */
export class ThumbnailCache {
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly lastPath = new Map<string, string>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(
    readonly root: string,
    private style: ThumbStyle,
    private readonly concurrency = 2,
  ) {}

  setStyle(style: ThumbStyle): void {
    this.style = style;
  }

  /** The absolute path of the sample's thumbnail, made first if needed. */
  async get(sample: SampleRef): Promise<string> {
    const file = await thumbPath(this.root, sample, this.style);
    const pending = this.inFlight.get(file);
    if (pending) return pending;
    const job = this.ensure(sample, file).finally(() => this.inFlight.delete(file));
    this.inFlight.set(file, job);
    return job;
  }

  private async ensure(sample: SampleRef, file: string): Promise<string> {
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await this.slot();
      try {
        await writeFileAtomic(file, await renderThumbnail(this.root, sample, this.style));
      } finally {
        this.release();
      }
      // The previous thumbnail of this sample is stale now; drop it so the cache does not grow.
      const previous = this.lastPath.get(sample.id);
      if (previous && previous !== file) await unlink(previous).catch(() => undefined);
    }
    this.lastPath.set(sample.id, file);
    return file;
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
