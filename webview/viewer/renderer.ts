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
  type Grid,
  coverageToRgba,
  difference,
  displayFactor,
  gridOf,
  outline,
  sampleCoverage,
} from './mask-layers';
import type { ViewTransform } from './view-transform';
import { axisSegment, smoothingFor } from './view-transform';

/** What the renderer needs to draw a frame; all of it is cheap to change. */
export interface DrawOptions extends ViewerSettings {
  axis: Axis;
}

type Part = 'fill' | 'outline';

interface BuiltLayer {
  canvas: HTMLCanvasElement;
  factor: number;
}

/** Coarser than this, a layer would be a handful of cells: not worth keeping apart. */
const MAX_FACTOR = 64;

/**
 * Draws the sample on one canvas. Each mask layer is rasterised once into its own canvas (per
 * colour, part and grid factor), and opacity is the canvas' globalAlpha at draw time, so toggles
 * and opacity changes only redraw; nothing is decoded or recomputed.
 *
 * Layers are built at display resolution: the first frame of a large sample costs what the
 * screen shows, not what the file holds. Zooming in draws the coarser layer at once and builds
 * the finer one on the next turn of the event loop, then redraws.
 */
export class Renderer {
  private sample: SampleView | undefined;
  private image: CanvasImageSource | undefined;
  private readonly coverages = new Map<string, Uint8Array>();
  private readonly layers = new Map<string, HTMLCanvasElement>();
  private refineScheduled = false;
  private refining = false;

  /** `redraw` is called after a finer layer has been built in the background. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly redraw: () => void,
  ) {}

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
    const factor = displayFactor(view.scale, dpr);
    if (L.image.visible) this.blit(ctx, this.image, L.image.opacity);
    const asymSource = sample.gt ?? sample.pred;
    if (L.asym.visible && asymSource) {
      this.blitLayer(ctx, this.layer('asym', 'fill', asymSource, o, factor), L.asym.opacity);
    }
    for (const id of ['gt', 'pred'] as const) {
      const mask = sample[id];
      if (!mask || !L[id].visible) continue;
      for (const part of partsOf(o.maskStyle))
        this.blitLayer(ctx, this.layer(id, part, mask, o, factor), L[id].opacity);
    }
    if (L.ghost.visible && sample.gt) {
      this.blitLayer(ctx, this.layer('ghost', 'outline', sample.gt, o, factor), L.ghost.opacity);
    }
    if (L.axis.visible) this.drawAxis(ctx, view.scale, o);
  }

  private blit(ctx: CanvasRenderingContext2D, source: CanvasImageSource, opacity: number): void {
    ctx.globalAlpha = opacity;
    ctx.drawImage(source, 0, 0);
    ctx.globalAlpha = 1;
  }

  /** A layer's cells stretched over the mask pixels they stand for. */
  private blitLayer(ctx: CanvasRenderingContext2D, layer: BuiltLayer, opacity: number): void {
    const { canvas, factor } = layer;
    ctx.globalAlpha = opacity;
    ctx.drawImage(canvas, 0, 0, canvas.width * factor, canvas.height * factor);
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

  private layer(
    id: LayerId,
    part: Part,
    mask: MaskLayerData,
    o: DrawOptions,
    wanted: number,
  ): BuiltLayer {
    const colour = o.layers[id].color;
    const keyAt = (factor: number) => `${id}:${part}:${colour}:${o.axis}:${factor}`;
    const factor = Math.min(wanted, MAX_FACTOR);
    const hit = this.layers.get(keyAt(factor));
    if (hit) return { canvas: hit, factor };
    if (!this.refining) {
      for (let coarser = factor * 2; coarser <= MAX_FACTOR; coarser *= 2) {
        const stand = this.layers.get(keyAt(coarser));
        if (stand) {
          this.scheduleRefine();
          return { canvas: stand, factor: coarser };
        }
      }
    }
    const grid = gridOf(mask, factor);
    const cover = this.coverage(id, part, mask, o.axis, grid);
    const words = coverageToRgba(cover, packRgba(parseHexColour(colour)));
    const canvas = document.createElement('canvas');
    canvas.width = grid.width;
    canvas.height = grid.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this webview has no 2D canvas');
    const img = ctx.createImageData(grid.width, grid.height);
    new Uint32Array(img.data.buffer).set(words);
    ctx.putImageData(img, 0, 0);
    this.layers.set(keyAt(factor), canvas);
    return { canvas, factor };
  }

  /** Builds the finer layers after this frame, so a zoom step never waits for them. */
  private scheduleRefine(): void {
    if (this.refineScheduled) return;
    this.refineScheduled = true;
    setTimeout(() => {
      this.refineScheduled = false;
      this.refining = true;
      try {
        this.redraw();
      } finally {
        this.refining = false;
      }
    }, 0);
  }

  private coverage(
    id: LayerId,
    part: Part,
    mask: MaskLayerData,
    axis: Axis,
    grid: Grid,
  ): Uint8Array {
    const which = id === 'pred' ? 'pred' : 'gt';
    const memo = (key: string, make: () => Uint8Array): Uint8Array => {
      const full = `${which}:${key}:${grid.factor}`;
      const hit = this.coverages.get(full);
      if (hit) return hit;
      const made = make();
      this.coverages.set(full, made);
      return made;
    };
    const kind = mask.soft ? 'soft' : 'binary';
    const binary = () => memo('binary', () => sampleCoverage(mask, grid, 'binary'));
    const { width, height } = grid;
    if (id === 'ghost') {
      const mirror = memo(`binary-mirror:${axis}`, () =>
        sampleCoverage(mask, grid, 'binary', axis),
      );
      return outline(mirror, width, height);
    }
    if (id === 'asym') {
      const own =
        kind === 'soft' ? memo('soft', () => sampleCoverage(mask, grid, 'soft')) : binary();
      const mirror = memo(`${kind}-mirror:${axis}`, () => sampleCoverage(mask, grid, kind, axis));
      return difference(own, mirror);
    }
    if (part === 'outline') return outline(binary(), width, height);
    return kind === 'soft' ? memo('soft', () => sampleCoverage(mask, grid, 'soft')) : binary();
  }
}

function partsOf(style: MaskStyle): Part[] {
  return style === 'both' ? ['fill', 'outline'] : [style];
}
