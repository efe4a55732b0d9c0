/**
 * The one protocol between the mask viewer's host (src/extension/viewer) and its webview
 * (webview/viewer). Pixel data travels as typed arrays, which VS Code transfers as binary.
 */
import type { Axis } from '../core/axis';

export const LAYER_IDS = ['image', 'gt', 'pred', 'ghost', 'asym', 'axis'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export const LAYER_LABELS: Record<LayerId, string> = {
  image: 'Image',
  gt: 'Ground truth',
  pred: 'Prediction',
  ghost: 'Mirrored ground truth (σM)',
  asym: 'Asymmetry map',
  axis: 'Symmetry axis',
};

export type MaskStyle = 'fill' | 'outline' | 'both';
export type Colormap = 'gray' | 'viridis' | 'magma';
export type ReviewState = 'ok' | 'needs-fix' | 'ignore';
export const REVIEW_STATES: readonly ReviewState[] = ['ok', 'needs-fix', 'ignore'];

export interface LayerStyle {
  visible: boolean;
  /** '#rrggbb'. */
  color: string;
  /** 0..1 */
  opacity: number;
}

/** What `symfold.viewer.*` settings say, sent once in the HTML's data-settings tag. */
export interface ViewerSettings {
  layers: Record<LayerId, LayerStyle>;
  maskStyle: MaskStyle;
  colormap: Colormap;
}

export type NumericDtype = 'uint8' | 'uint16' | 'int32' | 'float32';
export type NumericArray = Uint8Array | Uint16Array | Int32Array | Float32Array;

/** A decoded raster the browser could not decode itself (16-bit, float, TIFF, .npy, masks). */
export interface RawPixels {
  width: number;
  height: number;
  channels: number;
  dtype: NumericDtype;
  data: NumericArray;
}

export type ImageSource =
  { kind: 'uri'; uri: string; width: number; height: number } | ({ kind: 'raw' } & RawPixels);

export interface MaskLayerData extends RawPixels {
  /** File name, for the panel and the readout. */
  name: string;
  /** A probability map: foreground where ≥ 0.5, and |p − σp| for the asymmetry map. */
  soft: boolean;
  /**
   * On the wire only: `data` holds one value per run and this the runs' lengths, in pixel order.
   * Masks are mostly long runs, and a 4096² mask crosses to the webview in kilobytes instead
   * of 16 MiB. The webview expands it on arrival with `expandRuns`.
   */
  runLengths?: Uint32Array;
}

/**
 * Run-length encodes a one-channel mask when that makes it at least 4× smaller; otherwise
 * returns it as it is (noise-like probability maps gain nothing).
 */
export function encodeRuns(mask: MaskLayerData): MaskLayerData {
  const { data } = mask;
  if (mask.channels !== 1 || mask.runLengths || data.length === 0) return mask;
  const limit = data.length / 8;
  let runs = 1;
  for (let i = 1; i < data.length; i++) {
    if (data[i] !== data[i - 1] && ++runs > limit) return mask;
  }
  const values = new (data.constructor as new (n: number) => NumericArray)(runs);
  const lengths = new Uint32Array(runs);
  let r = 0;
  let start = 0;
  for (let i = 1; i <= data.length; i++) {
    if (i === data.length || data[i] !== data[i - 1]) {
      values[r] = data[start];
      lengths[r++] = i - start;
      start = i;
    }
  }
  return { ...mask, data: values, runLengths: lengths };
}

/** The inverse of `encodeRuns`; a mask without runs is returned as it is. */
export function expandRuns(mask: MaskLayerData): MaskLayerData {
  const lengths = mask.runLengths;
  if (!lengths) return mask;
  const data = new (mask.data.constructor as new (n: number) => NumericArray)(
    mask.width * mask.height * mask.channels,
  );
  let at = 0;
  for (let r = 0; r < lengths.length; r++) {
    const end = at + lengths[r];
    if (end > data.length)
      throw new Error(`${mask.name}: its runs overflow ${mask.width} × ${mask.height}`);
    data.fill(mask.data[r], at, end);
    at = end;
  }
  if (at !== data.length)
    throw new Error(`${mask.name}: its runs cover ${at} of ${data.length} pixels`);
  const { runLengths: _runs, ...rest } = mask;
  return { ...rest, data };
}

export interface Scores {
  axis: Axis;
  gtAsymmetry?: number;
  predAsymmetry?: number;
  iou?: number;
  dice?: number;
  flagged: boolean;
  /** Why a score is missing (a size mismatch, no mask), one line each. */
  notes: string[];
}

export interface SampleView {
  /** Stable across reloads of the same sample, so a live update keeps zoom and pan. */
  sampleId: string;
  name: string;
  datasetRoot?: string;
  position?: { index: number; total: number };
  image: ImageSource;
  gt?: MaskLayerData;
  pred?: MaskLayerData;
  /** The axis the overlays and scores start on. */
  axis: Axis;
  /**
   * Left out by the host: scoring a large mask takes a while, so the picture goes first, and the
   * webview asks for the scores (`setAxis`) once it has painted.
   */
  scores?: Scores;
  review?: ReviewState;
  /** Problems the user must see: size mismatches, unreadable masks. */
  warnings: string[];
  /** Facts worth knowing: downsampled, unpaired. */
  notices: string[];
}

/** Where the host spent its time before sending a sample, for the first-paint benchmark. */
export interface HostTiming {
  /** From the editor's creation to the webview's `ready`. */
  readyMs: number;
  /** Finding the dataset and decoding the sample's files. */
  loadMs: number;
  /** Date.now() when the message was posted; the webview's clock is the same machine's. */
  sentAt: number;
}

export type ZoomCommand = 'in' | 'out' | 'fit' | 'actual';

// ---- to the webview ----

export type ToViewerMessage =
  | { type: 'sample'; sample: SampleView; keepView: boolean; timing?: HostTiming }
  | { type: 'loadFailed'; message: string }
  | { type: 'zoom'; command: ZoomCommand }
  | { type: 'scores'; scores: Scores }
  | { type: 'reviewSaved'; review?: ReviewState }
  | { type: 'ack' }
  | { type: 'error'; message: string };

// ---- from the webview ----

export type FromViewerMessage =
  | { type: 'ready' }
  /** `scale` is screen pixels per image pixel; `fit` says whether it follows the window. */
  | { type: 'zoomChanged'; scale: number; fit: boolean }
  /** A request; answered with `scores`. */
  | { type: 'setAxis'; axis: Axis }
  /** A request; answered with `reviewSaved`. */
  | { type: 'setReview'; review: ReviewState | undefined }
  | { type: 'navigate'; direction: 'previous' | 'next' }
  /** Sent once the first frame with overlays is on screen, for the open → paint benchmark. */
  | { type: 'painted'; millis: number }
  | { type: 'ack' }
  | { type: 'error'; message: string };

export const DEFAULT_LAYERS: Record<LayerId, LayerStyle> = {
  image: { visible: true, color: '#ffffff', opacity: 1 },
  gt: { visible: true, color: '#00c853', opacity: 0.5 },
  pred: { visible: true, color: '#2979ff', opacity: 0.5 },
  ghost: { visible: true, color: '#ffd600', opacity: 0.9 },
  asym: { visible: false, color: '#ff1744', opacity: 0.7 },
  axis: { visible: true, color: '#ff9100', opacity: 0.8 },
};
