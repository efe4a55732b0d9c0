import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { rasterOf, type Raster } from '../../../src/core/raster';
import { decodeBuffer, decodeFile } from '../../../src/io/decode';
import { encodeFile, encodePng } from '../../../src/io/encode';
import { parseNpy } from '../../../src/io/npy';
import { readPngHeader } from '../../../src/io/png';

const scratch = mkdtempSync(path.join(tmpdir(), 'symfold-encode-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function pattern<T extends Uint8Array | Uint16Array>(
  Ctor: new (n: number) => T,
  w: number,
  h: number,
  c: number,
  scale: number,
): Raster<T> {
  const data = new Ctor(w * h * c);
  for (let i = 0; i < data.length; i++)
    data[i] = (i * scale + (i % 7) * 13) % (data instanceof Uint16Array ? 65536 : 256);
  return rasterOf(data, w, h, c);
}

describe('encodePng round-trips through decodeBuffer', () => {
  const cases: [string, Raster<Uint8Array | Uint16Array>, number][] = [
    ['8-bit grey', pattern(Uint8Array, 9, 5, 1, 37), 0],
    ['8-bit grey + alpha', pattern(Uint8Array, 9, 5, 2, 11), 4],
    ['8-bit RGB', pattern(Uint8Array, 9, 5, 3, 29), 2],
    ['8-bit RGBA', pattern(Uint8Array, 9, 5, 4, 3), 6],
    ['16-bit grey', pattern(Uint16Array, 9, 5, 1, 4099), 0],
    ['16-bit RGB', pattern(Uint16Array, 9, 5, 3, 1021), 2],
  ];
  for (const [label, raster, colorType] of cases) {
    it(label, async () => {
      const png = await encodePng(raster);
      const header = readPngHeader(png, label);
      assert.equal(header.colorType, colorType, 'PNG colour type');
      assert.equal(header.bitDepth, raster.data instanceof Uint16Array ? 16 : 8);
      const back = await decodeBuffer(png, `${label}.png`);
      assert.equal(back.raster.channels, raster.channels);
      assert.equal(back.raster.data.constructor, raster.data.constructor);
      assert.deepEqual(Array.from(back.raster.data), Array.from(raster.data));
    });
  }

  it('refuses float data', async () => {
    const f = rasterOf(new Float32Array(4), 2, 2, 1) as unknown as Raster<Uint8Array>;
    await assert.rejects(encodePng(f), /save it as \.npy/);
  });
});

describe('encodeFile', () => {
  it('writes .png and .npy atomically and by extension', async () => {
    const mask = pattern(Uint8Array, 6, 4, 1, 255);
    const png = path.join(scratch, 'out', 'm.png');
    await encodeFile(png, mask);
    assert.deepEqual(
      Array.from((await decodeFile(png, { role: 'mask' })).raster.data),
      Array.from(mask.data),
    );

    const probs = rasterOf(new Float32Array([0.1, 0.9, 0.5, -0.0, 1e-8, 3]), 3, 2, 1);
    const npy = path.join(scratch, 'out', 'p.npy');
    await encodeFile(npy, probs);
    const arr = parseNpy(readFileSync(npy));
    assert.deepEqual(arr.shape, [2, 3]);
    assert.deepEqual(arr.data, probs.data);
    assert.deepEqual(readdirSync(path.join(scratch, 'out')).sort(), ['m.png', 'p.npy']);
  });

  it('refuses floats as PNG and unknown extensions, writing nothing', async () => {
    const probs = rasterOf(new Float32Array(4), 2, 2, 1);
    await assert.rejects(
      encodeFile(path.join(scratch, 'bad', 'x.png'), probs),
      /x\.png: a PNG holds 8- or 16-bit/,
    );
    await assert.rejects(
      encodeFile(path.join(scratch, 'bad', 'x.jpg'), probs),
      /cannot write '\.jpg'/,
    );
    assert.throws(() => readdirSync(path.join(scratch, 'bad')), /ENOENT/);
  });
});
