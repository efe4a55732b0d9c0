import assert from 'node:assert/strict';
import { existsSync, statSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { rasterOf } from '../../../src/core/raster';
import {
  composeThumbnail,
  ThumbnailCache,
  thumbsFolder,
} from '../../../src/extension/dataset/thumbnails';
import { makeSynth } from './synth-dataset';

const style = { size: 2, color: '#ff0000', opacity: 1 };

test('the overlay tints each thumbnail pixel by the share of foreground under it', () => {
  // 4×4 grey image; mask: the left column pair fully on, the top-right 2×2 block a quarter on.
  const image = rasterOf(new Uint8Array(16).fill(100), 4, 4);
  const mask = rasterOf(new Uint8Array([1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]), 4, 4);
  const t = composeThumbnail(image, mask, style);
  assert.equal(t.width, 2);
  assert.equal(t.height, 2);
  // top-left: all foreground → pure overlay colour
  assert.deepEqual([...t.data.subarray(0, 3)], [255, 0, 0]);
  // top-right: 1 of 4 pixels → a quarter of the way from grey to red
  assert.deepEqual([...t.data.subarray(3, 6)], [139, 75, 75]);
  // bottom-right: no foreground → the image untouched
  assert.deepEqual([...t.data.subarray(9, 12)], [100, 100, 100]);
});

test('16-bit images are stretched to their own range', () => {
  const image = rasterOf(new Uint16Array([1000, 3000, 1000, 3000]), 2, 2);
  const t = composeThumbnail(image, undefined, { ...style, size: 8 });
  assert.deepEqual([...t.data.subarray(0, 6)], [0, 0, 0, 255, 255, 255]);
});

test('thumbnails are cached under .symfold/thumbs and remade only when a file changes', async () => {
  const { root } = makeSynth(['--axis', 'lr', '--n', '3', '--size', '40', '--corrupt', '0']);
  const cache = new ThumbnailCache(root, { size: 32, color: '#00ff00', opacity: 0.5 });
  const sample = {
    id: 'sample-0001',
    image: 'images/sample-0001.png',
    mask: 'masks/sample-0001.png',
  };
  const first = await cache.get(sample);
  assert.equal(path.dirname(first), thumbsFolder(root));
  const meta = await sharp(first).metadata();
  assert.equal(meta.format, 'webp');
  assert.equal(meta.width, 32);
  const made = statSync(first).mtimeMs;
  assert.equal(await cache.get(sample), first);
  assert.equal(statSync(first).mtimeMs, made, 'a cached thumbnail is not rewritten');

  const later = new Date(Date.now() + 5000);
  utimesSync(path.join(root, sample.mask), later, later);
  const second = await cache.get(sample);
  assert.notEqual(second, first);
  assert.ok(existsSync(second));
  assert.ok(!existsSync(first), 'the stale thumbnail is removed');
  assert.ok(
    !existsSync(path.join(root, 'masks', '.symfold')),
    'nothing is written among the masks',
  );
});

test('a broken mask fails with a message naming the file', async () => {
  const { root } = makeSynth(['--axis', 'lr', '--n', '1', '--size', '16', '--corrupt', '0']);
  const cache = new ThumbnailCache(root, { size: 16, color: '#00ff00', opacity: 0.5 });
  await assert.rejects(
    cache.get({ id: 'x', image: 'images/sample-0001.png', mask: 'masks/missing.png' }),
    /missing\.png/,
  );
});
