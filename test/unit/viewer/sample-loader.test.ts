import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { loadSample, scoreSample } from '../../../src/extension/viewer/sample-loader';
import { encodeRuns, expandRuns, type MaskLayerData } from '../../../src/protocol/viewer';

const root = mkdtempSync(join(tmpdir(), 'symfold-viewer-loader-'));
after(() => rmSync(root, { recursive: true, force: true }));

function grey(width: number, height: number, pixel: (x: number, y: number) => number) {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data[y * width + x] = pixel(x, y);
  return sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

async function write(relative: string, png: Promise<Buffer>): Promise<void> {
  mkdirSync(join(root, relative, '..'), { recursive: true });
  writeFileSync(join(root, relative), await png);
}

const options = { maxPixels: 1 << 30, toWebviewUri: (p: string) => `uri:${p}` };

test('an image over maxPixels opens downsampled with a notice, its mask along with it', async () => {
  // Symmetric about the vertical axis, so the downsampled mask must still score 0 under lr.
  await write(
    'big/images/a.png',
    grey(400, 300, (x) => x % 256),
  );
  await write(
    'big/masks/a.png',
    grey(400, 300, (x) => (x >= 100 && x < 300 ? 1 : 0)),
  );
  const ref = { id: 'a', image: 'images/a.png', mask: 'masks/a.png' };
  const loaded = await loadSample(ref, join(root, 'big'), { ...options, maxPixels: 20_000 });
  assert.equal(
    loaded.image.kind,
    'raw',
    'the browser is sent the downsampled pixels, not the file',
  );
  assert.ok(loaded.image.width * loaded.image.height <= 20_000);
  assert.equal(loaded.image.width, 134, '400 / 3, rounded up');
  assert.equal(loaded.gt?.width, loaded.image.width);
  assert.deepEqual(loaded.warnings, [], 'image and mask shrink alike: no size mismatch');
  assert.ok(
    loaded.notices.some((n) => /a\.png is too large .* downsampled to 134 × 100/.test(n)),
    `notices: ${loaded.notices.join(' | ')}`,
  );
  assert.equal(scoreSample(loaded, 'lr', undefined).gtAsymmetry, 0);
});

test('a small PNG goes to the browser by URI, and a mask of another size is not scored', async () => {
  await write(
    'odd/images/b.png',
    grey(64, 48, () => 100),
  );
  await write(
    'odd/masks/b.png',
    grey(32, 32, () => 1),
  );
  const ref = { id: 'b', image: 'images/b.png', mask: 'masks/b.png' };
  const loaded = await loadSample(ref, join(root, 'odd'), options);
  assert.equal(loaded.image.kind, 'uri');
  assert.match(loaded.warnings.join('\n'), /b\.png is 32 × 32 but its image is 64 × 48/);
  const scores = scoreSample(loaded, 'lr', undefined);
  assert.equal(scores.gtAsymmetry, undefined);
  assert.match(scores.notes.join('\n'), /size differs/);
});

test('a corrupt mask is a warning naming the file; the image still loads', async () => {
  await write(
    'bad/images/c.png',
    grey(8, 8, () => 5),
  );
  mkdirSync(join(root, 'bad/masks'), { recursive: true });
  writeFileSync(join(root, 'bad/masks/c.png'), 'not a png');
  const ref = { id: 'c', image: 'images/c.png', mask: 'masks/c.png' };
  const loaded = await loadSample(ref, join(root, 'bad'), options);
  assert.equal(loaded.gt, undefined);
  assert.match(loaded.warnings.join('\n'), /c\.png/);
});

function mask(data: number[] | Float32Array, width: number, height: number): MaskLayerData {
  const typed = data instanceof Float32Array ? data : Uint8Array.from(data);
  const dtype = data instanceof Float32Array ? 'float32' : 'uint8';
  return { width, height, channels: 1, dtype, data: typed, name: 'm.png', soft: false };
}

test('masks cross to the webview run-length encoded, and expand to the same pixels', () => {
  const pixels = new Array<number>(4096).fill(0).map((_, i) => (i >= 1000 && i < 3000 ? 2 : 0));
  const m = mask(pixels, 64, 64);
  const encoded = encodeRuns(m);
  assert.deepEqual([...(encoded.runLengths ?? [])], [1000, 2000, 1096]);
  assert.deepEqual([...encoded.data], [0, 2, 0]);
  assert.deepEqual([...expandRuns(encoded).data], pixels);
  assert.equal(expandRuns(encoded).runLengths, undefined);
});

test('noise is sent as it is, and runs that do not cover the mask are refused', () => {
  const noise = Float32Array.from({ length: 256 }, (_, i) => (i * 37) % 11);
  assert.equal(encodeRuns(mask(noise, 16, 16)).runLengths, undefined);
  const broken = { ...mask([0, 1], 2, 1), runLengths: Uint32Array.from([1, 5]) };
  assert.throws(() => expandRuns(broken), /m\.png: its runs overflow 2 × 1/);
});
