/**
 * What every `symfold` sub-command implements. main.ts owns dispatch; each command lives in its
 * own module and is listed in commands.ts.
 */
import type { SymfoldEvent } from '../protocol/events';

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type EventInput = Without<SymfoldEvent, 'time'>;

export interface CliContext {
  /** True with --json: events go to stdout one a line, human output is suppressed. */
  readonly json: boolean;
  /** True when stderr is a terminal: progress bars are drawn there. */
  readonly tty: boolean;
  /** Emits an event: a JSON line with --json, otherwise nothing (commands print for people). */
  emit(event: EventInput): void;
  /** Human output on stdout (suppressed with --json). */
  print(text: string): void;
  /** Notes and warnings for people on stderr (with --json, warnings also become events). */
  warn(message: string, file?: string): void;
  /** Aborted on SIGINT/SIGTERM; long commands stop at the next safe point. */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  /** One line for `symfold --help`. */
  readonly summary: string;
  /** The full usage text for `symfold <name> --help`. */
  readonly usage: string;
  /** Returns the process exit code. Throwing a UsageError prints usage and exits 2. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** Bad arguments: main prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A failure the user can act on (a bad file, a missing model): printed without a stack, exit 1. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}
