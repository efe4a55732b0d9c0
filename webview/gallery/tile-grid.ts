/**
 * A virtualised grid: only the rows in view (plus one screen above and below) exist in the DOM,
 * so 10,000 tiles cost as much as 60. Tile elements are reused by sample id while they stay in
 * range, which keeps loaded thumbnails from flickering while scrolling.
 */
import type { GalleryTile } from '../../src/protocol/gallery';
import { formatTileScore, reviewLabel } from './tile-text';

export interface GridLayout {
  columns: number;
  rowHeight: number;
  tileWidth: number;
}

const GAP = 8;
const META_HEIGHT = 40;

export class TileGrid {
  private tiles: readonly GalleryTile[] = [];
  private readonly elements = new Map<string, HTMLElement>();
  private readonly thumbs = new Map<string, string>();
  private readonly thumbErrors = new Map<string, string>();
  private frame = 0;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly spacer: HTMLElement,
    private readonly thumbSize: number,
    /** Called with the ids in view that still need a thumbnail. */
    private readonly wantThumbs: (ids: string[]) => void,
    private readonly onOpen: (id: string) => void,
  ) {
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(scroller);
    spacer.addEventListener('click', (e) => this.openFrom(e.target));
    spacer.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.openFrom(e.target);
      }
    });
  }

  get shown(): readonly GalleryTile[] {
    return this.tiles;
  }

  setTiles(tiles: readonly GalleryTile[]): void {
    this.tiles = tiles;
    // Content may have changed for the same ids (a new score, a review), so rebuild the tiles in view.
    for (const el of this.elements.values()) el.remove();
    this.elements.clear();
    this.render();
  }

  setThumb(id: string, uri: string | undefined, error?: string): void {
    if (uri) this.thumbs.set(id, uri);
    if (error) this.thumbErrors.set(id, error);
    const el = this.elements.get(id);
    if (el) this.fillThumb(el, id);
  }

  /** Forgets thumbnails whose files changed, so the next render asks for them again. */
  dropThumbs(ids: Iterable<string>): void {
    for (const id of ids) {
      this.thumbs.delete(id);
      this.thumbErrors.delete(id);
    }
  }

  hasThumb(id: string): boolean {
    return this.thumbs.has(id) || this.thumbErrors.has(id);
  }

  layout(): GridLayout {
    const width = Math.max(this.scroller.clientWidth - GAP, this.thumbSize + GAP);
    const tileWidth = this.thumbSize + GAP;
    return {
      columns: Math.max(1, Math.floor(width / tileWidth)),
      rowHeight: this.thumbSize + META_HEIGHT + GAP,
      tileWidth,
    };
  }

  /** The ids of the tiles in the viewport, in order. */
  visibleIds(): string[] {
    const { first, last } = this.range(0);
    return this.tiles.slice(first, last).map((t) => t.id);
  }

  /** The thumbnails in the viewport, for knowing when the first screen is really painted. */
  visibleImages(): HTMLImageElement[] {
    return this.visibleIds().flatMap((id) => {
      const img = this.elements.get(id)?.querySelector('img');
      return img ? [img] : [];
    });
  }

  private range(extraScreens: number): { first: number; last: number } {
    const { columns, rowHeight } = this.layout();
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 600;
    const firstRow = Math.max(0, Math.floor((top - extraScreens * height) / rowHeight));
    const lastRow = Math.ceil((top + height + extraScreens * height) / rowHeight);
    return {
      first: Math.min(this.tiles.length, firstRow * columns),
      last: Math.min(this.tiles.length, lastRow * columns),
    };
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(): void {
    const { columns, rowHeight, tileWidth } = this.layout();
    this.spacer.style.height = `${Math.ceil(this.tiles.length / columns) * rowHeight + GAP}px`;
    const { first, last } = this.range(1);
    const keep = new Set<string>();
    for (let i = first; i < last; i++) {
      const tile = this.tiles[i];
      keep.add(tile.id);
      let el = this.elements.get(tile.id);
      if (!el) {
        el = this.createTile(tile);
        this.elements.set(tile.id, el);
        this.spacer.appendChild(el);
      }
      el.style.transform = `translate(${GAP + (i % columns) * tileWidth}px, ${GAP + Math.floor(i / columns) * rowHeight}px)`;
      el.dataset.position = String(i);
    }
    for (const [id, el] of this.elements) {
      if (!keep.has(id)) {
        el.remove();
        this.elements.delete(id);
      }
    }
    const missing = this.tiles
      .slice(first, last)
      .map((t) => t.id)
      .filter((id) => !this.hasThumb(id));
    if (missing.length) this.wantThumbs(missing);
  }

  private createTile(tile: GalleryTile): HTMLElement {
    const el = document.createElement('div');
    el.className = 'tile';
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    el.dataset.id = tile.id;
    if (tile.flagged) el.classList.add('flagged');
    if (tile.review) el.classList.add(`review-${tile.review}`);
    el.style.width = `${this.thumbSize}px`;
    el.title = [tile.id, tile.reason, tile.error].filter(Boolean).join('\n');

    const frame = document.createElement('div');
    frame.className = 'thumb';
    frame.style.height = `${this.thumbSize}px`;
    el.appendChild(frame);

    const meta = document.createElement('div');
    meta.className = 'meta';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = tile.id;
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = tile.error && tile.gt === undefined ? 'error' : formatTileScore(tile.gt);
    meta.append(name, score);
    el.appendChild(meta);

    const badges = document.createElement('div');
    badges.className = 'badges';
    if (tile.flagged) badges.appendChild(badge('flag', 'flagged'));
    if (tile.review) badges.appendChild(badge(`review ${tile.review}`, reviewLabel(tile.review)));
    if (tile.iou !== undefined) badges.appendChild(badge('iou', `IoU ${tile.iou.toFixed(2)}`));
    el.appendChild(badges);

    this.fillThumb(el, tile.id);
    return el;
  }

  private fillThumb(el: HTMLElement, id: string): void {
    const frame = el.querySelector('.thumb') as HTMLElement;
    const uri = this.thumbs.get(id);
    const error = this.thumbErrors.get(id);
    if (uri) {
      let img = frame.querySelector('img');
      if (!img) {
        img = document.createElement('img');
        img.alt = id;
        img.decoding = 'async';
        frame.replaceChildren(img);
      }
      if (img.getAttribute('src') !== uri) img.src = uri;
    } else if (error) {
      const text = document.createElement('span');
      text.className = 'thumb-error';
      text.textContent = 'no preview';
      frame.title = error;
      frame.replaceChildren(text);
    }
  }

  private openFrom(target: EventTarget | null): void {
    const tile = (target as HTMLElement | null)?.closest<HTMLElement>('.tile');
    if (tile?.dataset.id) this.onOpen(tile.dataset.id);
  }
}

function badge(className: string, text: string): HTMLElement {
  const span = document.createElement('span');
  span.className = `badge ${className}`;
  span.textContent = text;
  return span;
}
