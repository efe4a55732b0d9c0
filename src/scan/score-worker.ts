/**
 * A worker thread of the scan pool. It scores each task it is given; the pool keeps a few tasks in
 * flight per worker so that sharp's decode (one thread each) overlaps with the scoring.
 */
import { parentPort } from 'node:worker_threads';
import { scoreSample } from './score-sample';
import type { ScoreTask, WorkerReply } from './worker-messages';

if (!parentPort) throw new Error('score-worker must run as a worker thread');
const port = parentPort;

port.on('message', (task: ScoreTask) => {
  scoreSample(task.root, task.sample, task.options).then(
    (scan) => port.postMessage({ seq: task.seq, ok: true, scan } satisfies WorkerReply),
    (err: unknown) =>
      port.postMessage({
        seq: task.seq,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      } satisfies WorkerReply),
  );
});
