import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../../src/engine/backend';
import { createRng } from '../../src/core/rng';
import type { Axis } from '../../src/core/axis';
import { synthSample } from '../../src/core/synth';
import type { Sample } from '../../src/engine/data';

/** Activates exactly this backend, or throws with the fallback reasons and what to install. */
export async function useBackend(name: BackendName): Promise<void> {
  const choice = await selectBackend(name);
  if (choice.name !== name) {
    const hint =
      name === 'webgpu'
        ? ' Install a Vulkan driver: on Debian 12, `apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1` (lavapipe, Mesa ≥ 25).'
        : '';
    throw new Error(`backend ${name} did not load: ${choice.fallbacks.join('; ')}.${hint}`);
  }
}

export function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => rng.normal()),
    shape,
  );
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

export function maxAbs(a: Float32Array): number {
  let worst = 0;
  for (const v of a) worst = Math.max(worst, Math.abs(v));
  return worst;
}

/** Binary synth samples (RGB images, 0/1 masks) held in memory. */
export function synthSamples(axis: Axis, n: number, size: number, seed: number): Sample[] {
  return Array.from({ length: n }, (_, i) => {
    const s = synthSample(i, { axis, width: size, height: size, classes: 1, corrupt: 0, seed, n });
    return { id: s.id, image: s.image, mask: Uint8Array.from(s.mask.data, (v) => (v > 0 ? 1 : 0)) };
  });
}
