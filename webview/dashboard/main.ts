/**
 * The training dashboard in the webview: renders the DashboardState the host sends (curves,
 * backend, config, epoch table) and sends 'ready' and the Stop button's 'cancel'.
 */
import type {
  DashboardState,
  EpochPoint,
  FromDashboardMessage,
  ToDashboardMessage,
} from '../../src/protocol/dashboard';
import { MessageHandler } from '../../src/protocol/messaging';
import { drawLineChart, type ChartTheme, type Series } from './line-chart';

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

const vscode = acquireVsCodeApi();
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function readInitialState(): DashboardState | undefined {
  const text = document.querySelector<HTMLMetaElement>('meta[name="symfold-settings"]')?.dataset
    .settings;
  const fromMeta = text ? (JSON.parse(text) as { state: DashboardState | null }).state : null;
  // A reloaded webview shows its last state at once; the host's snapshot follows 'ready'.
  return (vscode.getState() as DashboardState | undefined) ?? fromMeta ?? undefined;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function theme(): ChartTheme {
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    grid: cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
    font: `11px ${cssVar('--vscode-font-family', 'sans-serif')}`,
  };
}

function seriesOf(points: readonly EpochPoint[], key: keyof EpochPoint): Series['points'] {
  return points.flatMap((p) =>
    p[key] === undefined ? [] : [{ epoch: p.epoch, value: p[key] as number }],
  );
}

const STATUS_TEXT: Record<DashboardState['status'], string> = {
  starting: 'Starting…',
  running: 'Training',
  done: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

let current: DashboardState | undefined;

function fillTable(
  table: HTMLTableElement,
  rows: ReadonlyArray<readonly string[]>,
  header?: readonly string[],
): void {
  table.replaceChildren();
  if (header) {
    const tr = table.createTHead().insertRow();
    for (const h of header) {
      const th = document.createElement('th');
      th.textContent = h;
      tr.appendChild(th);
    }
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell;
  }
}

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '—' : v.toFixed(digits));

function render(state: DashboardState): void {
  current = state;
  vscode.setState(state);
  document.body.dataset.status = state.status;
  byId('title').textContent = state.title;
  const status = byId('status');
  const batch = state.batch
    ? ` · epoch ${state.batch.epoch}, batch ${state.batch.batch}/${state.batch.batches}`
    : '';
  const epochs = state.epochs
    ? ` · ${state.points.length ? state.points[state.points.length - 1].epoch : 0}/${state.epochs} epochs`
    : '';
  status.textContent = `${STATUS_TEXT[state.status]}${epochs}${batch}${state.error ? ` — ${state.error}` : ''}`;
  status.className = `status ${state.status}`;
  byId<HTMLButtonElement>('stop').hidden = !(
    state.status === 'running' || state.status === 'starting'
  );

  byId('backend').textContent = state.backend ?? 'not reported by the trainer';
  const fallbacks = byId('fallbacks');
  fallbacks.replaceChildren(
    ...state.fallbacks.map((line) =>
      Object.assign(document.createElement('li'), { textContent: line }),
    ),
  );
  fillTable(
    byId('config'),
    Object.entries(state.config).map(([k, v]) => [
      k,
      typeof v === 'object' ? JSON.stringify(v) : String(v),
    ]),
  );
  fillTable(
    byId('epochs'),
    // The newest epochs: the curves show the whole run, the table the numbers that matter now.
    state.points
      .slice(-20)
      .map((p) => [String(p.epoch), fmt(p.loss, 4), fmt(p.valIoU, 3), fmt(p.valAsym, 4)]),
    ['epoch', 'loss', 'val IoU', 'asym'],
  );
  byId('warnings').replaceChildren(
    ...state.warnings.map((w) =>
      Object.assign(document.createElement('li'), { textContent: `⚠ ${w}` }),
    ),
  );
  byId('command').textContent = state.commandLine;
  draw(state);
}

function draw(state: DashboardState): void {
  const t = theme();
  const color = (name: string, fallback: string) => cssVar(`--vscode-charts-${name}`, fallback);
  drawLineChart(
    byId('chart-loss'),
    [
      { name: 'loss', color: color('blue', '#3794ff'), points: seriesOf(state.points, 'loss') },
      {
        name: 'val loss',
        color: color('orange', '#d18616'),
        points: seriesOf(state.points, 'valLoss'),
        dashed: true,
      },
    ],
    t,
    { emptyText: 'Waiting for the first epoch…' },
  );
  drawLineChart(
    byId('chart-iou'),
    [
      {
        name: 'val IoU',
        color: color('green', '#89d185'),
        points: seriesOf(state.points, 'valIoU'),
      },
      {
        name: 'val Dice',
        color: color('purple', '#b180d7'),
        points: seriesOf(state.points, 'valDice'),
        dashed: true,
      },
    ],
    t,
    { clamp: { min: 0, max: 1 }, emptyText: 'No validation IoU reported' },
  );
  drawLineChart(
    byId('chart-asym'),
    [
      {
        name: 'val asym',
        color: color('red', '#f14c4c'),
        points: seriesOf(state.points, 'valAsym'),
      },
    ],
    t,
    { clamp: { min: 0, max: 1 }, emptyText: 'No asymmetry reported' },
  );
}

const messages = new MessageHandler<FromDashboardMessage, ToDashboardMessage>(
  (m) => vscode.postMessage(m),
  (m) => {
    if (m.type === 'state') render(m.state);
    return undefined;
  },
);
window.addEventListener('message', (e: MessageEvent) => void messages.handleMessage(e.data));
byId('stop').addEventListener('click', () => messages.sendEvent({ type: 'cancel' }));
// Theme changes and resizes redraw the canvases in the new colours and size.
new ResizeObserver(() => current && draw(current)).observe(document.body);
new MutationObserver(() => current && draw(current)).observe(document.body, {
  attributes: true,
  attributeFilter: ['class'],
});

const initial = readInitialState();
if (initial) render(initial);
messages.sendEvent({ type: 'ready' });
