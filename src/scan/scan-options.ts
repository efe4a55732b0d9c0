/** The options that change a sample's score, and so key the cache. The flag rule does not. */
import type { Axis } from '../core/axis';

export interface ScanOptions {
  axis: Axis;
  /** Integer masks count as foreground above this value (DESIGN.md, "Mask values"). */
  maskThreshold?: number;
  swap?: [number, number][];
  mode?: 'auto' | 'binary' | 'labels';
  triangle?: 'auto' | 'full' | 'upper';
}

/** A stable key for the options; part of every cache entry's key. */
export function optionsKey(o: ScanOptions): string {
  return JSON.stringify([
    o.axis,
    o.maskThreshold ?? 0,
    (o.swap ?? []).map((p) => p.join(':')).join(','),
    o.mode ?? 'auto',
    o.triangle ?? 'auto',
  ]);
}
