/**
 * Finds a dataset's files on disk and pairs them (core/pairing does the pairing from paths).
 * Problems the user can fix are named with their path: a missing or wrong root is an error,
 * an unreadable sub-folder or an empty dataset a warning, so the rest can still be shown.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../cli/command';
import {
  DATASET_CONFIG_FILE,
  DatasetConfigError,
  parseDatasetConfig,
  type DatasetConfig,
} from '../core/dataset-config';
import {
  naturalCompare,
  pairFiles,
  ROLE_FOLDER_NAMES,
  ROLE_SUFFIXES,
  type Pairing,
} from '../core/pairing';

export interface DatasetListing {
  /** Absolute path of the dataset root. */
  root: string;
  config?: DatasetConfig;
  /** Every file found, relative to the root with POSIX separators, in natural order. */
  files: string[];
  pairing: Pairing;
  warnings: string[];
}

/** Folders never walked: SymFold's own cache, hidden folders (.git), and installed packages. */
function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Sub-folders read at once: enough to hide disk latency, few enough not to exhaust handles. */
const READDIR_CONCURRENCY = 16;

export async function listDataset(root: string): Promise<DatasetListing> {
  const absolute = path.resolve(root);
  let info;
  try {
    info = await stat(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`dataset folder not found: ${absolute}`, absolute);
    throw new UserError(
      `cannot open dataset folder ${absolute}: ${(err as Error).message}`,
      absolute,
    );
  }
  if (!info.isDirectory()) {
    throw new UserError(
      `${absolute} is a file, not a dataset folder (pass the folder that holds images/ and masks/)`,
      absolute,
    );
  }

  const warnings: string[] = [];
  const files = await walk(absolute, warnings);
  files.sort(naturalCompare);

  let config: DatasetConfig | undefined;
  if (files.includes(DATASET_CONFIG_FILE)) {
    const configPath = path.join(absolute, DATASET_CONFIG_FILE);
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (err) {
      throw new UserError(`cannot read ${configPath}: ${(err as Error).message}`, configPath);
    }
    try {
      const parsed = parseDatasetConfig(text, configPath);
      config = parsed.config;
      warnings.push(...parsed.warnings);
    } catch (err) {
      if (err instanceof DatasetConfigError) throw new UserError(err.message, err.file);
      throw err;
    }
  }

  const pairing = pairFiles(files, config);
  if (pairing.samples.length === 0) {
    warnings.push(
      files.length === 0
        ? `${absolute} is empty: expected images/ and masks/ folders, or a_mask.png beside a.png`
        : `no images or masks found in ${absolute} (${files.length} other files): expected images/ and masks/ folders, a_mask.png beside a.png, or a ${DATASET_CONFIG_FILE} naming the folders`,
    );
  }
  return config
    ? { root: absolute, config, files, pairing, warnings }
    : { root: absolute, files, pairing, warnings };
}

/**
 * All files under root (relative, POSIX). Folders are read several at a time; symbolic links to
 * folders are followed once each (by real path), so a link loop cannot recurse forever.
 */
async function walk(root: string, warnings: string[]): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>([await realpath(root)]);
  const queue: string[] = [''];
  let active = 0;

  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (queue.length === 0 && active === 0) {
        resolve();
        return;
      }
      while (active < READDIR_CONCURRENCY && queue.length > 0) {
        const relative = queue.shift() as string;
        active++;
        readFolder(root, relative, files, queue, visited, warnings).finally(() => {
          active--;
          pump();
        });
      }
    };
    pump();
  });
  return files;
}

async function readFolder(
  root: string,
  relative: string,
  files: string[],
  queue: string[],
  visited: Set<string>,
  warnings: string[],
): Promise<void> {
  const dir = relative === '' ? root : path.join(root, relative);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    warnings.push(
      `cannot read folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; its files are left out`,
    );
    return;
  }
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!isSkippedFolder(entry.name)) queue.push(child);
    } else if (entry.isFile()) {
      files.push(child);
    } else if (entry.isSymbolicLink()) {
      await followLink(root, child, entry.name, files, queue, visited, warnings);
    }
  }
}

async function followLink(
  root: string,
  child: string,
  name: string,
  files: string[],
  queue: string[],
  visited: Set<string>,
  warnings: string[],
): Promise<void> {
  const full = path.join(root, child);
  try {
    const target = await stat(full);
    if (target.isFile()) files.push(child);
    else if (target.isDirectory() && !isSkippedFolder(name)) {
      const real = await realpath(full);
      if (!visited.has(real)) {
        visited.add(real);
        queue.push(child);
      }
    }
  } catch {
    warnings.push(`broken link ${full} is left out`);
  }
}

const IMAGE_FOLDERS = new Set(ROLE_FOLDER_NAMES.image);
const MASK_FOLDERS = new Set(ROLE_FOLDER_NAMES.mask);
const PRED_FOLDERS = new Set(ROLE_FOLDER_NAMES.pred);

/**
 * The root of the dataset a file belongs to: the nearest folder, from the file's own upwards,
 * that has a symfold.json or holds an image folder next to a mask (or prediction) folder; failing
 * that, the file's own folder when it pairs by suffix there (a.png beside a_mask.png).
 */
export async function findDatasetRoot(file: string): Promise<string | undefined> {
  const start = path.dirname(path.resolve(file));
  let dir = start;
  while (true) {
    const names = await folderNames(dir);
    if (names && isDatasetRoot(names)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const siblings = await folderNames(start);
  if (siblings && pairsBySuffix(path.basename(file), siblings)) return start;
  return undefined;
}

async function folderNames(dir: string): Promise<Map<string, boolean> | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // name → is a folder (links to folders count as folders)
    const names = new Map<string, boolean>();
    for (const e of entries) names.set(e.name, e.isDirectory() || e.isSymbolicLink());
    return names;
  } catch {
    return undefined;
  }
}

function isDatasetRoot(names: Map<string, boolean>): boolean {
  if (names.has(DATASET_CONFIG_FILE) && names.get(DATASET_CONFIG_FILE) === false) return true;
  let image = false;
  let other = false;
  for (const [name, isFolder] of names) {
    if (!isFolder) continue;
    const lower = name.toLowerCase();
    if (IMAGE_FOLDERS.has(lower)) image = true;
    if (MASK_FOLDERS.has(lower) || PRED_FOLDERS.has(lower)) other = true;
  }
  return image && other;
}

/** Whether the file is an image with a suffixed partner beside it, or is itself a suffixed partner. */
function pairsBySuffix(base: string, siblings: Map<string, boolean>): boolean {
  const files = [...siblings].filter(([, isFolder]) => !isFolder).map(([name]) => name);
  if (!files.includes(base)) return false;
  const pairing = pairFiles(files);
  const suffixes = [...ROLE_SUFFIXES.mask, ...ROLE_SUFFIXES.pred];
  return pairing.samples.some((s) => {
    const members = [s.image, s.mask, s.pred].filter((p): p is string => p !== undefined);
    const partnered =
      members.length >= 2 ||
      (s.mask !== undefined && suffixes.some((x) => s.mask?.toLowerCase().includes(x)));
    return partnered && members.includes(base);
  });
}
