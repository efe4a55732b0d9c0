/**
 * `symfold.json`, the optional file at a dataset's root that names its folders and its symmetry.
 * Parsing is strict about values (a wrong axis would score every sample wrongly) and lenient
 * about unknown keys (a newer SymFold may add some), which only produce warnings.
 */
import { parseSwap } from './asymmetry';
import { AXES, isAxis, type Axis } from './axis';

export const DATASET_CONFIG_FILE = 'symfold.json';

export interface FlagConfig {
  mode?: 'threshold' | 'mad';
  threshold?: number;
  madK?: number;
}

export interface DatasetConfig {
  /** Folders relative to the dataset root, POSIX separators, no trailing slash ('' = the root). */
  images?: string;
  masks?: string;
  preds?: string;
  axis?: Axis;
  /** Label pairs that trade places under the reflection, e.g. "1:2" or "1:2,3:4". */
  swap?: string;
  /** Foreground threshold for 8- and 16-bit masks. */
  threshold?: number;
  flag?: FlagConfig;
  /** The parameters `symfold synth` generated this dataset with; marks it as rewritable. */
  synth?: Record<string, unknown>;
}

export interface ParsedDatasetConfig {
  config: DatasetConfig;
  warnings: string[];
}

export class DatasetConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(`${file}: ${message}`);
  }
}

const FOLDER_KEYS = ['images', 'masks', 'preds'] as const;
const KNOWN_KEYS = new Set<string>([
  ...FOLDER_KEYS,
  'axis',
  'swap',
  'threshold',
  'flag',
  'synth',
  '$schema',
]);
const FLAG_KEYS = new Set(['mode', 'threshold', 'madK']);

export function parseDatasetConfig(text: string, file: string): ParsedDatasetConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetConfigError(`not valid JSON (${(err as Error).message})`, file);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DatasetConfigError('expected a JSON object at the top level', file);
  }
  const obj = raw as Record<string, unknown>;
  const config: DatasetConfig = {};
  const warnings: string[] = [];
  const fail = (message: string): never => {
    throw new DatasetConfigError(message, file);
  };

  for (const key of Object.keys(obj)) {
    if (!KNOWN_KEYS.has(key)) {
      warnings.push(
        `${file}: unknown key '${key}' ignored (known: ${[...KNOWN_KEYS].filter((k) => k !== '$schema').join(', ')})`,
      );
    }
  }
  for (const key of FOLDER_KEYS) {
    if (obj[key] === undefined) continue;
    config[key] = normaliseFolder(obj[key], key, fail);
  }
  if (obj.axis !== undefined) {
    if (!isAxis(obj.axis))
      fail(`'axis' is ${JSON.stringify(obj.axis)}: expected one of ${AXES.join(', ')}`);
    config.axis = obj.axis as Axis;
  }
  if (obj.swap !== undefined) {
    if (typeof obj.swap !== 'string')
      fail(`'swap' must be a string like "1:2" or "1:2,3:4", got ${JSON.stringify(obj.swap)}`);
    const swap = obj.swap as string;
    try {
      parseSwap(swap);
    } catch (err) {
      fail(`'swap': ${(err as Error).message}`);
    }
    config.swap = swap;
  }
  if (obj.threshold !== undefined) {
    config.threshold = finiteNumber(obj.threshold, 'threshold', fail);
    if (config.threshold < 0) fail(`'threshold' must be 0 or more, got ${config.threshold}`);
  }
  if (obj.flag !== undefined) config.flag = parseFlag(obj.flag, file, warnings, fail);
  if (obj.synth !== undefined) {
    if (typeof obj.synth !== 'object' || obj.synth === null || Array.isArray(obj.synth)) {
      fail(`'synth' must be an object, got ${JSON.stringify(obj.synth)}`);
    }
    config.synth = obj.synth as Record<string, unknown>;
  }
  return { config, warnings };
}

/** One parser for label swaps, shared with the scorer (which also checks the pairs). */
export { parseSwap };

export function formatSwap(pairs: ReadonlyArray<readonly [number, number]>): string {
  return pairs.map(([a, b]) => `${a}:${b}`).join(',');
}

function normaliseFolder(value: unknown, key: string, fail: (m: string) => never): string {
  if (typeof value !== 'string')
    return fail(`'${key}' must be a folder name (a string), got ${JSON.stringify(value)}`);
  const posix = value
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  const folder = posix === '.' ? '' : posix;
  if (folder.startsWith('/') || /^[A-Za-z]:/.test(folder)) {
    fail(`'${key}' is ${JSON.stringify(value)}: folders must be relative to the dataset root`);
  }
  if (folder.split('/').some((seg) => seg === '..')) {
    fail(
      `'${key}' is ${JSON.stringify(value)}: folders must stay inside the dataset root (no '..')`,
    );
  }
  return folder;
}

function finiteNumber(value: unknown, key: string, fail: (m: string) => never): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail(`'${key}' must be a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseFlag(
  value: unknown,
  file: string,
  warnings: string[],
  fail: (m: string) => never,
): FlagConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      `'flag' must be an object like {"mode": "mad", "madK": 3}, got ${JSON.stringify(value)}`,
    );
  }
  const obj = value as Record<string, unknown>;
  const flag: FlagConfig = {};
  for (const key of Object.keys(obj)) {
    if (!FLAG_KEYS.has(key))
      warnings.push(
        `${file}: unknown key 'flag.${key}' ignored (known: ${[...FLAG_KEYS].join(', ')})`,
      );
  }
  if (obj.mode !== undefined) {
    if (obj.mode !== 'threshold' && obj.mode !== 'mad') {
      fail(`'flag.mode' is ${JSON.stringify(obj.mode)}: expected "threshold" or "mad"`);
    }
    flag.mode = obj.mode as 'threshold' | 'mad';
  }
  if (obj.threshold !== undefined) {
    flag.threshold = finiteNumber(obj.threshold, 'flag.threshold', fail);
    if (flag.threshold < 0 || flag.threshold > 1) {
      fail(`'flag.threshold' must be an asymmetry between 0 and 1, got ${flag.threshold}`);
    }
  }
  if (obj.madK !== undefined) {
    flag.madK = finiteNumber(obj.madK, 'flag.madK', fail);
    if (flag.madK <= 0) fail(`'flag.madK' must be above 0, got ${flag.madK}`);
  }
  return flag;
}
