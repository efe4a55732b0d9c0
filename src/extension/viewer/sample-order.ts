import { resolve } from 'node:path';
import type { Pairing, SampleRef } from '../../core/pairing';

/**
 * Where a file sits in its dataset and what comes before and after it. The pairing's sample
 * order is the dataset order everywhere (viewer, gallery, reports), so this is its one reader.
 */
export interface SamplePosition {
  sample: SampleRef;
  index: number;
  total: number;
  /** Which file of the sample was opened. */
  role: 'image' | 'mask' | 'pred';
}

/** Pairing paths may be relative to the dataset root; `root` resolves them. */
export function locateFile(
  pairing: Pairing,
  root: string,
  file: string,
): SamplePosition | undefined {
  const target = resolve(file);
  const samples = pairing.samples;
  for (let index = 0; index < samples.length; index++) {
    const s = samples[index];
    for (const role of ['image', 'mask', 'pred'] as const) {
      const path = s[role];
      if (path !== undefined && resolve(root, path) === target)
        return { sample: s, index, total: samples.length, role };
    }
  }
  return undefined;
}

export function locateSample(pairing: Pairing, sampleId: string): SamplePosition | undefined {
  const index = pairing.samples.findIndex((s) => s.id === sampleId);
  if (index < 0) return undefined;
  const sample = pairing.samples[index];
  return {
    sample,
    index,
    total: pairing.samples.length,
    role: sample.image ? 'image' : sample.mask ? 'mask' : 'pred',
  };
}

/** The next or previous sample, wrapping around at the ends like an image browser. */
export function neighbourSample(
  pairing: Pairing,
  index: number,
  direction: 'previous' | 'next',
): SamplePosition | undefined {
  const total = pairing.samples.length;
  if (total === 0) return undefined;
  const next = (index + (direction === 'next' ? 1 : -1) + total) % total;
  return locateSample(pairing, pairing.samples[next].id);
}

/**
 * The pairing with its samples in the caller's order (the gallery's sort and filter), so that
 * next/previous in the viewer walk the list the user clicked in. Samples the order leaves out
 * follow in dataset order, so none becomes unreachable.
 */
export function orderSamples(pairing: Pairing, order: readonly string[] | undefined): Pairing {
  if (!order || order.length === 0) return pairing;
  const byId = new Map(pairing.samples.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const samples: SampleRef[] = [];
  for (const id of order) {
    const s = byId.get(id);
    if (s && !seen.has(id)) {
      seen.add(id);
      samples.push(s);
    }
  }
  for (const s of pairing.samples) if (!seen.has(s.id)) samples.push(s);
  return { ...pairing, samples };
}
