import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  assertSafeOutputFolder,
  GROUND_TRUTH_FOLDER_NAMES,
  OutputRefusedError,
  writeFileAtomic,
} from '../../../src/io/atomic';

const root = mkdtempSync(path.join(tmpdir(), 'symfold-atomic-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes text and bytes, creating parent folders, leaving no temporary file', async () => {
    const file = path.join(root, 'a', 'b', 'report.json');
    await writeFileAtomic(file, '{"x":1}');
    assert.equal(readFileSync(file, 'utf8'), '{"x":1}');
    await writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readFileSync(file)], [1, 2, 3]);
    assert.deepEqual(readdirSync(path.dirname(file)), ['report.json']);
  });

  it('leaves the old file and no temporary file when the rename fails', async () => {
    const dir = path.join(root, 'fail');
    const target = path.join(dir, 'taken');
    mkdirSync(path.join(target, 'inner'), { recursive: true }); // a non-empty folder cannot be replaced by a file
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.deepEqual(readdirSync(dir), ['taken']);
    assert.deepEqual(readdirSync(target), ['inner']);
  });

  it('keeps every concurrent write whole', async () => {
    const file = path.join(root, 'race.txt');
    const contents = Array.from({ length: 20 }, (_, i) => String(i).repeat(10000));
    await Promise.all(contents.map((c) => writeFileAtomic(file, c)));
    assert.ok(contents.includes(readFileSync(file, 'utf8')));
    assert.deepEqual(
      readdirSync(root).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });
});

describe('assertSafeOutputFolder', () => {
  const masks = path.join(root, 'data', 'masks');
  const images = path.join(root, 'data', 'images');
  mkdirSync(masks, { recursive: true });
  mkdirSync(images, { recursive: true });

  const refuses = (outDir: string, protectedDirs: string[], pattern: RegExp) =>
    assert.throws(
      () => assertSafeOutputFolder(outDir, protectedDirs),
      (err: unknown) =>
        err instanceof OutputRefusedError &&
        err.message.startsWith(`refusing to write into ${outDir}: `) &&
        pattern.test(err.message),
    );

  it('refuses a protected folder, a folder inside it, and a link into it', () => {
    refuses(masks, [masks], /it is .*ground-truth/);
    refuses(path.join(masks, 'pred'), [masks], /is inside/);
    refuses(path.join(masks, 'new', 'deeper'), [masks, images], /is inside/);
    const link = path.join(root, 'sneaky');
    symlinkSync(masks, link);
    refuses(path.join(link, 'out'), [masks], /is inside/);
  });

  it('refuses folders named like ground truth or images, wherever they are', () => {
    for (const name of GROUND_TRUTH_FOLDER_NAMES) {
      refuses(path.join(root, 'elsewhere', name), [], /it holds ground-truth masks/);
    }
    refuses(path.join(root, 'x', 'Labels'), [], /ground-truth masks \(a folder named 'labels'\)/);
    refuses(path.join(root, 'x', 'images'), [], /input images/);
  });

  it('accepts a sibling output folder, including one whose name starts like a protected one', () => {
    assert.doesNotThrow(() =>
      assertSafeOutputFolder(path.join(root, 'data', 'predictions'), [masks, images]),
    );
    assert.doesNotThrow(() =>
      assertSafeOutputFolder(path.join(root, 'data', 'masks-pred'), [masks]),
    );
  });
});
