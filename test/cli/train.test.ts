import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEventLine, type SymfoldEvent } from '../../src/protocol/events';
import { CLI } from './cli-helpers';

function events(stdout: string): SymfoldEvent[] {
  return stdout
    .split('\n')
    .map(parseEventLine)
    .filter((e): e is SymfoldEvent => e !== undefined);
}

test(
  'SIGTERM mid-training leaves a checkpoint that --resume continues from',
  { timeout: 300_000 },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'symfold-train-'));
    try {
      const data = path.join(dir, 'data');
      const synth = spawnSync(
        process.execPath,
        [CLI, 'synth', data, '--axis', 'lr', '--n', '24', '--size', '32', '--seed', '2'],
        { encoding: 'utf8' },
      );
      assert.equal(synth.status, 0, synth.stderr);
      const out = path.join(dir, 'run');
      const args = [
        CLI,
        'train',
        data,
        '--json',
        '--epochs',
        '3',
        '--batch',
        '4',
        '--depth',
        '2',
        '--filters',
        '4',
        '--backend',
        'wasm',
        '--out',
        out,
      ];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let signalled = false;
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // Stop in the middle of the first epoch, once a step has finished.
        if (!signalled && events(stdout).some((e) => e.event === 'batch')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.ok(signalled, `no batch event before exit: ${stderr}`);
      assert.equal(code, 130, stderr);
      const first = events(stdout);
      const start = first.find((e) => e.event === 'start');
      assert.ok(
        start &&
          start.event === 'start' &&
          start.backend === 'wasm' &&
          Array.isArray(start.fallbacks),
      );
      assert.ok(
        first.some((e) => e.event === 'checkpoint'),
        'a checkpoint event',
      );
      const done = first.find((e) => e.event === 'done');
      assert.ok(done && done.event === 'done' && done.cancelled === true);
      assert.match(stdout + stderr, /continue with: symfold train .* --resume/);
      const pointer = JSON.parse(await readFile(path.join(out, 'checkpoint.json'), 'utf8')) as {
        epoch: number;
        state: { partial: boolean };
      };
      // The stop lands in epoch 1 or, on a fast machine, during epoch 1's evaluation or in epoch 2;
      // a stop inside an epoch marks the checkpoint partial.
      assert.ok(pointer.epoch < 3, `checkpoint after ${pointer.epoch} epochs`);
      assert.equal(typeof pointer.state.partial, 'boolean');

      const resumed = spawnSync(
        process.execPath,
        [CLI, 'train', data, '--json', '--out', out, '--resume'],
        { encoding: 'utf8', timeout: 240_000 },
      );
      assert.equal(resumed.status, 0, resumed.stderr);
      const epochs = events(resumed.stdout).filter((e) => e.event === 'epoch');
      assert.deepEqual(
        epochs.map((e) => (e.event === 'epoch' ? e.epoch : 0)),
        [1, 2, 3].slice(pointer.epoch),
        'resume runs the remaining epochs with the saved settings (3 epochs)',
      );
      const files = await readdir(out);
      for (const f of ['model.json', 'weights.bin', 'symfold-model.json'])
        assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
      const meta = JSON.parse(
        await readFile(path.join(out, 'symfold-model.json'), 'utf8'),
      ) as Record<string, unknown>;
      assert.equal(meta.axis, 'lr');
      assert.equal(meta.fold, 'fold');
      assert.equal((meta.metrics as Record<string, number>).valAsymMax, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test('train refuses to write into the masks folder and names it', { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'symfold-train-'));
  try {
    const data = path.join(dir, 'data');
    assert.equal(
      spawnSync(process.execPath, [CLI, 'synth', data, '--n', '4', '--size', '16']).status,
      0,
    );
    const result = spawnSync(
      process.execPath,
      [CLI, 'train', data, '--out', path.join(data, 'masks'), '--epochs', '1'],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /masks/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
