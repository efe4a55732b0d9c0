/**
 * Spreads sample scoring over worker threads, one per core, with a few tasks in flight in each.
 * Used by `symfold scan` and by the extension's background scan, so both score at the same rate.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SampleRef } from '../core/pairing';
import type { SampleScan } from '../core/scan-report';
import type { ScanOptions } from './scan-options';
import { scoreSample } from './score-sample';
import type { ScoreTask, WorkerReply } from './worker-messages';

export interface PoolOptions {
  threads?: number;
  /** Tasks a worker holds at once; 3 keeps sharp's decoder busy while JS scores the last mask. */
  inFlightPerWorker?: number;
  signal?: AbortSignal;
  onResult?: (scan: SampleScan, index: number) => void;
  /** Path of the bundled or transpiled worker script; found next to this module by default. */
  workerScript?: string;
}

/** Below this many samples, starting workers costs more than it saves. */
const IN_PROCESS_LIMIT = 8;

export function defaultThreads(): number {
  return Math.max(
    1,
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
  );
}

export function resolveWorkerScript(): string {
  const candidate = path.join(__dirname, 'score-worker.js');
  if (!fs.existsSync(candidate)) {
    throw new Error(`the scan worker ${candidate} is missing: run 'npm run build'`);
  }
  return candidate;
}

/** Scores every sample; results come back in the samples' order. Aborting returns what is done. */
export async function scoreAll(
  root: string,
  samples: readonly SampleRef[],
  options: ScanOptions,
  pool: PoolOptions = {},
): Promise<(SampleScan | undefined)[]> {
  const results: (SampleScan | undefined)[] = new Array(samples.length);
  if (samples.length === 0) return results;
  if (samples.length <= IN_PROCESS_LIMIT) {
    for (let i = 0; i < samples.length; i++) {
      if (pool.signal?.aborted) break;
      results[i] = await scoreSample(root, samples[i], options);
      pool.onResult?.(results[i]!, i);
    }
    return results;
  }

  const threads = Math.min(pool.threads ?? defaultThreads(), Math.ceil(samples.length / 4));
  const perWorker = pool.inFlightPerWorker ?? 3;
  const script = pool.workerScript ?? resolveWorkerScript();
  const workers: Worker[] = [];
  let next = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      let settled = false;
      const finish = (err?: Error): void => {
        if (settled) return;
        settled = true;
        if (err) reject(err);
        else resolve();
      };
      const onAbort = (): void => finish();
      pool.signal?.addEventListener('abort', onAbort, { once: true });

      const feed = (worker: Worker): void => {
        if (pool.signal?.aborted || next >= samples.length) return;
        const seq = next++;
        worker.postMessage({ seq, root, sample: samples[seq], options } satisfies ScoreTask);
      };

      for (let t = 0; t < threads; t++) {
        const worker = new Worker(script);
        workers.push(worker);
        worker.on('message', (reply: WorkerReply) => {
          const sample = samples[reply.seq];
          results[reply.seq] = reply.ok
            ? reply.scan
            : {
                id: sample.id,
                ...(sample.image ? { image: sample.image } : {}),
                ...(sample.mask ? { mask: sample.mask } : {}),
                ...(sample.pred ? { pred: sample.pred } : {}),
                errors: [{ file: sample.mask ?? sample.image ?? sample.id, message: reply.error }],
                notes: [],
              };
          pool.onResult?.(results[reply.seq]!, reply.seq);
          done++;
          if (done === samples.length) finish();
          else feed(worker);
        });
        worker.on('error', (err) => finish(new Error(`scan worker failed: ${err.message}`)));
        worker.on('exit', (code) => {
          if (code !== 0 && !settled && !pool.signal?.aborted) {
            finish(new Error(`scan worker exited with code ${code}`));
          }
        });
        for (let k = 0; k < perWorker; k++) feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
