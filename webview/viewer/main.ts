import type { Axis } from '../../src/core/axis';
import { MessageHandler } from '../../src/protocol/messaging';
import {
  LAYER_IDS,
  expandRuns,
  type FromViewerMessage,
  type HostTiming,
  type LayerId,
  type SampleView,
  type ToViewerMessage,
  type ViewerSettings,
  type ZoomCommand,
} from '../../src/protocol/viewer';
import { ImageLayer, formatValue } from './image-layer';
import { Panel } from './panel';
import { Renderer } from './renderer';
import {
  type ViewTransform,
  actualSizeView,
  fitView,
  pan,
  screenToPixel,
  stepZoom,
  zoomAt,
} from './view-transform';
import {
  type PersistedState,
  nextMaskStyle,
  restoreState,
  stepMaskOpacity,
  toggleAllMasks,
} from './viewer-state';
import { type DisplayWindow, autoWindow } from './window-level';

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

const vscode = acquireVsCodeApi();

function readSettings(): ViewerSettings {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="symfold-settings"]');
  const text = meta?.dataset.settings;
  if (!text) throw new Error('the viewer page has no settings tag');
  return JSON.parse(text) as ViewerSettings;
}

const state: PersistedState = restoreState(readSettings(), vscode.getState());
const stage = document.getElementById('stage') as HTMLElement;
const canvas = document.getElementById('viewer-canvas') as HTMLCanvasElement;
const readout = document.getElementById('readout') as HTMLElement;
const errorBox = document.getElementById('error') as HTMLElement;
const renderer = new Renderer(canvas, () => draw());

let sample: SampleView | undefined;
let image: ImageLayer | undefined;
let displayWindow: DisplayWindow | undefined;
let axis: Axis = 'lr';
let view: ViewTransform = { scale: 1, offsetX: 0, offsetY: 0, fit: true };
let sampleArrived = 0;
let firstPaintReported = false;
let hostTiming: (HostTiming & { transferMs: number }) | undefined;

const messages = new MessageHandler<FromViewerMessage, ToViewerMessage>(
  (m) => vscode.postMessage(m),
  (m) => onHostMessage(m),
);
window.addEventListener('message', (e) => void messages.handleMessage(e.data));

const panel = new Panel({
  setAxis: (next) => void changeAxis(next),
  setReview: (review) =>
    void messages
      .sendRequest<Extract<ToViewerMessage, { type: 'reviewSaved' }>>({ type: 'setReview', review })
      .then((reply) => panel.showReview(reply.review), showTransientError),
  toggleLayer: (id) => toggleLayer(id),
  setLayerColour: (id, colour) => update(() => (state.layers[id].color = colour)),
  setLayerOpacity: (id, opacity) => update(() => (state.layers[id].opacity = opacity)),
  setMaskStyle: (style) => update(() => (state.maskStyle = style)),
  setColormap: (map) => update(() => (state.colormap = map), true),
  setWindow: (w) =>
    update(
      () =>
        (displayWindow =
          w === 'auto' && image?.raw ? autoWindow(image.raw) : w === 'auto' ? undefined : w),
      true,
    ),
  navigate: (direction) => messages.sendEvent({ type: 'navigate', direction }),
});
document.getElementById('app')?.append(panel.root);
panel.showSettings(state, displayWindow);

async function onHostMessage(m: ToViewerMessage): Promise<FromViewerMessage | undefined> {
  switch (m.type) {
    case 'sample':
      sampleArrived = performance.now();
      if (m.timing) hostTiming = { ...m.timing, transferMs: Date.now() - m.timing.sentAt };
      await showSample(m.sample, m.keepView);
      return undefined;
    case 'loadFailed':
      showError(m.message);
      return undefined;
    case 'zoom':
      applyZoom(m.command);
      return undefined;
    case 'scores':
      // Scores of an axis the user has already left would show the wrong numbers.
      if (sample && m.scores.axis === axis) {
        sample.scores = m.scores;
        panel.showScores(m.scores);
      }
      return undefined;
    case 'reviewSaved':
      panel.showReview(m.review);
      return undefined;
    default:
      return undefined;
  }
}

