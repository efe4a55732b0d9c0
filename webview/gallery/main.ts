/**
 * The dataset gallery page: a toolbar (sort, filters, search, flag-rule slider) over a
 * virtualised grid of thumbnails. The host owns the data; this page owns only the view state,
 * which it keeps in the webview state so a reload comes back where the user was.
 */
import { MessageHandler } from '../../src/protocol/messaging';
import {
  DEFAULT_QUERY,
  SORT_KEYS,
  SORT_LABELS,
  type FromGalleryMessage,
  type GalleryQuery,
  type GallerySettings,
  type GallerySummary,
  type GalleryTile,
  type SliderRule,
  type SortKey,
  type ToGalleryMessage,
} from '../../src/protocol/gallery';
import { orderTiles } from './tile-order';
import { TileGrid } from './tile-grid';
import { vscodeApi } from './vscode-api';

const vscode = vscodeApi();
const settings = JSON.parse(
  document.querySelector('meta[name="symfold-settings"]')?.getAttribute('data-settings') ?? '{}',
) as GallerySettings;

const saved = vscode.getState();
const query: GalleryQuery = {
  sort: SORT_KEYS.includes(saved?.sort as SortKey) ? (saved?.sort as SortKey) : DEFAULT_QUERY.sort,
  filters: saved?.filters ?? { ...DEFAULT_QUERY.filters },
  search: saved?.search ?? '',
};

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const sortSelect = $<HTMLSelectElement>('sort');
const searchInput = $<HTMLInputElement>('search');
const slider = $<HTMLInputElement>('rule-slider');
const sliderLabel = $<HTMLElement>('rule-label');
const sliderValue = $<HTMLElement>('rule-value');
const summaryText = $<HTMLElement>('summary');
const progress = $<HTMLProgressElement>('progress');
const emptyText = $<HTMLElement>('empty');

let allTiles: GalleryTile[] = [];
let summary: GallerySummary | undefined;
let painted = false;
const pendingThumbs = new Set<string>();

const handler = new MessageHandler<FromGalleryMessage, ToGalleryMessage>(
  (m) => vscode.postMessage(m),
  (m) => onHostMessage(m),
);
window.addEventListener('message', (e) => void handler.handleMessage(e.data));

const grid = new TileGrid(
  $('grid'),
  $('tiles'),
  settings.thumbSize || 128,
  (ids) => requestThumbs(ids),
  (id) => handler.sendEvent({ type: 'open', id, order: grid.shown.map((t) => t.id) }),
);

for (const key of SORT_KEYS) sortSelect.add(new Option(SORT_LABELS[key], key));
sortSelect.value = query.sort;
searchInput.value = query.search;
for (const [name, box] of filterBoxes()) box.checked = query.filters[name];

sortSelect.addEventListener('change', () => {
  query.sort = sortSelect.value as SortKey;
  refresh(true);
});
let searchTimer = 0;
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => {
    query.search = searchInput.value;
    refresh(true);
  }, 120);
});
for (const [name, box] of filterBoxes()) {
  box.addEventListener('change', () => {
    query.filters[name] = box.checked;
    refresh(true);
  });
}
slider.addEventListener('input', () => showRule(ruleFromSlider()));
slider.addEventListener('change', () =>
  handler.sendEvent({ type: 'setRule', rule: ruleFromSlider() }),
);
$('scan').addEventListener('click', () => handler.sendEvent({ type: 'scan' }));
$('export').addEventListener('click', () => handler.sendEvent({ type: 'export' }));
$('grid').addEventListener('scroll', () => saveState(), { passive: true });

function filterBoxes(): [keyof GalleryQuery['filters'], HTMLInputElement][] {
  return [
    ['flagged', $<HTMLInputElement>('filter-flagged')],
    ['unreviewed', $<HTMLInputElement>('filter-unreviewed')],
    ['needsFix', $<HTMLInputElement>('filter-needs-fix')],
  ];
}

function saveState(): void {
  vscode.setState({
    root: settings.root,
    sort: query.sort,
    filters: query.filters,
    search: query.search,
    scrollTop: $('grid').scrollTop,
  });
}

