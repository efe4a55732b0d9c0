/**
 * The real data in shared/data/contact-maps: every .npy distance matrix and its PNG contact mask
 * must decode, agree in size, and the masks must be binary and exactly symmetric about the
 * diagonal, as the data's README says. A missing folder is a failure, never a skip.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { decodeFile, readImageSize } from '../../../src/io/decode';
import { REPO_ROOT } from './fixtures';

const DATA = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'contact-maps');

describe('real contact maps', () => {
  it('are all read, with masks matching their distance matrices', async () => {
    assert.ok(
      existsSync(DATA),
      `the real data folder ${DATA} is missing: it belongs beside the repository (../shared)`,
    );
    const images = readdirSync(path.join(DATA, 'images'))
      .filter((f) => f.endsWith('.npy'))
      .sort();
    const masks = readdirSync(path.join(DATA, 'masks'))
      .filter((f) => f.endsWith('.png'))
      .sort();
    assert.equal(images.length, 12, `expected 12 .npy files in ${DATA}/images`);
    assert.deepEqual(
      masks.map((m) => m.replace(/\.png$/, '')),
      images.map((i) => i.replace(/\.npy$/, '')),
    );

    for (const name of images) {
      const imagePath = path.join(DATA, 'images', name);
      const maskPath = path.join(DATA, 'masks', name.replace(/\.npy$/, '.png'));
      const image = await decodeFile(imagePath, { role: 'image' });
      const mask = await decodeFile(maskPath, { role: 'mask' });
      const { width: w, height: h } = image.raster;
      assert.ok(image.raster.data instanceof Float32Array, `${name}: float32 distances`);
      assert.equal(w, h, `${name}: a square matrix`);
      assert.ok(w >= 35 && w <= 72, `${name}: size ${w} within the README's 35..72`);
      assert.deepEqual(
        [mask.raster.width, mask.raster.height, mask.raster.channels],
        [w, h, 1],
        `${name}: mask size`,
      );
      assert.deepEqual(await readImageSize(imagePath), { width: w, height: h });
      assert.deepEqual(await readImageSize(maskPath), { width: w, height: h });

      const m = mask.raster.data;
      const d = image.raster.data;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = m[y * w + x];
          assert.ok(v === 0 || v === 255, `${name}: mask value ${v} at (${x}, ${y})`);
          assert.equal(v, m[x * w + y], `${name}: mask not symmetric at (${x}, ${y})`);
          assert.equal(
            d[y * w + x],
            d[x * w + y],
            `${name}: distances not symmetric at (${x}, ${y})`,
          );
        }
        assert.equal(d[y * w + y], 0, `${name}: a residue's distance to itself`);
      }
    }
  });
});
