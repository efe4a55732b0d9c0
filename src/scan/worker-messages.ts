/** Messages between the scan's main thread and its score workers. */
import type { SampleRef } from '../core/pairing';
import type { SampleScan } from '../core/scan-report';
import type { ScanOptions } from './scan-options';

export interface ScoreTask {
  seq: number;
  root: string;
  sample: SampleRef;
  options: ScanOptions;
}

export type WorkerReply =
  { seq: number; ok: true; scan: SampleScan } | { seq: number; ok: false; error: string };
