/**
 * Safe writing: a file is either the old one or the complete new one, never half written (a
 * crash, a full disk or Ctrl+C mid-write must not corrupt a report or a mask), and outputs never
 * land among the ground truth they were computed from.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

/** Folder names that by convention hold ground-truth masks. */
export const GROUND_TRUTH_FOLDER_NAMES: readonly string[] = [
  'masks',
  'labels',
  'gt',
  'annotations',
];
/** Folder names that by convention hold the input images. */
export const IMAGE_FOLDER_NAMES: readonly string[] = ['images'];

/**
 * Writes to a uniquely named temporary file in the same folder (so the rename stays on one file
 * system and is atomic), flushes it to disk, then renames it over `filePath`. The temporary file
 * is removed if anything fails. Parent folders are created.
 */
export interface AtomicWriteOptions {
  /**
   * Flush the file and its folder to disk (default true). Generated data that can be made again
   * (synth samples, thumbnails) skips the two fsyncs, which cost more than the write itself; the
   * rename still makes each file appear whole or not at all.
   */
  durable?: boolean;
}

export async function writeFileAtomic(
  filePath: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const durable = options.durable !== false;
  const target = path.resolve(filePath);
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx');
    await handle.writeFile(data);
    if (durable) await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (durable) await syncFolder(dir);
}

/** Makes the rename itself durable. Not every platform can open a folder (Windows), so best effort. */
async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // The data is already safe; only the rename's durability across a power cut is at stake.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export class OutputRefusedError extends Error {
  override readonly name = 'OutputRefusedError';
  constructor(
    readonly outDir: string,
    readonly reason: string,
  ) {
    super(`refusing to write into ${outDir}: ${reason}`);
  }
}

/**
 * Throws OutputRefusedError when `outDir` is, or is inside, one of `protectedDirs` (the dataset's
 * mask and image folders), or is itself named like a ground-truth or image folder. Symbolic links
 * are resolved, so a link into the masks folder is refused too.
 */
export function assertSafeOutputFolder(
  outDir: string,
  protectedDirs: readonly string[] = [],
): void {
  const out = canonical(outDir);
  for (const dir of protectedDirs) {
    const guarded = canonical(dir);
    if (
      out === guarded ||
      out.startsWith(guarded.endsWith(path.sep) ? guarded : guarded + path.sep)
    ) {
      throw new OutputRefusedError(
        outDir,
        `it ${out === guarded ? 'is' : 'is inside'} ${dir}, which holds ground-truth masks or input images`,
      );
    }
  }
  const name = path.basename(path.resolve(outDir)).toLowerCase();
  if (GROUND_TRUTH_FOLDER_NAMES.includes(name)) {
    throw new OutputRefusedError(outDir, `it holds ground-truth masks (a folder named '${name}')`);
  }
  if (IMAGE_FOLDER_NAMES.includes(name)) {
    throw new OutputRefusedError(outDir, `it holds input images (a folder named '${name}')`);
  }
}

/**
 * The real path of the longest part that exists, plus the rest, so that a folder that does not
 * exist yet still compares correctly; lower case where file systems usually ignore case.
 */
function canonical(p: string): string {
  let existing = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      existing = realpathSync.native(existing);
      break;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) break;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
  const full = path.join(existing, ...rest);
  return process.platform === 'win32' || process.platform === 'darwin' ? full.toLowerCase() : full;
}