function refresh(toTop: boolean): void {
  const ordered = orderTiles(allTiles, query);
  if (toTop) $('grid').scrollTop = 0;
  grid.setTiles(ordered);
  emptyText.hidden = ordered.length > 0 || allTiles.length === 0;
  saveState();
}

function ruleFromSlider(): SliderRule {
  const value = Number(slider.value);
  return summary?.rule.mode === 'mad'
    ? { mode: 'mad', k: value }
    : { mode: 'threshold', threshold: value };
}

function showRule(rule: SliderRule): void {
  sliderLabel.textContent = rule.mode === 'mad' ? 'median + k·MAD, k' : 'flag above';
  sliderValue.textContent = rule.mode === 'mad' ? rule.k.toFixed(1) : rule.threshold.toFixed(3);
}

function showSummary(s: GallerySummary): void {
  summary = s;
  document.title = s.name;
  $('title').textContent = s.name;
  const failed = s.failed ? ` · ${s.failed} unreadable` : '';
  summaryText.textContent = `${s.samples} samples · ${s.scored} scored${failed} · ${s.flagged} flagged (${s.ruleText}) · axis ${s.axis}`;
  if (s.rule.mode === 'mad') {
    slider.min = '0';
    slider.max = '10';
    slider.step = '0.1';
    slider.value = String(s.rule.k);
  } else {
    slider.min = '0';
    slider.max = '1';
    slider.step = '0.005';
    slider.value = String(s.rule.threshold);
  }
  showRule(s.rule);
}

function requestThumbs(ids: string[]): void {
  const wanted = ids.filter((id) => !pendingThumbs.has(id));
  if (!wanted.length) return;
  for (const id of wanted) pendingThumbs.add(id);
  handler
    .sendRequest<Extract<ToGalleryMessage, { type: 'thumbs' }>>({ type: 'thumbs', ids: wanted })
    .then((reply) => {
      for (const t of reply.thumbs) {
        pendingThumbs.delete(t.id);
        grid.setThumb(t.id, t.uri, t.error);
      }
      if (!painted) void reportFirstPaint();
    })
    .catch((err: Error) => {
      for (const id of wanted) {
        pendingThumbs.delete(id);
        grid.setThumb(id, undefined, err.message);
      }
    });
}

/** The first screen counts as painted once every thumbnail in view has decoded. */
async function reportFirstPaint(): Promise<void> {
  const visible = grid.visibleIds();
  if (!visible.every((id) => grid.hasThumb(id))) return;
  painted = true;
  await Promise.all(grid.visibleImages().map((img) => img.decode().catch(() => undefined)));
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  // Wall-clock time, so a test driving the workbench can measure from its own click.
  document.body.dataset.paintedAt = String(Date.now());
  handler.sendEvent({ type: 'painted', millis: performance.now(), tiles: visible.length });
}

function onHostMessage(m: ToGalleryMessage): FromGalleryMessage | undefined {
  switch (m.type) {
    case 'dataset': {
      const first = allTiles.length === 0;
      const changed = changedIds(allTiles, m.tiles);
      allTiles = m.tiles;
      grid.dropThumbs(changed);
      showSummary(m.summary);
      refresh(false);
      if (first && saved?.scrollTop) $('grid').scrollTop = saved.scrollTop;
      return undefined;
    }
    case 'progress':
      progress.hidden = false;
      progress.max = m.total;
      progress.value = m.done;
      return undefined;
    case 'scanFinished':
      progress.hidden = true;
      return undefined;
    case 'error':
      $('message').textContent = m.message;
      return undefined;
    default:
      return undefined;
  }
}

/** Ids whose scores changed: their files changed, so their thumbnails may be stale too. */
function changedIds(before: readonly GalleryTile[], after: readonly GalleryTile[]): string[] {
  if (before.length === 0) return [];
  const old = new Map(before.map((t) => [t.id, t]));
  return after.filter((t) => old.get(t.id)?.gt !== t.gt).map((t) => t.id);
}

saveState();
handler.sendEvent({ type: 'ready' });
