import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/*
 * tfjs-backend-cpu 4.22's ResizeNearestNeighborGrad indexes the gradient with the image's batch
 * stride instead of the gradient's, so every batch item after the first gets wrong gradients
 * (DESIGN.md). This is a corrected kernel with the same attributes and rounding as the forward
 * ResizeNearestNeighbor: each output pixel adds its gradient to the input pixel it was read from.
 */

interface CpuBackendLike extends KernelBackend {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): TensorInfo;
}

export function sourceIndex(
  outIndex: number,
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): number {
  const scale = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const source = halfPixelCenters ? (outIndex + 0.5) * scale : outIndex * scale;
  const rounded = alignCorners ? Math.round(source) : Math.floor(source);
  return Math.min(inSize - 1, halfPixelCenters ? Math.max(0, rounded) : rounded);
}

function resizeNearestNeighborGrad(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const { images, dy } = args.inputs as { images: TensorInfo; dy: TensorInfo };
  const { alignCorners, halfPixelCenters } = (args.attrs ?? {}) as {
    alignCorners: boolean;
    halfPixelCenters?: boolean;
  };
  const [batch, inH, inW, depth] = images.shape;
  const [, outH, outW] = dy.shape;
  const grads = backend.data.get(dy.dataId).values;
  const out = new Float32Array(batch * inH * inW * depth);
  const rowOf = Array.from({ length: outH }, (_, y) =>
    sourceIndex(y, inH, outH, alignCorners, halfPixelCenters ?? false),
  );
  const colOf = Array.from({ length: outW }, (_, x) =>
    sourceIndex(x, inW, outW, alignCorners, halfPixelCenters ?? false),
  );
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const from = ((b * outH + y) * outW + x) * depth;
        const to = ((b * inH + rowOf[y]) * inW + colOf[x]) * depth;
        for (let c = 0; c < depth; c++) out[to + c] += grads[from + c];
      }
    }
  }
  return backend.makeTensorInfo([batch, inH, inW, depth], 'float32', out);
}

let registered = false;

/** Idempotent: replaces the cpu backend's kernel with the corrected one. */
export function registerCpuKernels(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel('ResizeNearestNeighborGrad', 'cpu'))
    tf.unregisterKernel('ResizeNearestNeighborGrad', 'cpu');
  tf.registerKernel({
    kernelName: 'ResizeNearestNeighborGrad',
    backendName: 'cpu',
    kernelFunc: resizeNearestNeighborGrad as tf.KernelFunc,
  });
}
