/**
 * The words a job shows a person: the progress line, the log lines, the backend warning and the
 * failure message. Pure, so each wording is tested without a window.
 */
import type { EpochEvent, StartEvent, SymfoldEvent } from '../../protocol/events';

function fixed(value: number | undefined, digits: number): string | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : value.toFixed(digits);
}

/** "Epoch 3/20 · loss 0.412 · val IoU 0.731" for the progress notification. */
export function epochProgressMessage(e: EpochEvent): string {
  const parts = [`Epoch ${e.epoch}/${e.epochs}`, `loss ${fixed(e.loss, 4) ?? '?'}`];
  const iou = fixed(e.valIoU, 3);
  if (iou !== undefined) parts.push(`val IoU ${iou}`);
  return parts.join(' · ');
}

/**
 * How much of the notification's bar one epoch is worth, in percent. Resumed runs start past
 * epoch 1, so the increment is computed from what was already shown rather than assumed.
 */
export function progressIncrement(shownPercent: number, e: EpochEvent): number {
  if (!(e.epochs > 0)) return 0;
  const target = Math.min(100, (100 * e.epoch) / e.epochs);
  return Math.max(0, target - shownPercent);
}

/**
 * When the backend the user asked for is not the one that runs, a sentence that says so and
 * why; undefined when the request was honoured (or was 'auto' and nothing went wrong).
 */
export function backendNotice(
  requested: string,
  start: StartEvent,
  doing = 'training',
): string | undefined {
  const used = start.backend;
  const reasons = (start.fallbacks ?? []).filter((line) => line.trim() !== '');
  if (used === undefined) return undefined;
  if (requested !== 'auto' && requested !== used) {
    const why = reasons.length > 0 ? ` ${reasons.join(' ')}` : '';
    return `SymFold asked for the ${requested} backend but is ${doing} on ${used}.${why}`;
  }
  if (requested === 'auto' && reasons.length > 0 && isGpuFallback(reasons)) {
    return `SymFold is ${doing} on ${used}: ${reasons.join(' ')}`;
  }
  return undefined;
}

/** Under 'auto', falling back from a GPU is worth a word only when a GPU was actually there. */
function isGpuFallback(reasons: readonly string[]): boolean {
  // "tfjs-node-gpu is not installed (… needs CUDA …)" is every machine without the package, not a
  // GPU that failed: warning about it would greet each run with a false alarm.
  return reasons.some(
    (line) =>
      /cuda|cudnn|libtensorflow|gpu.*(fail|error|cannot)/i.test(line) &&
      !/\bis not installed\b/i.test(line),
  );
}

/** The last few non-empty lines of stderr, for the error notification. */
export function lastLines(text: string, count = 3, maxChars = 400): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const tail = lines.slice(-count).join('\n');
  return tail.length > maxChars ? `…${tail.slice(-maxChars)}` : tail;
}

/** A job that ended badly: what the person reads in the error notification. */
export function failureMessage(
  kind: string,
  result: {
    code: number | null;
    signal: string | null;
    stderrTail: string;
    events: readonly SymfoldEvent[];
  },
): string {
  const reported = [...result.events].reverse().find((e) => e.event === 'error');
  const how =
    result.signal !== null ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
  const detail =
    reported && reported.event === 'error' ? reported.message : lastLines(result.stderrTail);
  return detail
    ? `${kind} failed: ${detail} (the process ${how})`
    : `${kind} failed: the process ${how}.`;
}

/** One readable line per event for the output channel (the raw JSON stays machine-readable in the CLI). */
export function describeEvent(e: SymfoldEvent): string {
  switch (e.event) {
    case 'start': {
      const fallbacks = e.fallbacks?.length ? ` (fallbacks: ${e.fallbacks.join('; ')})` : '';
      return `start ${e.command}${e.backend ? ` on ${e.backend}` : ''}${fallbacks}`;
    }
    case 'progress':
      return `progress ${e.done}/${e.total}${e.message ? ` ${e.message}` : ''}`;
    case 'batch':
      return `epoch ${e.epoch} batch ${e.batch}/${e.batches} loss ${fixed(e.loss, 4)}`;
    case 'epoch': {
      const extra = (
        [
          ['val loss', fixed(e.valLoss, 4)],
          ['val IoU', fixed(e.valIoU, 3)],
          ['val Dice', fixed(e.valDice, 3)],
          ['val asym', fixed(e.valAsym, 4)],
          ['samples/s', fixed(e.samplesPerSec, 1)],
        ] as const
      )
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} ${v}`);
      return [`epoch ${e.epoch}/${e.epochs} loss ${fixed(e.loss, 4)}`, ...extra].join(' · ');
    }
    case 'checkpoint':
      return `checkpoint epoch ${e.epoch}: ${e.path}`;
    case 'sample':
      return `sample ${e.id}`;
    case 'output':
      return `wrote ${e.path}`;
    case 'warning':
      return `warning: ${e.message}${e.file ? ` (${e.file})` : ''}`;
    case 'done':
      return `done${e.cancelled ? ' (cancelled)' : ''}${e.path ? `: ${e.path}` : ''}`;
    case 'error':
      return `error: ${e.message}${e.file ? ` (${e.file})` : ''}`;
    default:
      // An external trainer may speak events this version does not know; show them as they came.
      return JSON.stringify(e);
  }
}
