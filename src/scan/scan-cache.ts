/**
 * The scan cache in <dataset>/.symfold/scan-cache.json: each sample's scores keyed by the score
 * options and the path, size and mtime of its files, so an unchanged rescan only stats files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SampleRef } from '../core/pairing';
import type { SampleScan } from '../core/scan-report';
import { writeFileAtomic } from '../io/atomic';
import { optionsKey, type ScanOptions } from './scan-options';

const CACHE_VERSION = 1;

interface CacheFile {
  version: number;
  entries: Record<string, { key: string; scan: SampleScan }>;
}

export function cachePath(root: string): string {
  return path.join(root, '.symfold', 'scan-cache.json');
}

export async function loadCache(
  root: string,
): Promise<Map<string, { key: string; scan: SampleScan }>> {
  try {
    const parsed = JSON.parse(await fs.promises.readFile(cachePath(root), 'utf8')) as CacheFile;
    if (parsed.version !== CACHE_VERSION || typeof parsed.entries !== 'object') return new Map();
    return new Map(Object.entries(parsed.entries));
  } catch {
    // A missing or damaged cache only costs a full rescan.
    return new Map();
  }
}

export async function saveCache(
  root: string,
  entries: Map<string, { key: string; scan: SampleScan }>,
): Promise<void> {
  const file: CacheFile = { version: CACHE_VERSION, entries: Object.fromEntries(entries) };
  await writeFileAtomic(cachePath(root), JSON.stringify(file));
}

async function statKey(root: string, rel: string | undefined): Promise<string> {
  if (!rel) return '-';
  try {
    const st = await fs.promises.stat(path.join(root, rel));
    return `${rel}|${st.size}|${st.mtimeMs}`;
  } catch {
    return `${rel}|missing`;
  }
}

/** Cache keys for all samples, statting with bounded concurrency. */
export async function sampleKeys(
  root: string,
  samples: readonly SampleRef[],
  options: ScanOptions,
): Promise<string[]> {
  const prefix = optionsKey(options);
  const keys: string[] = new Array(samples.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < samples.length) {
      const i = next++;
      const s = samples[i];
      const parts = await Promise.all([
        statKey(root, s.image),
        statKey(root, s.mask),
        statKey(root, s.pred),
      ]);
      keys[i] = `${prefix}#${parts.join('#')}`;
    }
  };
  await Promise.all(Array.from({ length: Math.min(64, samples.length) }, worker));
  return keys;
}
