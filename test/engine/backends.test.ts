import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, type BackendName } from '../../src/engine/backend';
import { splitSamples } from '../../src/engine/data';
import { parseLoss } from '../../src/engine/losses';
import { trainNetwork, type TrainConfig } from '../../src/engine/trainer';
import { synthSamples, useBackend } from './helpers';

test('auto without tfjs-node and without a hardware GPU picks the fastest CPU path and says why', async () => {
  const choice = await selectBackend('auto');
  assert.equal(choice.name, 'wasm');
  assert.ok(
    choice.fallbacks.some((r) => /tensorflow: .*tfjs-node is not installed/.test(r)),
    choice.fallbacks.join('\n'),
  );
  assert.ok(
    choice.fallbacks.some((r) => /tensorflow-gpu: /.test(r)),
    choice.fallbacks.join('\n'),
  );
  assert.ok(
    choice.fallbacks.some((r) => /^webgpu: /.test(r)),
    'says why webgpu was not taken',
  );
  assert.ok(
    choice.fallbacks.some((r) => /wasm: .*measured/.test(r)),
    'says why wasm',
  );
});

test('a --backend tensorflow-gpu request falls back with the reason', async () => {
  const choice = await selectBackend('tensorflow-gpu');
  assert.notEqual(choice.name, 'tensorflow-gpu');
  assert.match(choice.fallbacks[0], /^tensorflow-gpu: .*(not installed|CUDA)/);
});

const CONFIG: TrainConfig = {
  network: { axis: 'diag', fold: 'fold', depth: 3, filters: 8, channels: 3, swapInvariant: true },
  loss: parseLoss('focal+dice'),
  penaltyWeight: 0,
  epochs: 2,
  batchSize: 4,
  learningRate: 0.003,
  seed: 5,
  patience: 0,
};

async function earlyLosses(backend: BackendName): Promise<number[]> {
  await useBackend(backend);
  const { train } = splitSamples(synthSamples('diag', 12, 24, 9), 0, 1);
  const losses: number[] = [];
  const run = await trainNetwork({
    config: CONFIG,
    train,
    val: [],
    callbacks: { onBatch: (_e, _b, _n, loss) => losses.push(loss) },
  });
  run.net.model.dispose();
  return losses;
}

test(
  'webgpu (lavapipe here) trains with the same early losses as cpu',
  { timeout: 240_000 },
  async () => {
    const cpu = await earlyLosses('cpu');
    const gpu = await earlyLosses('webgpu');
    assert.equal(gpu.length, cpu.length);
    gpu.forEach((loss, i) =>
      assert.ok(
        Math.abs(loss - cpu[i]) <= 1e-3 * Math.max(1, cpu[i]),
        `step ${i + 1}: webgpu ${loss} vs cpu ${cpu[i]}`,
      ),
    );
    assert.ok(cpu.at(-1)! < cpu[0], 'the loss goes down');
  },
);
