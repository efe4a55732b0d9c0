import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { folderKey, JobRegistry, type JobInfo } from '../../../src/extension/jobs/job-registry';

function job(outputFolder: string, label = 'run'): JobInfo & { cancelled: number } {
  const info = {
    kind: 'Training',
    outputFolder,
    label,
    cancelled: 0,
    cancel: () => info.cancelled++,
  };
  return info;
}

test('a second job on the same output folder is refused, naming the first', () => {
  const registry = new JobRegistry();
  registry.claim(job('/data/ds/models/lr-fold', 'first'));
  assert.throws(
    () => registry.claim(job('/data/ds/models/lr-fold/', 'second')),
    /Training "first" is already writing to \/data\/ds\/models\/lr-fold/,
  );
  assert.throws(() => registry.claim(job('/data/ds/models/../models/lr-fold')), /already writing/);
});

test('nested folders conflict both ways, siblings do not', () => {
  const registry = new JobRegistry();
  registry.claim(job('/data/ds/models/lr-fold'));
  assert.ok(registry.conflicting('/data/ds/models'));
  assert.ok(registry.conflicting('/data/ds/models/lr-fold/sub'));
  assert.equal(registry.conflicting('/data/ds/models/lr-fold2'), undefined);
  assert.equal(registry.conflicting('/data/ds/preds'), undefined);
});

test('a released claim frees the folder, and releasing twice is harmless', () => {
  const registry = new JobRegistry();
  const claim = registry.claim(job('/x/out'));
  claim.release();
  const again = registry.claim(job('/x/out'));
  claim.release(); // the stale claim must not free the new job's folder
  assert.throws(() => registry.claim(job('/x/out')), /already writing/);
  again.release();
  assert.equal(registry.running.length, 0);
});

test('cancelAll reaches every running job', () => {
  const registry = new JobRegistry();
  const a = job('/a');
  const b = job('/b');
  registry.claim(a);
  registry.claim(b);
  registry.cancelAll();
  assert.deepEqual([a.cancelled, b.cancelled], [1, 1]);
});

test('folder keys fold case only where the file system does', () => {
  assert.equal(folderKey('/Data/X/', 'linux'), '/Data/X');
  assert.equal(folderKey('/Data/X', 'darwin'), '/data/x');
});
