import type { Colormap, ImageSource, RawPixels } from '../../src/protocol/viewer';
import type { DisplayWindow } from './window-level';
import { renderRaw } from './window-level';

/**
 * The image under the masks. A URI the browser decodes itself; raw pixels (16-bit, float, .npy,
 * TIFF) are mapped through window/level and a colormap here, since a canvas only takes 8 bits.
 */
export class ImageLayer {
  private element: HTMLImageElement | undefined;
  private rendered: HTMLCanvasElement | undefined;
  private readback: CanvasRenderingContext2D | undefined;

  private constructor(readonly source: ImageSource) {}

  static async load(source: ImageSource): Promise<ImageLayer> {
    const layer = new ImageLayer(source);
    if (source.kind === 'uri') {
      const img = new Image();
      img.src = source.uri;
      try {
        await img.decode();
      } catch {
        throw new Error(
          `the browser could not decode the image ${decodeURIComponent(source.uri.split('/').pop() ?? '')}`,
        );
      }
      layer.element = img;
    }
    return layer;
  }

  get raw(): RawPixels | undefined {
    return this.source.kind === 'raw' ? this.source : undefined;
  }

  /** What to draw: the decoded element, or the raw pixels rendered under `window`. */
  drawable(window: DisplayWindow | undefined, colormap: Colormap): CanvasImageSource {
    if (this.element) return this.element;
    const raw = this.raw;
    if (!raw || !window) throw new Error('raw image without a display window');
    const canvas = this.rendered ?? document.createElement('canvas');
    canvas.width = raw.width;
    canvas.height = raw.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this webview has no 2D canvas');
    const img = ctx.createImageData(raw.width, raw.height);
    new Uint32Array(img.data.buffer).set(renderRaw(raw, window, colormap));
    ctx.putImageData(img, 0, 0);
    this.rendered = canvas;
    return canvas;
  }

  /** The stored value(s) at a pixel, as text for the readout. */
  valueAt(x: number, y: number): string {
    const raw = this.raw;
    if (raw) {
      const o = (y * raw.width + x) * raw.channels;
      const values = Array.from(raw.data.subarray(o, o + raw.channels), (v) =>
        formatValue(v, raw.dtype === 'float32'),
      );
      return values.length === 1 ? values[0] : `(${values.join(', ')})`;
    }
    if (!this.element) return '';
    // Read back lazily: most users never hover, and a 4096² readback costs 64 MiB.
    if (!this.readback) {
      const canvas = document.createElement('canvas');
      canvas.width = this.element.naturalWidth;
      canvas.height = this.element.naturalHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) return '';
      ctx.drawImage(this.element, 0, 0);
      this.readback = ctx;
    }
    const [r, g, b, a] = this.readback.getImageData(x, y, 1, 1).data;
    if (r === g && g === b && a === 255) return String(r);
    return a === 255 ? `(${r}, ${g}, ${b})` : `(${r}, ${g}, ${b}, ${a})`;
  }
}

export function formatValue(v: number, float: boolean): string {
  if (!float) return String(v);
  if (Number.isNaN(v)) return 'NaN';
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0)
    ? v.toExponential(3)
    : v.toFixed(4);
}
