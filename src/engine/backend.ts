import * as tf from '@tensorflow/tfjs';
import { registerCpuKernels } from './kernels-cpu';
import { registerWasmKernels, registerWasmMaxPoolGrad } from './kernels-wasm';

/*
 * Backend choice (DESIGN.md, "TensorFlow.js backends"). Every probe catches every error, because
 * a half-installed native package throws plain Errors, and a failed probe becomes one line in
 * `fallbacks` rather than a crash.
 */

export const BACKEND_NAMES = [
  'auto',
  'webgpu',
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
] as const;
export type BackendRequest = (typeof BACKEND_NAMES)[number];
export type BackendName = Exclude<BackendRequest, 'auto'>;

export function parseBackend(value: string): BackendRequest {
  if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new Error(`unknown backend '${value}': expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  return value as BackendRequest;
}

export interface BackendChoice {
  /** The backend that runs, as SymFold names it. */
  name: BackendName;
  /** The tfjs backend name (tensorflow and tensorflow-gpu both register 'tensorflow'). */
  tfName: string;
  /** Why each better candidate was not used, one line each. */
  fallbacks: string[];
  /** The WebGPU adapter, when webgpu runs. */
  adapter?: AdapterDescription;
}

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** lavapipe, SwiftShader and other CPU rasterisers. */
  software: boolean;
}

type Probe =
  { ok: true; tfName: string; adapter?: AdapterDescription } | { ok: false; reason: string };

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software|cpu/i;

export function describeAdapter(
  info: Partial<Record<keyof Omit<AdapterDescription, 'software'>, string>>,
  isFallbackAdapter = false,
): AdapterDescription {
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const device = info.device ?? '';
  const description = info.description ?? '';
  const software =
    isFallbackAdapter ||
    SOFTWARE_ADAPTER.test([vendor, architecture, device, description].join(' '));
  return { vendor, architecture, device, description, software };
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

let webgpuAdapter: AdapterDescription | undefined;

async function probeWebgpu(): Promise<Probe> {
  if (tf.findBackend('webgpu') && webgpuAdapter) {
    if (!(await tf.setBackend('webgpu')))
      return { ok: false, reason: 'webgpu: tf.setBackend("webgpu") returned false' };
    return { ok: true, tfName: 'webgpu', adapter: webgpuAdapter };
  }
  try {
    const webgpu = (await import('webgpu')) as unknown as {
      create(options: string[]): GPU;
      globals: Record<string, unknown>;
    };
    // The tfjs webgpu backend reads navigator.gpu and the GPU* constants when it is imported.
    Object.assign(globalThis, webgpu.globals);
    const gpu = webgpu.create([]);
    const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
    if (!nav)
      Object.defineProperty(globalThis, 'navigator', {
        value: { gpu },
        configurable: true,
        writable: true,
      });
    else if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      return {
        ok: false,
        reason:
          'webgpu: no Vulkan/Metal/D3D12 adapter found (install a GPU driver, or Mesa ≥ 25 lavapipe for a software one)',
      };
    }
    const info =
      (adapter as unknown as { info?: Record<string, string>; isFallbackAdapter?: boolean }).info ??
      {};
    webgpuAdapter = describeAdapter(
      {
        vendor: info.vendor,
        architecture: info.architecture,
        device: info.device,
        description: info.description,
      },
      (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
    );
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu')))
      return { ok: false, reason: 'webgpu: tf.setBackend("webgpu") returned false' };
    return { ok: true, tfName: 'webgpu', adapter: webgpuAdapter };
  } catch (error) {
    return { ok: false, reason: `webgpu: ${message(error)}` };
  }
}

async function probeTensorflow(gpu: boolean): Promise<Probe> {
  const pkg = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  try {
    // A package name in a variable keeps esbuild from trying to bundle an absent optional dependency.
    await import(pkg);
    if (!(await tf.setBackend('tensorflow')))
      return { ok: false, reason: `${gpu ? 'tensorflow-gpu' : 'tensorflow'}: setBackend failed` };
    return { ok: true, tfName: 'tensorflow' };
  } catch (error) {
    const text = message(error);
    const missing = /Cannot find (module|package)/.test(text)
      ? `${pkg} is not installed (it downloads libtensorflow${gpu ? ' and needs CUDA 11.2 + cuDNN 8.1' : ''} at install time)`
      : text;
    return { ok: false, reason: `${gpu ? 'tensorflow-gpu' : 'tensorflow'}: ${missing}` };
  }
}

async function probeWasm(): Promise<Probe> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm')))
      return { ok: false, reason: 'wasm: tf.setBackend("wasm") returned false' };
    registerWasmKernels();
    registerWasmMaxPoolGrad();
    return { ok: true, tfName: 'wasm' };
  } catch (error) {
    return { ok: false, reason: `wasm: ${message(error)}` };
  }
}

async function probeCpu(): Promise<Probe> {
  if (!(await tf.setBackend('cpu')))
    return { ok: false, reason: 'cpu: tf.setBackend("cpu") returned false' };
  registerCpuKernels();
  return { ok: true, tfName: 'cpu' };
}

async function probe(name: BackendName): Promise<Probe> {
  switch (name) {
    case 'webgpu':
      return probeWebgpu();
    case 'tensorflow-gpu':
      return probeTensorflow(true);
    case 'tensorflow':
      return probeTensorflow(false);
    case 'wasm':
      return probeWasm();
    case 'cpu':
      return probeCpu();
  }
}

/**
 * The CPU-only order, from `npm run bench` on a 2-core machine (bench/engine.ts): wasm with the
 * registered kernels trains the 4-level U-Net faster than webgpu on lavapipe, and both far faster
 * than the cpu backend, which is for tests only.
 */
export const CPU_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'cpu'];
export const CPU_ORDER_REASON = 'wasm measured fastest among CPU paths (npm run bench)';

/** Selects and activates a backend. A specific request falls back along the auto order, with a reason. */
export async function selectBackend(request: BackendRequest): Promise<BackendChoice> {
  tf.enableProdMode();
  const fallbacks: string[] = [];
  const tryOne = async (
    name: BackendName,
    accept?: (p: Probe & { ok: true }) => string | undefined,
  ): Promise<BackendChoice | undefined> => {
    const result = await probe(name);
    if (!result.ok) {
      fallbacks.push(result.reason);
      return undefined;
    }
    const refusal = accept?.(result);
    if (refusal) {
      fallbacks.push(refusal);
      return undefined;
    }
    return { name, tfName: result.tfName, fallbacks, adapter: result.adapter };
  };
  const hardwareOnly = (p: Probe & { ok: true }): string | undefined =>
    p.adapter?.software
      ? `webgpu: the adapter is a software renderer (${adapterLabel(p.adapter)}), not a GPU`
      : undefined;

  if (request !== 'auto') {
    const chosen = await tryOne(request);
    if (chosen) return chosen;
  }
  const order: { name: BackendName; hardwareOnly: boolean }[] = [
    { name: 'webgpu', hardwareOnly: true },
    { name: 'tensorflow-gpu', hardwareOnly: false },
    { name: 'tensorflow', hardwareOnly: false },
    // A software webgpu adapter is only taken at its measured place among the CPU paths.
    ...CPU_ORDER.map((name) => ({ name, hardwareOnly: false })),
  ];
  for (const { name, hardwareOnly: gpuStage } of order) {
    if (name === request) continue;
    if (
      name === 'webgpu' &&
      !gpuStage &&
      fallbacks.some((line) => line.startsWith('webgpu: ') && !line.includes('software renderer'))
    )
      continue;
    const chosen = await tryOne(name, gpuStage ? hardwareOnly : undefined);
    if (chosen) {
      if (CPU_ORDER.includes(name)) chosen.fallbacks.push(`${name}: ${CPU_ORDER_REASON}`);
      return chosen;
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded:\n${fallbacks.join('\n')}`);
}

export function adapterLabel(adapter: AdapterDescription): string {
  return (
    [adapter.vendor, adapter.architecture, adapter.device, adapter.description]
      .filter(Boolean)
      .join(' ') || 'unnamed adapter'
  );
}
