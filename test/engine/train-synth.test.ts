import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectBackend } from '../../src/engine/backend';
import { splitSamples } from '../../src/engine/data';
import { parseLoss } from '../../src/engine/losses';
import { loadLayersModel, saveLayersModel } from '../../src/engine/model-io';
import { SymmetricNet } from '../../src/engine/network';
import { predictSamples, trainNetwork, type TrainConfig } from '../../src/engine/trainer';
import { synthSamples } from './helpers';

const CONFIG: TrainConfig = {
  network: { axis: 'lr', fold: 'fold', depth: 3, filters: 16, channels: 3, swapInvariant: true },
  loss: parseLoss('bce+dice'),
  penaltyWeight: 0,
  epochs: 30,
  batchSize: 8,
  learningRate: 0.003,
  seed: 1,
  patience: 0,
};

test(
  'a folded U-Net learns synth lr (size 32) to val IoU > 0.8 with symmetric predictions',
  { timeout: 420_000 },
  async () => {
    const choice = await selectBackend('auto');
    const { train, val } = splitSamples(synthSamples('lr', 200, 32, 3), 0.2, 1);
    const started = Date.now();
    const run = await trainNetwork({ config: CONFIG, train, val });
    const seconds = (Date.now() - started) / 1000;
    const last = run.state.history.at(-1);
    console.log(
      `backend ${choice.name}: ${seconds.toFixed(1)} s, final ${JSON.stringify(last)}, val IoU ${run.final?.iou}`,
    );
    assert.ok(run.final, 'validation scores');
    assert.ok(run.final.iou > 0.8, `val IoU ${run.final.iou} ≤ 0.8`);
    assert.equal(run.final.asymMax, 0, 'folded predictions must be exactly symmetric');

    const dir = await mkdtemp(path.join(tmpdir(), 'symfold-model-'));
    try {
      await saveLayersModel(run.net.model, dir);
      const loaded = new SymmetricNet(CONFIG.network, await loadLayersModel(dir));
      const before = await predictSamples(run.net, val, run.normalisation, 4);
      const after = await predictSamples(loaded, val, run.normalisation, 4);
      before.forEach((p, i) =>
        assert.deepEqual(
          after[i].probs,
          p.probs,
          `prediction of ${p.sample.id} changed after save → load`,
        ),
      );
      loaded.model.dispose();
    } finally {
      run.net.model.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  },
);
