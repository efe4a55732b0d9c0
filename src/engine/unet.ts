import * as tf from '@tensorflow/tfjs';

/*
 * A plain U-Net, built with standard tfjs layers only so that the saved model.json loads in any
 * TF.js runtime without custom classes. Upsampling is a 2×2 stride-2 transposed convolution
 * rather than nearest-neighbour resizing: it learns its interpolation, and it avoids the cpu
 * backend's faulty ResizeNearestNeighborGrad altogether.
 */

export interface UNetOptions {
  /** Levels including the bottleneck: depth 4 with 16 filters is 16-32-64-128, 3 poolings. */
  depth: number;
  filters: number;
  inputChannels: number;
  /**
   * Swap-invariant first layer: f = relu(conv(x, W)) + relu(conv(swap(x), W)) with shared W, so
   * the output is exactly unchanged when the two channel sets of a fold are swapped.
   */
  swapInvariant: boolean;
  seed: number;
}

/** Height and width must be multiples of this. */
export function sizeMultiple(depth: number): number {
  return 2 ** (depth - 1);
}

export function buildUNet(options: UNetOptions): tf.LayersModel {
  const { depth, filters, inputChannels, swapInvariant } = options;
  if (!Number.isInteger(depth) || depth < 1 || depth > 7)
    throw new Error(`U-Net depth must be 1…7, got ${depth}`);
  if (!Number.isInteger(filters) || filters < 1)
    throw new Error(`U-Net filters must be a positive integer, got ${filters}`);
  let seed = options.seed;
  const init = (): ReturnType<typeof tf.initializers.heNormal> =>
    tf.initializers.heNormal({ seed: seed++ });
  const conv = (
    width: number,
    name: string,
    activation: 'relu' | 'linear' = 'relu',
    kernel = 3,
  ): tf.layers.Layer =>
    tf.layers.conv2d({
      filters: width,
      kernelSize: kernel,
      padding: 'same',
      activation,
      kernelInitializer: init(),
      name,
    });

  const input = tf.input({ shape: [null, null, inputChannels], name: 'folded' });
  const inputs = [input];
  let x: tf.SymbolicTensor;
  if (swapInvariant) {
    const swapped = tf.input({ shape: [null, null, inputChannels], name: 'swapped' });
    inputs.push(swapped);
    const first = conv(filters, 'enc0_a');
    x = tf.layers
      .add({ name: 'enc0_swap_sum' })
      .apply([
        first.apply(input),
        first.apply(swapped),
      ] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
  } else {
    x = conv(filters, 'enc0_a').apply(input) as tf.SymbolicTensor;
  }
  const skips: tf.SymbolicTensor[] = [];
  for (let level = 0; level < depth; level++) {
    const width = filters * 2 ** level;
    if (level > 0) x = conv(width, `enc${level}_a`).apply(x) as tf.SymbolicTensor;
    x = conv(width, `enc${level}_b`).apply(x) as tf.SymbolicTensor;
    if (level < depth - 1) {
      skips.push(x);
      x = tf.layers
        .maxPooling2d({ poolSize: 2, strides: 2, name: `pool${level}` })
        .apply(x) as tf.SymbolicTensor;
    }
  }
  for (let level = depth - 2; level >= 0; level--) {
    const width = filters * 2 ** level;
    const up = tf.layers
      .conv2dTranspose({
        filters: width,
        kernelSize: 2,
        strides: 2,
        padding: 'valid',
        kernelInitializer: init(),
        name: `up${level}`,
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .concatenate({ axis: -1, name: `skip${level}` })
      .apply([up, skips[level]]) as tf.SymbolicTensor;
    x = conv(width, `dec${level}_a`).apply(x) as tf.SymbolicTensor;
    x = conv(width, `dec${level}_b`).apply(x) as tf.SymbolicTensor;
  }
  const logits = conv(1, 'logits', 'linear', 1).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: logits, name: 'symfold_unet' });
}
