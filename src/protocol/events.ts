/**
 * The JSON-lines events that `symfold … --json` prints, one object a line on stdout.
 * This is the contract between the CLI and the extension, and the one an external trainer
 * (a PyTorch script, a cluster job) follows to get the same progress and curves in VS Code.
 * Every event has `event` and `time` (ISO 8601). Unknown fields are ignored by readers, so
 * fields may be added but never renamed.
 */
import type { Axis } from '../core/axis';

export type FoldMode = 'fold' | 'average' | 'penalty' | 'none';

interface EventBase {
  time: string;
}

/** A run begins: which command, which backend and why. */
export interface StartEvent extends EventBase {
  event: 'start';
  command: string;
  backend?: string;
  /** Why better backends were not used, one line each. */
  fallbacks?: string[];
  config?: Record<string, unknown>;
}

export interface ProgressEvent extends EventBase {
  event: 'progress';
  done: number;
  total: number;
  message?: string;
}

export interface BatchEvent extends EventBase {
  event: 'batch';
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface EpochEvent extends EventBase {
  event: 'epoch';
  epoch: number;
  epochs: number;
  loss: number;
  valLoss?: number;
  valIoU?: number;
  valDice?: number;
  /** Mean asymmetry of the validation predictions under the run's axis. */
  valAsym?: number;
  samplesPerSec?: number;
}

export interface CheckpointEvent extends EventBase {
  event: 'checkpoint';
  epoch: number;
  path: string;
}

/** One scored sample (`symfold scan --json`). */
export interface SampleEvent extends EventBase {
  event: 'sample';
  id: string;
  result: unknown;
}

/** Written output files (predict). */
export interface OutputEvent extends EventBase {
  event: 'output';
  path: string;
  source?: string;
}

export interface WarningEvent extends EventBase {
  event: 'warning';
  message: string;
  file?: string;
}

export interface DoneEvent extends EventBase {
  event: 'done';
  /** Where the results are (model folder, report file, output folder). */
  path?: string;
  metrics?: Record<string, number>;
  summary?: Record<string, unknown>;
  /** True when the run stopped early on request (SIGINT/SIGTERM, cancel). */
  cancelled?: boolean;
}

export interface ErrorEvent extends EventBase {
  event: 'error';
  message: string;
  file?: string;
}

export type SymfoldEvent =
  | StartEvent
  | ProgressEvent
  | BatchEvent
  | EpochEvent
  | CheckpointEvent
  | SampleEvent
  | OutputEvent
  | WarningEvent
  | DoneEvent
  | ErrorEvent;

export type EventName = SymfoldEvent['event'];

/** Parses one line; returns undefined for lines that are not SymFold events (e.g. stray logs). */
export function parseEventLine(line: string): SymfoldEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed) as { event?: unknown };
    return typeof value.event === 'string' ? (value as SymfoldEvent) : undefined;
  } catch {
    return undefined;
  }
}

export type { Axis };
