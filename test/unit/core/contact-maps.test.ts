import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { scoreMask } from '../../../src/core/asymmetry';
import { rasterOf } from '../../../src/core/raster';

// The shared data lives next to the repository: ../shared from the repo root (npm's cwd).
const masksDir = resolve('..', 'shared', 'data', 'contact-maps', 'masks');

async function readMask(file: string) {
  const { data, info } = await sharp(file)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return rasterOf(
    new Uint8Array(data.buffer, data.byteOffset, data.length),
    info.width,
    info.height,
    info.channels,
  );
}

test('real contact maps are exactly diag-symmetric, and one flipped pixel breaks that', async () => {
  assert.ok(
    existsSync(masksDir),
    `the shared contact-map masks are missing: expected ${masksDir} (run the tests from the repository root)`,
  );
  const files = readdirSync(masksDir).filter((f) => f.endsWith('.png'));
  assert.ok(files.length >= 12, `expected 12 contact maps in ${masksDir}, found ${files.length}`);
  for (const name of files) {
    const mask = await readMask(join(masksDir, name));
    assert.equal(mask.channels, 1, `${name} decoded to ${mask.channels} channels`);
    assert.equal(mask.width, mask.height, `${name} is not square`);
    const score = scoreMask(mask, { axis: 'diag' });
    assert.equal(score.asymmetry, 0, `${name}: diag asymmetry ${score.asymmetry}`);
    assert.equal(score.triangleUnfolded, false, `${name} was mistaken for a triangle`);
    assert.ok(score.foreground > 0, `${name} has no contacts`);
    // The lr score of a contact map is not 0: the test would not pass on anything at all.
    assert.ok(scoreMask(mask, { axis: 'lr' }).asymmetry > 0, `${name} is also lr-symmetric`);

    const n = mask.width;
    const p = 2 * n + (n - 1); // (y = 2, x = n − 1): far off the diagonal
    mask.data[p] = mask.data[p] === 0 ? 255 : 0;
    const broken = scoreMask(mask, { axis: 'diag' });
    assert.ok(broken.asymmetry > 0, `${name}: flipping one pixel left the score at 0`);
  }
});
