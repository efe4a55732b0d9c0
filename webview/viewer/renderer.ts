import type { Axis } from '../../src/core/axis';
import type {
  LayerId,
  MaskLayerData,
  MaskStyle,
  SampleView,
  ViewerSettings,
} from '../../src/protocol/viewer';
import { packRgba, parseHexColour } from './colour';
import {
  asymmetryCoverage,
  coverageToRgba,
  foreground,
  mirrored,
  outline,
  softCoverage,
} from './mask-layers';
import type { ViewTransform } from './view-transform';
import { axisSegment, smoothingFor } from './view-transform';

/** What the renderer needs to draw a frame; all of it is cheap to change. */
export interface DrawOptions extends ViewerSettings {
  axis: Axis;
}

type Part = 'fill' | 'outline';

/**
 * Draws the sample on one canvas. Each mask layer is rasterised once into its own canvas (per
 * colour and part), and opacity is the canvas' globalAlpha at draw time, so toggles and opacity
 * changes only redraw; nothing is decoded or recomputed.
 */
export class Renderer {
  private sample: SampleView | undefined;
  private image: CanvasImageSource | undefined;
  private readonly coverages = new Map<string, Uint8Array>();
  private readonly layers = new Map<string, HTMLCanvasElement>();

  constructor(private readonly canvas: HTMLCanvasElement) {}

  get imageSize(): { width: number; height: number } | undefined {
    return this.sample
      ? { width: this.sample.image.width, height: this.sample.image.height }
      : undefined;
  }

  setSample(sample: SampleView, image: CanvasImageSource): void {
    this.sample = sample;
    this.image = image;
    this.coverages.clear();
    this.layers.clear();
  }

  /** The image layer changes (new window/level or colormap) without touching the masks. */
  setImage(image: CanvasImageSource): void {
    this.image = image;
  }

  draw(view: ViewTransform, o: DrawOptions): void {
    const dpr = window.devicePixelRatio || 1;
    const cssW = this.canvas.clientWidth;
    const cssH = this.canvas.clientHeight;
    if (
      this.canvas.width !== Math.round(cssW * dpr) ||
      this.canvas.height !== Math.round(cssH * dpr)
    ) {
      this.canvas.width = Math.round(cssW * dpr);
      this.canvas.height = Math.round(cssH * dpr);
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('this webview has no 2D canvas');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const sample = this.sample;
    if (!sample || !this.image) return;
    ctx.setTransform(
      dpr * view.scale,
      0,
      0,
      dpr * view.scale,
      dpr * view.offsetX,
      dpr * view.offsetY,
    );
    ctx.imageSmoothingEnabled = smoothingFor(view.scale);

    const L = o.layers;
    if (L.image.visible) this.blit(ctx, this.image, L.image.opacity);
    const asymSource = sample.gt ?? sample.pred;
    if (L.asym.visible && asymSource) {
      this.blit(ctx, this.layer('asym', 'fill', asymSource, o), L.asym.opacity);
    }
    for (const id of ['gt', 'pred'] as const) {
      const mask = sample[id];
      if (!mask || !L[id].visible) continue;
      for (const part of partsOf(o.maskStyle))
        this.blit(ctx, this.layer(id, part, mask, o), L[id].opacity);
    }
    if (L.ghost.visible && sample.gt) {
      this.blit(ctx, this.layer('ghost', 'outline', sample.gt, o), L.ghost.opacity);
    }
    if (L.axis.visible) this.drawAxis(ctx, view.scale, o);
  }

  private blit(ctx: CanvasRenderingContext2D, source: CanvasImageSource, opacity: number): void {
    ctx.globalAlpha = opacity;
    ctx.drawImage(source, 0, 0);
    ctx.globalAlpha = 1;
  }

  private drawAxis(ctx: CanvasRenderingContext2D, scale: number, o: DrawOptions): void {
    const size = this.imageSize;
    if (!size) return;
    const [x0, y0, x1, y1] = axisSegment(o.axis, size.width, size.height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, size.width, size.height);
    ctx.clip();
    ctx.globalAlpha = o.layers.axis.opacity;
    ctx.strokeStyle = o.layers.axis.color;
    ctx.lineWidth = 2 / scale;
    ctx.setLineDash([8 / scale, 6 / scale]);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.restore();
  }

  private layer(id: LayerId, part: Part, mask: MaskLayerData, o: DrawOptions): HTMLCanvasElement {
    const colour = o.layers[id].color;
    const key = `${id}:${part}:${colour}:${o.axis}`;
    const hit = this.layers.get(key);
    if (hit) return hit;
    const cover = this.coverage(id, part, mask, o.axis);
    const words = coverageToRgba(cover, packRgba(parseHexColour(colour)));
    const canvas = document.createElement('canvas');
    canvas.width = mask.width;
    canvas.height = mask.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this webview has no 2D canvas');
    const img = ctx.createImageData(mask.width, mask.height);
    new Uint32Array(img.data.buffer).set(words);
    ctx.putImageData(img, 0, 0);
    this.layers.set(key, canvas);
    return canvas;
  }

  private coverage(id: LayerId, part: Part, mask: MaskLayerData, axis: Axis): Uint8Array {
    const axisDependent = id === 'ghost' || id === 'asym';
    const key = `${id}:${part}${axisDependent ? `:${axis}` : ''}`;
    const hit = this.coverages.get(key);
    if (hit) return hit;
    const { width, height } = mask;
    const binary = this.binary(id === 'pred' ? 'pred' : 'gt', mask);
    let cover: Uint8Array;
    if (id === 'ghost') cover = outline(mirrored(binary, width, height, axis), width, height);
    else if (id === 'asym') {
      cover = asymmetryCoverage(mask.soft ? softCoverage(mask) : binary, width, height, axis);
    } else if (part === 'outline') cover = outline(binary, width, height);
    else cover = mask.soft ? softCoverage(mask) : binary;
    this.coverages.set(key, cover);
    return cover;
  }

  private binary(which: 'gt' | 'pred', mask: MaskLayerData): Uint8Array {
    const key = `binary:${which}:${mask.name}`;
    const hit = this.coverages.get(key);
    if (hit) return hit;
    const cover = foreground(mask);
    this.coverages.set(key, cover);
    return cover;
  }
}

function partsOf(style: MaskStyle): Part[] {
  return style === 'both' ? ['fill', 'outline'] : [style];
}
