/** The CliContext that main hands to every command: JSON-lines events or human output. */
import type { CliContext, EventInput } from './command';

export interface ContextOptions {
  json: boolean;
  tty: boolean;
  signal: AbortSignal;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export function createContext(opts: ContextOptions): CliContext {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const emit = (event: EventInput): void => {
    if (!opts.json) return;
    stdout.write(JSON.stringify({ ...event, time: new Date().toISOString() }) + '\n');
  };
  return {
    json: opts.json,
    tty: opts.tty,
    signal: opts.signal,
    emit,
    print(text) {
      if (!opts.json) stdout.write(text.endsWith('\n') ? text : text + '\n');
    },
    warn(message, file) {
      if (opts.json) emit({ event: 'warning', message, ...(file ? { file } : {}) });
      else stderr.write(`warning: ${message}\n`);
    },
  };
}
