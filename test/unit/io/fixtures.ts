/** Where the io fixtures live, from the compiled test (out/test/unit/io) or the source tree. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'io');

export type ExpectedValue = number | 'nan' | 'inf' | '-inf';

export interface Expected {
  shape: number[];
  values: ExpectedValue[];
  dtype?: string;
  bitDepth?: number;
  palette?: number[][];
  scaledForImage?: number[];
}

export function loadExpected(folder: 'npy' | 'img'): Record<string, Expected> {
  return JSON.parse(readFileSync(path.join(FIXTURES, folder, 'expected.json'), 'utf8'));
}

export function fixture(folder: 'npy' | 'img', name: string): string {
  return path.join(FIXTURES, folder, name);
}

export function toNumber(v: ExpectedValue): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** Exact comparison that tells -0 from 0 and accepts NaN for NaN. */
export function assertValuesEqual(
  actual: ArrayLike<number>,
  expected: ExpectedValue[],
  label: string,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: ${actual.length} values, expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], toNumber(expected[i]))) {
      throw new Error(`${label}: value ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}
