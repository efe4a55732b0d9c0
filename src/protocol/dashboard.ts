/**
 * The training dashboard's model and messages, shared by the extension host (which folds the
 * run's events into a DashboardState) and the webview (which draws it). The host sends the whole
 * state on every change: a run has at most a few hundred epochs, so a snapshot is small, and a
 * webview that was hidden or reloaded never has to replay a history of deltas.
 */
import type { SymfoldEvent } from './events';

export type RunStatus = 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface EpochPoint {
  epoch: number;
  loss: number;
  valLoss?: number;
  valIoU?: number;
  valDice?: number;
  valAsym?: number;
  samplesPerSec?: number;
}

export interface DashboardState {
  /** What the run is called in the title: the dataset folder and the trainer. */
  title: string;
  /** The command line that started it, for the side panel. */
  commandLine: string;
  status: RunStatus;
  /** The backend the child reported in its start event (absent for trainers that do not say). */
  backend?: string;
  /** Why better backends were not used, one line each. */
  fallbacks: string[];
  config: Record<string, unknown>;
  /** Planned epochs, from the first epoch event (0 until one arrives). */
  epochs: number;
  /** One point per epoch, sorted by epoch; a resumed run replaces the epochs it repeats. */
  points: EpochPoint[];
  /** Progress inside the current epoch, for the status line. */
  batch?: { epoch: number; batch: number; batches: number; loss: number };
  lastCheckpoint?: { epoch: number; path: string };
  warnings: string[];
  /** Where the model is, once done. */
  resultPath?: string;
  error?: string;
}

export function initialDashboardState(title: string, commandLine: string): DashboardState {
  return {
    title,
    commandLine,
    status: 'starting',
    fallbacks: [],
    config: {},
    epochs: 0,
    points: [],
    warnings: [],
  };
}

const MAX_WARNINGS = 20;

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Folds one event into the state, returning a new state (the old one is not changed). */
export function applyEvent(state: DashboardState, event: SymfoldEvent): DashboardState {
  switch (event.event) {
    case 'start':
      return {
        ...state,
        status: 'running',
        backend: event.backend ?? state.backend,
        fallbacks: event.fallbacks ?? state.fallbacks,
        config: event.config ?? state.config,
      };
    case 'batch':
      return {
        ...state,
        status: 'running',
        batch: { epoch: event.epoch, batch: event.batch, batches: event.batches, loss: event.loss },
      };
    case 'epoch': {
      const loss = finite(event.loss);
      if (loss === undefined || !Number.isInteger(event.epoch)) return state;
      const point: EpochPoint = { epoch: event.epoch, loss };
      for (const key of ['valLoss', 'valIoU', 'valDice', 'valAsym', 'samplesPerSec'] as const) {
        const value = finite(event[key]);
        if (value !== undefined) point[key] = value;
      }
      const points = state.points.filter((p) => p.epoch !== event.epoch);
      points.push(point);
      points.sort((a, b) => a.epoch - b.epoch);
      return {
        ...state,
        status: 'running',
        epochs: finite(event.epochs) ?? state.epochs,
        points,
        batch: undefined,
      };
    }
    case 'checkpoint':
      return { ...state, lastCheckpoint: { epoch: event.epoch, path: event.path } };
    case 'warning':
      return { ...state, warnings: [...state.warnings, event.message].slice(-MAX_WARNINGS) };
    case 'done':
      return {
        ...state,
        status: event.cancelled ? 'cancelled' : 'done',
        resultPath: event.path ?? state.resultPath,
        batch: undefined,
      };
    case 'error':
      return { ...state, status: 'failed', error: event.message };
    default:
      return state;
  }
}

/** Marks how the child ended when it did not say so itself (killed, crashed, cancelled). */
export function finishState(
  state: DashboardState,
  outcome: { status: RunStatus; error?: string },
): DashboardState {
  if (state.status === 'done' || state.status === 'failed' || state.status === 'cancelled') {
    return state;
  }
  return {
    ...state,
    status: outcome.status,
    error: outcome.error ?? state.error,
    batch: undefined,
  };
}

// ── Messages ──────────────────────────────────────────────────────────────────────────────

/** Host → webview. */
export type ToDashboardMessage = { type: 'state'; state: DashboardState };

/** Webview → host. */
export type FromDashboardMessage =
  | { type: 'ready' }
  /** The Stop button: the same graceful stop as the notification's Cancel. */
  | { type: 'cancel' };