async function showSample(next: SampleView, keepView: boolean): Promise<void> {
  try {
    next = {
      ...next,
      gt: next.gt && expandRuns(next.gt),
      pred: next.pred && expandRuns(next.pred),
    };
    const loaded = await ImageLayer.load(next.image);
    const imageReady = performance.now();
    const sameImage = keepView && sample?.sampleId === next.sampleId;
    sample = next;
    image = loaded;
    if (!sameImage || !displayWindow)
      displayWindow = loaded.raw ? autoWindow(loaded.raw) : undefined;
    axis = state.axisBySample[next.sampleId] ?? next.axis;
    renderer.setSample(next, loaded.drawable(displayWindow, state.colormap));
    errorBox.hidden = true;
    stage.hidden = false;
    // Tests (and a curious user in the webview devtools) can tell which sample is on show.
    document.body.dataset.sample = next.sampleId;
    panel.showSample(next);
    panel.showSettings(state, displayWindow);
    if (!sameImage) view = fitToStage();
    draw();
    // Scores are asked for once the picture is up, so the host's scoring never delays it.
    if (!next.scores) requestAnimationFrame(() => void changeAxis(axis));
    else if (axis !== next.axis) void changeAxis(axis);
    if (!firstPaintReported) {
      const drawn = performance.now();
      // The frame is queued; the next animation frame is when it is actually on screen.
      requestAnimationFrame(() => {
        const onScreen = performance.now();
        const host = hostTiming
          ? `host: ready ${hostTiming.readyMs} ms, load ${hostTiming.loadMs} ms, transfer ${hostTiming.transferMs} ms; webview: `
          : '';
        document.body.dataset.paintPhases = `${host}image ${(imageReady - sampleArrived).toFixed(0)} ms, layers and draw ${(drawn - imageReady).toFixed(0)} ms, to screen ${(onScreen - drawn).toFixed(0)} ms`;
        firstPaintReported = true;
        const millis = performance.now() - sampleArrived;
        document.body.dataset.firstPaintMs = millis.toFixed(1);
        // Wall-clock time, so a test in another process can measure from its own open command.
        document.body.dataset.paintedAt = String(Date.now());
        messages.sendEvent({ type: 'painted', millis });
      });
    }
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
  }
}

async function changeAxis(next: Axis): Promise<void> {
  if (!sample) return;
  axis = next;
  if (next === sample.axis) delete state.axisBySample[sample.sampleId];
  else state.axisBySample[sample.sampleId] = next;
  update(() => undefined);
  try {
    const reply = await messages.sendRequest<Extract<ToViewerMessage, { type: 'scores' }>>({
      type: 'setAxis',
      axis: next,
    });
    if (reply.scores.axis !== axis) return;
    sample.scores = reply.scores;
    panel.showScores(reply.scores);
  } catch (error) {
    showTransientError(error);
  }
}

function toggleLayer(id: LayerId): void {
  update(() => (state.layers[id].visible = !state.layers[id].visible));
}

/** Every user choice goes through here: change, persist, redraw; `imageChanged` re-renders only the image. */
function update(change: () => unknown, imageChanged = false): void {
  change();
  vscode.setState(state);
  if (imageChanged && image && sample)
    renderer.setImage(image.drawable(displayWindow, state.colormap));
  panel.showSettings(state, displayWindow);
  draw();
}

function draw(): void {
  if (view.fit) view = fitToStage();
  renderer.draw(view, { ...state, axis });
  // The transform in the DOM lets a test map image pixels to canvas pixels without guessing.
  canvas.dataset.view = JSON.stringify(view);
  messages.sendEvent({ type: 'zoomChanged', scale: view.scale, fit: view.fit });
}

function fitToStage(): ViewTransform {
  const size = renderer.imageSize;
  if (!size) return view;
  return fitView(size.width, size.height, canvas.clientWidth, canvas.clientHeight);
}

