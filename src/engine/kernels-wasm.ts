import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/*
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, and its Conv2DBackpropInput is a naive
 * loop about 10× slower than a forward Conv2D (DESIGN.md). Both are re-expressed here as
 * compositions of the backend's own fast kernels (XNNPACK Conv2D, BatchMatMul, Transpose),
 * called directly through the kernel registry, the way the wasm backend composes its own kernels.
 */

interface WasmBackendLike extends KernelBackend {
  disposeData(dataId: object): boolean;
}

type Pad =
  | 'valid'
  | 'same'
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

function call(
  backend: WasmBackendLike,
  name: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel to build on`);
  return kernel.kernelFunc({ inputs, attrs, backend }) as TensorInfo;
}

function release(backend: WasmBackendLike, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

function convInfo(
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * dW[i,j,ci,co] = Σ_{n,y,x} x[n, y·s+i−pt, x·s+j−pl, ci] · dy[n,y,x,co]: a stride-1 convolution
 * of x (batch and channels swapped) with dy as the filter, dilated by the stride.
 */
function conv2DBackpropFilter(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as {
    strides: number | [number, number];
    pad: Pad;
    dataFormat: string;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${attrs.dataFormat}`);
  }
  const info = convInfo(
    x.shape,
    attrs.filterShape,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const [, inH, inW] = x.shape;
  const [, outH, outW] = dy.shape;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // The last rows/columns a strided window never reaches would make the bottom pad negative.
  const usedH = Math.min(inH, (outH - 1) * sh + kh - top);
  const usedW = Math.min(inW, (outW - 1) * sw + kw - left);
  const bottom = (outH - 1) * sh + kh - usedH - top;
  const right = (outW - 1) * sw + kw - usedW - left;
  const temps: TensorInfo[] = [];
  let xIn = x;
  if (usedH < inH || usedW < inW) {
    xIn = call(
      backend,
      'Slice',
      { x },
      { begin: [0, 0, 0, 0], size: [x.shape[0], usedH, usedW, x.shape[3]] },
    );
    temps.push(xIn);
  }
  const xT = call(backend, 'Transpose', { x: xIn }, { perm: [3, 1, 2, 0] });
  const dyT = call(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = call(backend, 'Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: [sh, sw],
    dimRoundingMode: undefined as unknown as string,
  } as unknown as NamedAttrMap);
  const dw = call(backend, 'Transpose', { x: conv }, { perm: [1, 2, 0, 3] });
  release(backend, xT, dyT, conv, ...temps);
  return dw;
}

/**
 * Two fast forms of dx: a 2×2 stride-2 'valid' transposed convolution (the U-Net's upsampling)
 * is one matmul plus a depth-to-space; a stride-1 convolution's dx is a forward convolution of
 * dy with the filter flipped and its in/out channels swapped. Anything else keeps the stock loop.
 */
function conv2DBackpropInput(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as {
    strides: number | [number, number];
    pad: Pad;
    dataFormat: string;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  const info = convInfo(
    attrs.inputShape,
    filter.shape,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const [n, inH, inW, inC] = attrs.inputShape;
  const outC = filter.shape[3];
  const nhwc = !attrs.dataFormat || attrs.dataFormat === 'NHWC';
  const p = info.padInfo;
  const noPad = p.top === 0 && p.left === 0 && p.bottom === 0 && p.right === 0;
  if (
    nhwc &&
    noPad &&
    sh === kh &&
    sw === kw &&
    inH === dy.shape[1] * sh &&
    inW === dy.shape[2] * sw
  ) {
    // dx[n, y·kh+i, x·kw+j, ci] = Σ_co dy[n,y,x,co] · W[i,j,ci,co]
    const [, outH, outW] = dy.shape;
    const dy2 = call(backend, 'Reshape', { x: dy }, { shape: [n * outH * outW, outC] });
    const wT = call(backend, 'Transpose', { x: filter }, { perm: [3, 0, 1, 2] });
    const w2 = call(backend, 'Reshape', { x: wT }, { shape: [outC, kh * kw * inC] });
    const prod = call(
      backend,
      'BatchMatMul',
      { a: dy2, b: w2 },
      { transposeA: false, transposeB: false },
    );
    const blocks = call(backend, 'Reshape', { x: prod }, { shape: [n * outH, outW, kh, kw * inC] });
    const rows = call(backend, 'Transpose', { x: blocks }, { perm: [0, 2, 1, 3] });
    const dx = call(backend, 'Reshape', { x: rows }, { shape: [n, inH, inW, inC] });
    release(backend, dy2, wT, w2, prod, blocks, rows);
    return dx;
  }
  if (nhwc && sh === 1 && sw === 1) {
    const flipped = call(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = call(backend, 'Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    const dx = call(backend, 'Conv2D', { x: dy, filter: swapped }, {
      strides: [1, 1],
      pad: [
        [0, 0],
        [kh - 1 - p.top, kh - 1 - p.bottom],
        [kw - 1 - p.left, kw - 1 - p.right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    } as unknown as NamedAttrMap);
    release(backend, flipped, swapped);
    return dx;
  }
  return stockBackpropInput!.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as TensorInfo;
}

let stockBackpropInput: tf.KernelConfig | undefined;
let registered = false;

/** Idempotent; call after the wasm backend is registered and before training on it. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: conv2DBackpropFilter as tf.KernelFunc,
    });
  }
  stockBackpropInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (stockBackpropInput) tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropInput as tf.KernelFunc,
    setupFunc: stockBackpropInput?.setupFunc,
  });
}

interface WasmReadable {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: Float32Array,
  ): TensorInfo;
}

/**
 * tfjs-backend-wasm 4.22's MaxPoolGrad sends the gradient to the wrong pixel when a window holds
 * only negative values (checked in test/engine/gradients.test.ts). This replacement follows the
 * cpu backend: the first maximum of each window, in row-major order, receives its gradient.
 */
function maxPoolGrad(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}): TensorInfo {
  const backend = args.backend as unknown as WasmReadable;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const attrs = args.attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const x = backend.readSync(input.dataId);
  const g = backend.readSync(dy.dataId);
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let c = 0; c < inChannels; c++) {
          let best = -Infinity;
          let at = -1;
          for (let fy = 0; fy < filterHeight; fy++) {
            const y = oy * strideHeight - top + fy;
            if (y < 0 || y >= inHeight) continue;
            for (let fx = 0; fx < filterWidth; fx++) {
              const xx = ox * strideWidth - left + fx;
              if (xx < 0 || xx >= inWidth) continue;
              const index = ((b * inHeight + y) * inWidth + xx) * inChannels + c;
              if (x[index] > best || at < 0) {
                best = x[index];
                at = index;
              }
            }
          }
          if (at >= 0) dx[at] += g[((b * outHeight + oy) * outWidth + ox) * inChannels + c];
        }
      }
    }
  }
  return backend.makeOutput(input.shape, 'float32', undefined, dx);
}

let maxPoolGradFixed = false;

/** Separate from registerWasmKernels so the benchmark can time the stock kernels too. */
export function registerWasmMaxPoolGrad(): void {
  if (maxPoolGradFixed) return;
  maxPoolGradFixed = true;
  if (tf.getKernel('MaxPoolGrad', 'wasm')) tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel({
    kernelName: 'MaxPoolGrad',
    backendName: 'wasm',
    kernelFunc: maxPoolGrad as tf.KernelFunc,
  });
}
