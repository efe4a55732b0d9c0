import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeFile } from '../../src/io/decode';
import { parseNpy } from '../../src/io/npy';
import { reflect } from '../../src/core/reflect';
import { CLI } from './cli-helpers';

test(
  'predict writes symmetric PNG masks and float32 probabilities, and guards its inputs',
  { timeout: 300_000 },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'symfold-predict-'));
    try {
      const data = path.join(dir, 'data');
      assert.equal(
        spawnSync(process.execPath, [
          CLI,
          'synth',
          data,
          '--axis',
          'diag',
          '--n',
          '12',
          '--size',
          '24',
          '--seed',
          '4',
        ]).status,
        0,
      );
      const model = path.join(dir, 'model');
      const trained = spawnSync(
        process.execPath,
        [CLI, 'train', data, '--epochs', '1', '--depth', '2', '--filters', '4', '--out', model],
        { encoding: 'utf8' },
      );
      assert.equal(trained.status, 0, trained.stderr);

      const out = path.join(dir, 'preds');
      const run = spawnSync(
        process.execPath,
        [CLI, 'predict', model, data, '--out', out, '--probs'],
        { encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      const written = (await readdir(out)).sort();
      assert.equal(written.filter((f) => f.endsWith('.png')).length, 12);
      assert.equal(written.filter((f) => f.endsWith('.npy')).length, 12);
      const first = written.find((f) => f.endsWith('.png')) as string;
      const mask = (await decodeFile(path.join(out, first), { role: 'mask' })).raster;
      assert.equal(mask.channels, 1);
      assert.deepEqual(
        reflect(mask, 'diag').data,
        mask.data,
        'the folded diag prediction is symmetric',
      );
      const probs = parseNpy(
        new Uint8Array(await readFile(path.join(out, first.replace('.png', '.npy')))),
      );
      assert.equal(probs.dtype, 'float32');
      assert.deepEqual(probs.shape, [24, 24]);

      const refused = spawnSync(
        process.execPath,
        [CLI, 'predict', model, data, '--out', path.join(data, 'masks')],
        { encoding: 'utf8' },
      );
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /refusing to write/);

      const grey = path.join(dir, 'grey');
      assert.equal(
        spawnSync(process.execPath, [
          CLI,
          'synth',
          path.join(dir, 'tmp'),
          '--axis',
          'diag',
          '--n',
          '1',
          '--size',
          '24',
        ]).status,
        0,
      );
      const wrong = spawnSync(
        process.execPath,
        [CLI, 'predict', model, path.join(dir, 'tmp', 'masks'), '--out', grey],
        { encoding: 'utf8' },
      );
      assert.equal(wrong.status, 1);
      assert.match(wrong.stderr, /1-channel image, but the model was trained on 3-channel images/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