function applyZoom(command: ZoomCommand): void {
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (command === 'fit') view = fitToStage();
  else if (command === 'actual') view = actualSizeView(view, w, h);
  else
    view = zoomAt(view, stepZoom(view.scale, command === 'in' ? 1 : -1) / view.scale, w / 2, h / 2);
  draw();
}

function showError(message: string): void {
  errorBox.textContent = message;
  document.body.dataset.failed = 'true';
  errorBox.hidden = false;
  stage.hidden = true;
}

function showTransientError(error: unknown): void {
  readout.textContent = `⚠ ${error instanceof Error ? error.message : String(error)}`;
}

// ---- input ----

canvas.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const rect = canvas.getBoundingClientRect();
    view = zoomAt(
      view,
      Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.002)),
      e.clientX - rect.left,
      e.clientY - rect.top,
    );
    draw();
  },
  { passive: false },
);

let dragFrom: { x: number; y: number } | undefined;
canvas.addEventListener('pointerdown', (e) => {
  dragFrom = { x: e.clientX, y: e.clientY };
  canvas.setPointerCapture(e.pointerId);
  canvas.classList.add('dragging');
});
canvas.addEventListener('pointerup', (e) => {
  dragFrom = undefined;
  canvas.releasePointerCapture(e.pointerId);
  canvas.classList.remove('dragging');
});
canvas.addEventListener('pointermove', (e) => {
  if (dragFrom) {
    view = pan(view, e.clientX - dragFrom.x, e.clientY - dragFrom.y);
    dragFrom = { x: e.clientX, y: e.clientY };
    draw();
  }
  const rect = canvas.getBoundingClientRect();
  showReadout(e.clientX - rect.left, e.clientY - rect.top);
});
canvas.addEventListener('pointerleave', () => (readout.textContent = ''));
new ResizeObserver(() => draw()).observe(canvas);

function showReadout(sx: number, sy: number): void {
  if (!sample || !image) return;
  const p = screenToPixel(view, sx, sy, sample.image.width, sample.image.height);
  if (!p) {
    readout.textContent = '';
    return;
  }
  const parts = [`x ${p.x}, y ${p.y}`, `image ${image.valueAt(p.x, p.y)}`];
  for (const [label, mask] of [
    ['label', sample.gt],
    ['prediction', sample.pred],
  ] as const) {
    if (!mask || p.x >= mask.width || p.y >= mask.height) continue;
    const v = mask.data[(p.y * mask.width + p.x) * mask.channels];
    parts.push(`${label} ${formatValue(v, mask.dtype === 'float32')}`);
  }
  readout.textContent = parts.join('   ');
}

window.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement | null;
  if (
    target &&
    (target.tagName === 'INPUT' || target.tagName === 'SELECT') &&
    target.getAttribute('type') !== 'checkbox'
  )
    return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const layerIndex = Number(e.key) - 1;
  if (Number.isInteger(layerIndex) && layerIndex >= 0 && layerIndex < LAYER_IDS.length)
    toggleLayer(LAYER_IDS[layerIndex]);
  else if (e.key === 'm') update(() => toggleAllMasks(state));
  else if (e.key === 'o') update(() => nextMaskStyle(state));
  else if (e.key === '[') update(() => stepMaskOpacity(state, -0.1));
  else if (e.key === ']') update(() => stepMaskOpacity(state, 0.1));
  else if (e.key === '0') applyZoom('fit');
  else if (e.key === '=') applyZoom('actual');
  else if (e.key === '+') applyZoom('in');
  else if (e.key === '-') applyZoom('out');
  else if (e.key === 'n' || e.key === 'PageDown')
    messages.sendEvent({ type: 'navigate', direction: 'next' });
  else if (e.key === 'p' || e.key === 'PageUp')
    messages.sendEvent({ type: 'navigate', direction: 'previous' });
  else return;
  e.preventDefault();
});

messages.sendEvent({ type: 'ready' });
