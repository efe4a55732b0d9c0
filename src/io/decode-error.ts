/**
 * The one error type for a file that cannot be turned into a raster. Its message always starts
 * with the file, so the CLI and the extension can show it as it is ("masks/a.png: empty file").
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
}

/** Used in messages when bytes come from memory rather than from a named file. */
export const IN_MEMORY = '(in memory)';

/**
 * Turns a Node file-system error into "cannot read (EACCES: permission denied)". Node's own
 * message ends with the system call and the path ("..., open '/x/y'"); the path is already in
 * front of every DecodeError, and the call name means nothing to a user.
 */
export function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    const withoutPath = e.message.replace(/, [a-z_]+( '.*')?$/s, '');
    return `cannot read (${withoutPath.startsWith(e.code) ? withoutPath : `${e.code}: ${withoutPath}`})`;
  }
  return `cannot read (${err instanceof Error ? err.message : String(err)})`;
}
