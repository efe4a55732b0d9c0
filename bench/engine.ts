/**
 * Engine throughput for `npm run bench`: train and inference samples/s of the 4-level U-Net,
 * folded (128×64×2) and unfolded (128×128×1), batch 8, on each backend that loads here, against
 * the PyTorch reference of issue 4 (scripts/pytorch_reference.py). Wall time is noisy on a shared
 * machine, so CPU seconds per training step (process.cpuUsage) are printed beside it.
 *
 * `node out/bench/engine.js [--profile] [wasm|webgpu|cpu …]`: --profile adds the wasm per-kernel
 * time of one folded training step.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../src/engine/backend';
import { measureThroughput } from '../src/engine/perf';

const PYTORCH = { train: 28.9, infer: 112, unfoldedTrain: 14.1 };

interface KernelTime {
  name: string;
  calls: number;
  /** Time in the kernel itself, without the kernels it calls through the registry. */
  selfMs: number;
}

/**
 * Wraps every kernel of a backend in a timer. wasm kernels are synchronous, so the wall time of
 * kernelFunc is the kernel's time; nested calls (our composed kernels call Conv2D, Transpose…)
 * are subtracted from their caller, so the rows add up to the step.
 */
function timeKernels(backend: string): { times: Map<string, KernelTime>; restore(): void } {
  const times = new Map<string, KernelTime>();
  const stack: number[] = [];
  const names: string[] = [];
  const originals = tf.getKernelsForBackend(backend);
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        stack.push(0);
        // A kernel called from a composed kernel is listed under its caller: Conv2D inside
        // Conv2DBackpropFilter is a different workload from a forward Conv2D.
        const key = names.length > 0 ? `${names[names.length - 1]}>${k.kernelName}` : k.kernelName;
        names.push(k.kernelName);
        const started = performance.now();
        try {
          return k.kernelFunc(args);
        } finally {
          const elapsed = performance.now() - started;
          const children = stack.pop() ?? 0;
          names.pop();
          if (stack.length > 0) stack[stack.length - 1] += elapsed;
          const row = times.get(key) ?? { name: key, calls: 0, selfMs: 0 };
          row.calls++;
          row.selfMs += elapsed - children;
          times.set(key, row);
        }
      },
    });
  }
  return {
    times,
    restore() {
      for (const k of originals) {
        tf.unregisterKernel(k.kernelName, backend);
        tf.registerKernel(k);
      }
    },
  };
}

async function profileWasmStep(print: (line: string) => void): Promise<void> {
  await measureThroughput(true, 8, 1, 128, async (step) => {
    const steps = 2;
    const timer = timeKernels('wasm');
    const started = performance.now();
    try {
      for (let i = 0; i < steps; i++) await step();
    } finally {
      timer.restore();
    }
    const wall = (performance.now() - started) / steps;
    const rows = [...timer.times.values()].sort((a, b) => b.selfMs - a.selfMs);
    const total = rows.reduce((s, r) => s + r.selfMs, 0) / steps;
    print('');
    print(
      `wasm kernels of one folded training step (128×64×2, batch 8): ${wall.toFixed(0)} ms wall, ${total.toFixed(0)} ms in kernels`,
    );
    print('| kernel | calls/step | ms/step | share |');
    print('|---|---:|---:|---:|');
    for (const r of rows.slice(0, 15))
      print(
        `| ${r.name} | ${r.calls / steps} | ${(r.selfMs / steps).toFixed(1)} | ${((100 * r.selfMs) / steps / wall).toFixed(1)}% |`,
      );
  });
}

export async function benchEngine(
  print: (line: string) => void,
  options: { backends?: BackendName[]; profile?: boolean } = {},
): Promise<void> {
  const backends = options.backends ?? (['wasm', 'webgpu', 'cpu'] as BackendName[]);
  print(
    `engine: 4-level U-Net 16-32-64-128, batch 8, against PyTorch 1.13 CPU, 2 threads (${PYTORCH.train} train / ${PYTORCH.infer} infer / ${PYTORCH.unfoldedTrain} unfolded train)`,
  );
  print(
    '| backend | folded train/s | folded infer/s | unfolded train/s | unfolded infer/s | CPU s/step folded | CPU s/step unfolded | folded÷unfolded | train vs PyTorch | infer vs PyTorch | unfolded train vs PyTorch |',
  );
  print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of backends) {
    const choice = await selectBackend(name);
    if (choice.name !== name) {
      print(`| ${name} | did not load: ${choice.fallbacks.join('; ')} |||||||||| `);
      continue;
    }
    // cpu (~100× slower) and webgpu on a software adapter take seconds a step: fewer steps place them.
    const steps = name === 'cpu' ? 1 : name === 'webgpu' ? 2 : 5;
    const folded = await measureThroughput(true, 8, steps);
    const unfolded = await measureThroughput(false, 8, steps);
    const label = choice.adapter
      ? `${name} (${choice.adapter.software ? 'software: ' : ''}${choice.adapter.vendor || choice.adapter.description || 'adapter'})`
      : name;
    print(
      `| ${label} | ${folded.trainPerSec.toFixed(1)} | ${folded.inferPerSec.toFixed(1)} | ${unfolded.trainPerSec.toFixed(1)} | ${unfolded.inferPerSec.toFixed(1)} | ${folded.trainCpuPerStep.toFixed(2)} | ${unfolded.trainCpuPerStep.toFixed(2)} | ${(folded.trainPerSec / unfolded.trainPerSec).toFixed(2)}× | ${(folded.trainPerSec / PYTORCH.train).toFixed(2)}× | ${(folded.inferPerSec / PYTORCH.infer).toFixed(2)}× | ${(unfolded.trainPerSec / PYTORCH.unfoldedTrain).toFixed(2)}× |`,
    );
  }
  if (options.profile) {
    const choice = await selectBackend('wasm');
    if (choice.name === 'wasm') await profileWasmStep(print);
    else print(`no wasm profile: ${choice.fallbacks.join('; ')}`);
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const backends = args.filter((a) => !a.startsWith('--')) as BackendName[];
  benchEngine((line) => process.stdout.write(line + '\n'), {
    backends: backends.length > 0 ? backends : undefined,
    profile: args.includes('--profile'),
  }).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
