/**
 * Sorting, filtering and searching the gallery's tiles. Pure, so the page, the host (next/previous
 * order) and the unit tests agree. Sorting by name uses each tile's natural-order index, which
 * keeps a 10,000-tile sort to number compares only.
 */
import type { GalleryQuery, GalleryTile, SortKey } from '../../src/protocol/gallery';

/** Missing scores go last in every order: a sample that could not be scored is no "best" one. */
function descending(a: number | undefined, b: number | undefined): number {
  if (a === undefined || Number.isNaN(a)) return b === undefined || Number.isNaN(b) ? 0 : 1;
  if (b === undefined || Number.isNaN(b)) return -1;
  return b - a;
}

function ascending(a: number | undefined, b: number | undefined): number {
  if (a === undefined || Number.isNaN(a)) return b === undefined || Number.isNaN(b) ? 0 : 1;
  if (b === undefined || Number.isNaN(b)) return -1;
  return a - b;
}

const COMPARE: Record<SortKey, (a: GalleryTile, b: GalleryTile) => number> = {
  gtAsymmetry: (a, b) => descending(a.gt, b.gt),
  name: () => 0,
  // Low IoU is the worst prediction, so it comes first like the other "worst first" orders.
  predIoU: (a, b) => ascending(a.iou, b.iou),
  predAsymmetry: (a, b) => descending(a.predAsymmetry, b.predAsymmetry),
};

export function matchesQuery(tile: GalleryTile, query: GalleryQuery, needle: string): boolean {
  const f = query.filters;
  if (f.flagged && !tile.flagged) return false;
  if (f.unreviewed && tile.review !== undefined) return false;
  if (f.needsFix && tile.review !== 'needs-fix') return false;
  return needle === '' || tile.id.toLowerCase().includes(needle);
}

export function orderTiles(tiles: readonly GalleryTile[], query: GalleryQuery): GalleryTile[] {
  const needle = query.search.trim().toLowerCase();
  const kept = tiles.filter((t) => matchesQuery(t, query, needle));
  const compare = COMPARE[query.sort];
  return kept.sort((a, b) => compare(a, b) || a.index - b.index);
}
