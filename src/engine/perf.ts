import * as tf from '@tensorflow/tfjs';
import { SymmetricNet } from './network';
import { parseLoss, segmentationLoss } from './losses';

/*
 * The throughput benchmark of issue 4: the 4-level U-Net (16-32-64-128) at batch 8, folded
 * 128×64×2 against unfolded 128×128×1, timed after warm-up steps so that kernel compilation
 * (webgpu) and wasm heap growth are not counted.
 */

export interface Throughput {
  trainPerSec: number;
  inferPerSec: number;
  /** Process CPU seconds (user + system) per training step: less sensitive to a shared machine's load than wall time. */
  trainCpuPerStep: number;
  inferCpuPerStep: number;
}

/** Process CPU seconds since `from`. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

export async function measureThroughput(
  folded: boolean,
  batch = 8,
  steps = 3,
  size = 128,
  /** Called once after warm-up with the training step, e.g. to profile its kernels. */
  onWarm?: (step: () => Promise<void>) => Promise<void>,
): Promise<Throughput> {
  // The folded network sees the 128×64×2 half; built directly on the half so only the U-Net is timed.
  const net = SymmetricNet.create(
    {
      axis: 'lr',
      fold: 'none',
      depth: 4,
      filters: 16,
      channels: folded ? 2 : 1,
      swapInvariant: false,
    },
    1,
  );
  const width = folded ? size / 2 : size;
  const x = tf.randomNormal([batch, size, width, folded ? 2 : 1]) as tf.Tensor4D;
  const y = tf.cast(
    tf.greater(tf.randomUniform([batch, size, width, 1]), 0.7),
    'float32',
  ) as tf.Tensor4D;
  const valid = tf.onesLike(y) as tf.Tensor4D;
  const loss = parseLoss('focal+dice');
  const optimizer = tf.train.adam(1e-3);
  const step = async (): Promise<void> => {
    const value = optimizer.minimize(
      () => segmentationLoss(loss, net.forward(x, true), y, valid),
      true,
    ) as tf.Scalar;
    await value.data();
    value.dispose();
  };
  const infer = async (): Promise<void> => {
    const out = tf.tidy(() => tf.sigmoid(net.forward(x, false)));
    await out.data();
    out.dispose();
  };
  await step();
  await infer();
  await onWarm?.(step);
  let started = performance.now();
  let cpu = process.cpuUsage();
  for (let i = 0; i < steps; i++) await step();
  const trainPerSec = (steps * batch) / ((performance.now() - started) / 1000);
  const trainCpuPerStep = cpuSince(cpu) / steps;
  started = performance.now();
  cpu = process.cpuUsage();
  for (let i = 0; i < steps; i++) await infer();
  const inferPerSec = (steps * batch) / ((performance.now() - started) / 1000);
  const inferCpuPerStep = cpuSince(cpu) / steps;
  tf.dispose([x, y, valid]);
  optimizer.dispose();
  net.model.dispose();
  return { trainPerSec, inferPerSec, trainCpuPerStep, inferCpuPerStep };
}
