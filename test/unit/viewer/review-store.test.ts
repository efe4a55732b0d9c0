import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ReviewStore, parseReviewFile, reviewFilePath } from '../../../src/extension/review-store';

test('reviews persist to .symfold/review.json and fire onDidChange', async () => {
  const root = await mkdtemp(join(tmpdir(), 'symfold-review-'));
  const store = ReviewStore.for(root);
  assert.equal(ReviewStore.for(root), store, 'one store per dataset');
  const heard: string[][] = [];
  const sub = store.onDidChange((ids) => heard.push(ids));
  assert.equal(await store.get('a'), undefined);
  const when = new Date('2025-01-02T03:04:05Z');
  await Promise.all([store.set('a', 'needs-fix', when), store.set('b', 'ok', when)]);
  const json = JSON.parse(await readFile(reviewFilePath(root), 'utf8'));
  assert.deepEqual(json, {
    version: 1,
    reviews: {
      a: { state: 'needs-fix', time: when.toISOString() },
      b: { state: 'ok', time: when.toISOString() },
    },
  });
  await store.set('a', undefined);
  assert.equal(await store.get('a'), undefined);
  assert.equal(await store.get('b'), 'ok');
  assert.deepEqual(heard, [['a'], ['b'], ['a']]);
  sub.dispose();
});

test('a broken review.json is reported with its path', async () => {
  const root = await mkdtemp(join(tmpdir(), 'symfold-review-'));
  await mkdir(join(root, '.symfold'));
  await writeFile(reviewFilePath(root), '{ nope');
  await assert.rejects(ReviewStore.for(root).get('x'), (e: Error) =>
    e.message.includes(reviewFilePath(root)),
  );
  assert.throws(
    () => parseReviewFile('{"version":1,"reviews":{"x":{"state":"great","time":"t"}}}', 'r.json'),
    /r\.json: review of 'x'/,
  );
  assert.throws(() => parseReviewFile('{"version":2}', 'r.json'), /version/);
});
