/**
 * The one protocol between the dataset gallery's host (src/extension/dataset) and its webview
 * (webview/gallery). Tiles carry numbers only; thumbnails travel as webview URIs of cached files,
 * asked for by the page for the tiles it is about to show.
 */
import type { Axis } from '../core/axis';
import type { ReviewState } from '../core/scan-report';

export const SORT_KEYS = ['gtAsymmetry', 'name', 'predIoU', 'predAsymmetry'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const SORT_LABELS: Record<SortKey, string> = {
  gtAsymmetry: 'GT asymmetry (worst first)',
  name: 'Name',
  predIoU: 'Prediction IoU (worst first)',
  predAsymmetry: 'Prediction asymmetry (worst first)',
};

export interface TileFilters {
  flagged: boolean;
  unreviewed: boolean;
  needsFix: boolean;
}

export interface GalleryQuery {
  sort: SortKey;
  filters: TileFilters;
  search: string;
}

export const DEFAULT_QUERY: GalleryQuery = {
  sort: 'gtAsymmetry',
  filters: { flagged: false, unreviewed: false, needsFix: false },
  search: '',
};

export interface GalleryTile {
  id: string;
  /** Position in the dataset's natural order, so sorting by name needs no string compares. */
  index: number;
  gt?: number;
  predAsymmetry?: number;
  iou?: number;
  flagged: boolean;
  reason?: string;
  review?: ReviewState;
  /** The first problem with the sample's files, shown on the tile instead of a score. */
  error?: string;
}

/** The flag rule as the slider shows it: a threshold, or the k of median + k·MAD. */
export type SliderRule = { mode: 'threshold'; threshold: number } | { mode: 'mad'; k: number };

export interface GallerySummary {
  root: string;
  name: string;
  axis: Axis;
  rule: SliderRule;
  ruleText: string;
  cutoff: number;
  samples: number;
  scored: number;
  flagged: number;
  /** Samples whose files could not be scored (unreadable, corrupt, mismatched sizes). */
  failed: number;
}

/** What the page needs before any message, in the HTML's data-settings tag. */
export interface GallerySettings {
  root: string;
  name: string;
  /** Thumbnail edge in CSS pixels. */
  thumbSize: number;
}

export interface ThumbResult {
  id: string;
  uri?: string;
  error?: string;
}

// ---- to the webview ----

export type ToGalleryMessage =
  | { type: 'dataset'; tiles: GalleryTile[]; summary: GallerySummary }
  | { type: 'progress'; done: number; total: number }
  | { type: 'scanFinished' }
  | { type: 'thumbs'; thumbs: ThumbResult[] }
  | { type: 'ack' }
  | { type: 'error'; message: string };

// ---- from the webview ----

export type FromGalleryMessage =
  | { type: 'ready' }
  /** A request; answered with `thumbs`. */
  | { type: 'thumbs'; ids: string[] }
  /** Opens the viewer; `order` is the gallery's current order, for next/previous. */
  | { type: 'open'; id: string; order: string[] }
  | { type: 'setRule'; rule: SliderRule }
  | { type: 'setReview'; id: string; review: ReviewState | undefined }
  | { type: 'scan' }
  | { type: 'export' }
  /** Sent once the first screenful of tiles, thumbnails included, is on screen. */
  | { type: 'painted'; millis: number; tiles: number }
  | { type: 'ack' }
  | { type: 'error'; message: string };
