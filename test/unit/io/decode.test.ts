import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { rasterOf, type Raster } from '../../../src/core/raster';
import {
  decodeBuffer,
  decodeFile,
  DecodeError,
  readImageSize,
  sniffFormat,
} from '../../../src/io/decode';
import { encodeNpy } from '../../../src/io/npy';
import { assertValuesEqual, fixture, loadExpected, type Expected } from './fixtures';

const expected = loadExpected('img');
const scratch = mkdtempSync(path.join(tmpdir(), 'symfold-decode-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function shapeOf(r: Raster): number[] {
  return r.channels === 1 ? [r.height, r.width] : [r.height, r.width, r.channels];
}

/** The expected pixels with only some channels kept, e.g. alpha dropped. */
function keepChannels(exp: Expected, keep: number[]): { shape: number[]; values: number[] } {
  const channels = exp.shape[2] ?? 1;
  const values: number[] = [];
  for (let i = 0; i < exp.values.length / channels; i++) {
    for (const k of keep) values.push(exp.values[i * channels + k] as number);
  }
  const [h, w] = exp.shape;
  return { shape: keep.length === 1 ? [h, w] : [h, w, keep.length], values };
}

/** Palette indices to the palette's colours (RGB, or one channel when every entry is grey). */
function expandPalette(exp: Expected): { shape: number[]; values: number[] } {
  const palette = exp.palette!;
  const grey = palette.every(([r, g, b]) => r === g && g === b);
  const values = exp.values.flatMap((i) =>
    grey ? [palette[i as number][0]] : palette[i as number],
  );
  return { shape: grey ? exp.shape : [...exp.shape, 3], values };
}

async function check(
  name: string,
  role: 'image' | 'mask',
  want: { shape: number[]; values: number[] },
  type: string,
): Promise<void> {
  const decoded = await decodeFile(fixture('img', name), { role });
  assert.deepEqual(shapeOf(decoded.raster), want.shape, `${name} as ${role}: shape`);
  assert.equal(decoded.raster.data.constructor.name, type, `${name} as ${role}: pixel type`);
  assertValuesEqual(decoded.raster.data, want.values, `${name} as ${role}`);
}

describe('decodeFile: PNG fixtures written by a hand-made encoder', () => {
  const same = (name: string) => expected[name] as { shape: number[]; values: number[] };

  it('8-bit and 16-bit grey keep one channel and their depth', async () => {
    for (const role of ['image', 'mask'] as const) {
      await check('grey8.png', role, same('grey8.png'), 'Uint8Array');
      await check('grey8_interlaced.png', role, same('grey8_interlaced.png'), 'Uint8Array');
      await check('grey16.png', role, same('grey16.png'), 'Uint16Array');
    }
    const d = await decodeFile(fixture('img', 'grey16.png'));
    assert.deepEqual([d.format, d.bitDepth, d.indexed, d.sourceChannels], ['png', 16, false, 1]);
  });

  it('1- and 2-bit grey: scaled to 0..255 as images, stored values as masks', async () => {
    for (const name of ['grey1.png', 'grey2.png']) {
      const exp = expected[name];
      await check(name, 'image', { shape: exp.shape, values: exp.scaledForImage! }, 'Uint8Array');
      await check(name, 'mask', same(name), 'Uint8Array');
      assert.equal((await decodeFile(fixture('img', name))).bitDepth, exp.bitDepth);
    }
  });

  it('palette: colours as an image, label ids as a mask, for 1/4/8-bit and interlaced', async () => {
    for (const name of ['palette1.png', 'palette4.png', 'palette2_interlaced.png']) {
      const colours = expandPalette(expected[name]);
      await check(
        name,
        'image',
        { shape: [...expected[name].shape, 3], values: colours.values },
        'Uint8Array',
      );
      await check(name, 'mask', same(name), 'Uint8Array');
      const d = await decodeFile(fixture('img', name), { role: 'mask' });
      assert.deepEqual(
        [d.indexed, d.sourceChannels, d.bitDepth],
        [true, 1, expected[name].bitDepth],
      );
    }
    // palette8.png has a tRNS chunk, so as an image it gains alpha (index 5 is transparent).
    const img = await decodeFile(fixture('img', 'palette8.png'));
    assert.equal(img.raster.channels, 4);
    assert.deepEqual(Array.from(img.raster.data.slice(0, 8)), [224, 224, 192, 0, 128, 0, 0, 255]);
    await check('palette8.png', 'mask', same('palette8.png'), 'Uint8Array');
  });

  it('grey + alpha, RGB, RGBA; alpha dropped and equal channels merged for masks', async () => {
    await check('grey_alpha8.png', 'image', same('grey_alpha8.png'), 'Uint8Array');
    await check(
      'grey_alpha8.png',
      'mask',
      keepChannels(expected['grey_alpha8.png'], [0]),
      'Uint8Array',
    );
    await check('rgb8.png', 'image', same('rgb8.png'), 'Uint8Array');
    await check('rgb8.png', 'mask', same('rgb8.png'), 'Uint8Array');
    await check('rgba8.png', 'image', same('rgba8.png'), 'Uint8Array');
    await check('rgba8.png', 'mask', keepChannels(expected['rgba8.png'], [0, 1, 2]), 'Uint8Array');
    await check('rgb_equal_mask.png', 'image', same('rgb_equal_mask.png'), 'Uint8Array');
    await check(
      'rgb_equal_mask.png',
      'mask',
      keepChannels(expected['rgb_equal_mask.png'], [0]),
      'Uint8Array',
    );
  });
});

describe('decodeFile: BMP and TIFF fixtures', () => {
  it('BMP palette files: colours (or grey) as images, indices as masks', async () => {
    for (const name of ['pal1.bmp', 'pal4.bmp', 'pal8_topdown.bmp']) {
      await check(name, 'image', expandPalette(expected[name]), 'Uint8Array');
      await check(
        name,
        'mask',
        expected[name] as { shape: number[]; values: number[] },
        'Uint8Array',
      );
    }
  });

  it('BMP 24-bit bottom-up and 32-bit top-down with alpha', async () => {
    await check(
      'rgb24.bmp',
      'image',
      expected['rgb24.bmp'] as { shape: number[]; values: number[] },
      'Uint8Array',
    );
    await check(
      'rgba32_topdown.bmp',
      'image',
      expected['rgba32_topdown.bmp'] as { shape: number[]; values: number[] },
      'Uint8Array',
    );
    await check(
      'rgba32_topdown.bmp',
      'mask',
      keepChannels(expected['rgba32_topdown.bmp'], [0, 1, 2]),
      'Uint8Array',
    );
    const d = await decodeFile(fixture('img', 'rgb24.bmp'));
    assert.deepEqual([d.format, d.bitDepth, d.sourceChannels], ['bmp', 24, 3]);
  });

  it('BMP 16-bit with 5-6-5 bit fields', async () => {
    // 2×1 pixels: pure red and pure green in 5-6-5, one 4-byte row.
    const bytes = new Uint8Array(14 + 40 + 12 + 4);
    const v = new DataView(bytes.buffer);
    bytes.set([0x42, 0x4d]);
    v.setUint32(2, bytes.length, true);
    v.setUint32(10, 14 + 40 + 12, true);
    v.setUint32(14, 40, true);
    v.setInt32(18, 2, true);
    v.setInt32(22, 1, true);
    v.setUint16(26, 1, true);
    v.setUint16(28, 16, true);
    v.setUint32(30, 3, true); // BI_BITFIELDS
    v.setUint32(54, 0xf800, true);
    v.setUint32(58, 0x07e0, true);
    v.setUint32(62, 0x001f, true);
    v.setUint16(66, 0xf800, true);
    v.setUint16(68, 0x07e0, true);
    const d = await decodeBuffer(bytes, 'a.bmp');
    assert.deepEqual(Array.from(d.raster.data), [255, 0, 0, 0, 255, 0]);
    bytes[30] = 1; // run-length compression
    await assert.rejects(
      decodeBuffer(bytes, 'a.bmp'),
      /a\.bmp: unsupported BMP \(run-length compressed\)/,
    );
  });

  it('TIFF 8-bit, 16-bit, float32 grey and 8-bit RGB', async () => {
    const exp = (n: string) => expected[n] as { shape: number[]; values: number[] };
    await check('grey8.tif', 'image', exp('grey8.tif'), 'Uint8Array');
    await check('grey16.tif', 'mask', exp('grey16.tif'), 'Uint16Array');
    await check('float32.tif', 'image', exp('float32.tif'), 'Float32Array');
    await check('rgb8.tif', 'image', exp('rgb8.tif'), 'Uint8Array');
    const d = await decodeFile(fixture('img', 'float32.tif'));
    assert.deepEqual([d.format, d.bitDepth], ['tiff', 32]);
  });
});

describe('decodeBuffer: JPEG, WebP and GIF made by sharp', () => {
  const w = 13;
  const h = 9;
  const grey = new Uint8Array(w * h).map((_, i) => ((i % w) * 20 + Math.floor(i / w) * 5) & 0xff);
  const binary = new Uint8Array(w * h).map((_, i) =>
    ((i % w) + Math.floor(i / w)) % 3 === 0 ? 255 : 0,
  );
  const raw = (data: Uint8Array, channels: 1 | 3 = 1) =>
    sharp(data, { raw: { width: w, height: h, channels } });

  it('grey JPEG decodes to one channel close to the source', async () => {
    const jpeg = await raw(grey).toColourspace('b-w').jpeg({ quality: 100 }).toBuffer();
    const d = await decodeBuffer(jpeg, 'a.jpg');
    assert.deepEqual(
      [d.format, d.raster.channels, d.sourceChannels, d.bitDepth],
      ['jpeg', 1, 1, 8],
    );
    for (let i = 0; i < grey.length; i++)
      assert.ok(Math.abs(d.raster.data[i] - grey[i]) <= 3, `pixel ${i}`);
  });

  it('lossless WebP round-trips exactly; an RGB mask with equal channels becomes one channel', async () => {
    const rgb = new Uint8Array(w * h * 3).map((_, i) => binary[Math.floor(i / 3)]);
    const webp = await raw(rgb, 3).webp({ lossless: true }).toBuffer();
    const img = await decodeBuffer(webp, 'a.webp');
    assert.equal(img.format, 'webp');
    assert.deepEqual(
      Array.from(img.raster.data.filter((_, i) => i % img.raster.channels === 0)),
      Array.from(binary),
    );
    const mask = await decodeBuffer(webp, 'a.webp', { role: 'mask' });
    assert.equal(mask.raster.channels, 1);
    assert.deepEqual(Array.from(mask.raster.data), Array.from(binary));
  });

  it('GIF masks come back as one channel with the same values', async () => {
    const gif = await raw(binary).toColourspace('b-w').gif().toBuffer();
    const d = await decodeBuffer(gif, 'a.gif', { role: 'mask' });
    assert.equal(d.format, 'gif');
    assert.equal(d.raster.channels, 1);
    assert.deepEqual(Array.from(d.raster.data), Array.from(binary));
  });
});

describe('decodeFile: .npy and .npz', () => {
  const npy = (name: string) => fixture('npy', name);

  it('.npy gives the array as a raster', async () => {
    const d = await decodeFile(npy('float32_c.npy'));
    assert.deepEqual([d.format, d.bitDepth, d.raster.width, d.raster.height], ['npy', 32, 4, 3]);
    const b = await decodeFile(npy('bool_c.npy'), { role: 'mask' });
    assert.deepEqual([b.bitDepth, b.raster.data.constructor.name], [1, 'Uint8Array']);
  });

  it(".npz picks 'mask' for masks, 'image' for images, else arr_0 or the only array", async () => {
    for (const name of ['stored.npz', 'compressed.npz']) {
      assert.ok((await decodeFile(npy(name), { role: 'mask' })).raster.data instanceof Uint8Array);
      assert.ok(
        (await decodeFile(npy(name), { role: 'image' })).raster.data instanceof Float32Array,
      );
    }
    assert.ok((await decodeFile(npy('positional.npz'))).raster.data instanceof Float32Array);
    assert.equal((await decodeFile(npy('only_one.npz'))).format, 'npz');
    await assert.rejects(
      decodeFile(npy('ambiguous.npz')),
      (err: DecodeError) =>
        err instanceof DecodeError &&
        /'left', 'right'/.test(err.message) &&
        err.file === npy('ambiguous.npz'),
    );
  });
});

describe('downsampling above maxPixels', () => {
  const w = 300;
  const h = 200;
  const labels = new Uint8Array(w * h).map(
    (_, i) => (Math.floor((i % w) / 30) + Math.floor(i / w / 40)) % 4,
  );

  it('sharp path: a 300×200 mask with maxPixels 10000 comes back 100×67, values kept', async () => {
    const png = await sharp(labels, { raw: { width: w, height: h, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const d = await decodeBuffer(png, 'big.png', { role: 'mask', maxPixels: 10000 });
    assert.deepEqual([d.raster.width, d.raster.height, d.downsampled], [100, 67, 3]);
    assert.ok(
      d.raster.data.every((v) => v <= 3),
      'nearest neighbour invents no labels',
    );
    const full = await decodeBuffer(png, 'big.png', { role: 'mask', maxPixels: w * h });
    assert.equal(full.downsampled, undefined);
  });

  it('own decoders (.npy) subsample by the same factor', async () => {
    const bytes = encodeNpy({ dtype: 'uint8', shape: [h, w], data: labels });
    const d = await decodeBuffer(bytes, 'big.npy', { maxPixels: 10000 });
    assert.deepEqual([d.raster.width, d.raster.height, d.downsampled], [100, 67, 3]);
    assert.equal(d.raster.data[5 * 100 + 7], labels[15 * w + 21]);
  });
});

describe(
  'bad files give a DecodeError naming the file, never a crash or a hang',
  { timeout: 60_000 },
  () => {
    async function rejectsWith(
      promise: Promise<unknown>,
      file: string,
      pattern: RegExp,
    ): Promise<void> {
      await assert.rejects(promise, (err: unknown) => {
        assert.ok(err instanceof DecodeError, `expected DecodeError, got ${String(err)}`);
        assert.equal(err.file, file);
        assert.ok(err.message.startsWith(`${file}: `));
        assert.match(err.message, pattern);
        return true;
      });
    }
    const write = (name: string, bytes: Uint8Array) => {
      const p = path.join(scratch, name);
      writeFileSync(p, bytes);
      return p;
    };
    const grey8 = readFileSync(fixture('img', 'grey8.png'));

    it('empty files', async () => {
      for (const name of ['e.png', 'e.npy', 'e.jpg', 'e.bin']) {
        const p = write(name, new Uint8Array(0));
        await rejectsWith(decodeFile(p), p, /: empty file \(0 bytes\)$/);
        await rejectsWith(readImageSize(p), p, /empty file/);
      }
    });

    it('truncated PNG: through sharp and through our own decoder', async () => {
      const cut = grey8.subarray(0, 60);
      const p = write('cut.png', cut);
      await rejectsWith(decodeFile(p), p, /not a valid PNG \(truncated at byte 60\)/);
      const pal = readFileSync(fixture('img', 'palette8.png'));
      const q = write('cut-palette.png', pal.subarray(0, pal.length - 20));
      await rejectsWith(
        decodeFile(q, { role: 'mask' }),
        q,
        /not a valid PNG \(truncated at byte \d+\)/,
      );
    });

    it('a flipped byte in the image data', async () => {
      const bad = Uint8Array.from(grey8);
      bad[bad.length - 20] ^= 0xff; // inside IDAT
      await rejectsWith(decodeBuffer(bad, 'flip.png'), 'flip.png', /not a valid PNG/);
      await rejectsWith(
        decodeBuffer(bad, 'flip.png', { role: 'mask' }),
        'flip.png',
        /not a valid PNG/,
      );
      const pal = Uint8Array.from(readFileSync(fixture('img', 'palette8.png')));
      pal[pal.length - 20] ^= 0xff;
      await rejectsWith(decodeBuffer(pal, 'p.png', { role: 'mask' }), 'p.png', /bad checksum/);
    });

    it('a damaged ancillary chunk is only a warning, as in libpng', async () => {
      for (const name of ['grey8.png', 'palette8.png']) {
        const png = readFileSync(fixture('img', name));
        // A tEXt chunk with a wrong checksum, right after IHDR.
        const text = Buffer.concat([
          Buffer.from([0, 0, 0, 3]),
          Buffer.from('tEXtabc'),
          Buffer.from([1, 2, 3, 4]),
        ]);
        const withText = Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]);
        for (const role of ['image', 'mask'] as const) {
          const d = await decodeBuffer(withText, name, { role });
          assert.deepEqual(
            d.raster,
            (await decodeBuffer(png, name, { role })).raster,
            `${name} as ${role}`,
          );
        }
      }
    });

    it('a PNG cut in the middle of its image data', async () => {
      const noise = new Uint8Array(300 * 200).map((_, i) => (i * 2654435761) >>> 24);
      const png = await sharp(noise, { raw: { width: 300, height: 200, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toBuffer();
      const half = png.subarray(0, Math.floor(png.length / 2));
      for (const role of ['image', 'mask'] as const) {
        await rejectsWith(
          decodeBuffer(half, 'half.png', { role }),
          'half.png',
          /truncated at byte/,
        );
      }
    });

    it('wrong or unknown content', async () => {
      const text = new TextEncoder().encode('just some text, not an image');
      await rejectsWith(
        decodeBuffer(text, 'masks/a.png'),
        'masks/a.png',
        /not a valid PNG \(its first bytes/,
      );
      await rejectsWith(
        decodeBuffer(text, 'notes.xyz'),
        'notes.xyz',
        /not a recognised image format/,
      );
      const jpegHead = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]);
      await rejectsWith(decodeBuffer(jpegHead, 'x.jpg'), 'x.jpg', /not a valid JPEG/);
      const bmp = readFileSync(fixture('img', 'rgb24.bmp'));
      await rejectsWith(
        decodeBuffer(bmp.subarray(0, 70), 'x.bmp'),
        'x.bmp',
        /not a valid BMP \(truncated at byte 70/,
      );
    });

    // Tests run as root here, where chmod 000 does not stop a read; a folder and a dangling
    // symbolic link fail the read itself just as an unreadable file does.
    it('unreadable paths', async () => {
      const dir = path.join(scratch, 'folder.png');
      writeFileSync(path.join(scratch, 'placeholder'), '');
      await import('node:fs').then((fs) => fs.mkdirSync(dir));
      await rejectsWith(
        decodeFile(dir),
        dir,
        /: cannot read \(EISDIR: illegal operation on a directory\)$/,
      );
      const link = path.join(scratch, 'dangling.png');
      symlinkSync(path.join(scratch, 'missing.png'), link);
      await rejectsWith(
        decodeFile(link),
        link,
        /: cannot read \(ENOENT: no such file or directory\)$/,
      );
      await rejectsWith(readImageSize(link), link, /cannot read \(ENOENT/);
    });

    it('random truncations and byte flips of every fixture', async () => {
      const files = [
        ...Object.keys(expected).map((n) => fixture('img', n)),
        fixture('npy', 'float32_c.npy'),
        fixture('npy', 'compressed.npz'),
      ].map((p) => ({ name: path.basename(p), bytes: new Uint8Array(readFileSync(p)) }));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...files),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.array(fc.nat(), { maxLength: 3 }),
          fc.constantFrom<'image' | 'mask'>('image', 'mask'),
          async ({ name, bytes }, cut, flips, role) => {
            const damaged = bytes.slice(0, Math.floor(bytes.length * cut));
            for (const f of flips) if (damaged.length) damaged[f % damaged.length] ^= 0x5a;
            try {
              const d = await decodeBuffer(damaged, name, { role });
              assert.equal(
                d.raster.data.length,
                d.raster.width * d.raster.height * d.raster.channels,
              );
            } catch (err) {
              if (!(err instanceof DecodeError)) throw err;
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  },
);

describe('readImageSize', () => {
  it('reads sizes from headers', async () => {
    assert.deepEqual(await readImageSize(fixture('img', 'grey16.png')), { width: 7, height: 5 });
    assert.deepEqual(await readImageSize(fixture('img', 'pal8_topdown.bmp')), {
      width: 7,
      height: 5,
    });
    assert.deepEqual(await readImageSize(fixture('img', 'float32.tif')), { width: 7, height: 5 });
    assert.deepEqual(await readImageSize(fixture('npy', 'uint8_c3d.npy')), { width: 4, height: 2 });
    assert.deepEqual(await readImageSize(fixture('npy', 'float32_v2.npy')), {
      width: 4,
      height: 3,
    });
    assert.deepEqual(await readImageSize(fixture('npy', 'compressed.npz')), {
      width: 7,
      height: 5,
    });
  });

  it('reads a .npy whose header is longer than the first read', async () => {
    const arr = { dtype: 'uint8' as const, shape: [2, 3], data: new Uint8Array(6) };
    const bytes = encodeNpy(arr);
    // Rebuild with a header padded past 64 KiB (a v2.0 header, as numpy writes for huge dicts).
    const text =
      `{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }`.padEnd(70000 - 12 - 1) + '\n';
    const big = new Uint8Array(12 + text.length + 6);
    big.set(bytes.subarray(0, 6));
    big[6] = 2;
    new DataView(big.buffer).setUint32(8, text.length, true);
    for (let i = 0; i < text.length; i++) big[12 + i] = text.charCodeAt(i);
    const p = path.join(scratch, 'long-header.npy');
    writeFileSync(p, big);
    assert.deepEqual(await readImageSize(p), { width: 3, height: 2 });
    assert.deepEqual(shapeOf((await decodeFile(p)).raster), [2, 3]);
  });
});

describe('sniffFormat', () => {
  it('knows each format by its first bytes', async () => {
    const one = rasterOf(new Uint8Array([1, 2, 3, 4]), 2, 2, 1);
    const input = () => sharp(one.data, { raw: { width: 2, height: 2, channels: 1 } });
    assert.equal(sniffFormat(await input().png().toBuffer()), 'png');
    assert.equal(sniffFormat(await input().jpeg().toBuffer()), 'jpeg');
    assert.equal(sniffFormat(await input().tiff().toBuffer()), 'tiff');
    assert.equal(sniffFormat(await input().webp().toBuffer()), 'webp');
    assert.equal(sniffFormat(await input().gif().toBuffer()), 'gif');
    assert.equal(sniffFormat(readFileSync(fixture('img', 'rgb24.bmp'))), 'bmp');
    assert.equal(sniffFormat(readFileSync(fixture('npy', 'stored.npz'))), 'npz');
    assert.equal(sniffFormat(new Uint8Array([1, 2, 3])), undefined);
  });
});
