/**
 * Engine throughput for `npm run bench`: train and inference samples/s of the 4-level U-Net,
 * folded (128×64×2) and unfolded (128×128×1), batch 8, on each backend that loads here, against
 * the PyTorch reference of issue 4 (scripts/pytorch_reference.py).
 */
import { selectBackend, type BackendName } from '../src/engine/backend';
import { measureThroughput } from '../src/engine/perf';

const PYTORCH = { train: 28.9, infer: 112, unfoldedTrain: 14.1 };

export async function benchEngine(print: (line: string) => void): Promise<void> {
  print(
    'engine: 4-level U-Net 16-32-64-128, batch 8 (PyTorch 1.13 CPU, 2 threads: 28.9 train / 112 infer / 14.1 unfolded train)',
  );
  print(
    '| backend | folded train/s | folded infer/s | unfolded train/s | folded÷unfolded | train vs PyTorch | infer vs PyTorch |',
  );
  print('|---|---|---|---|---|---|---|');
  for (const name of ['wasm', 'webgpu', 'cpu'] as BackendName[]) {
    const choice = await selectBackend(name);
    if (choice.name !== name) {
      print(`| ${name} | did not load: ${choice.fallbacks.join('; ')} |||||| `);
      continue;
    }
    // The cpu backend is ~100× slower: one step is enough to place it.
    const steps = name === 'cpu' ? 1 : 3;
    const folded = await measureThroughput(true, 8, steps);
    const unfolded = await measureThroughput(false, 8, steps);
    const label = choice.adapter
      ? `${name} (${choice.adapter.software ? 'software: ' : ''}${choice.adapter.vendor || choice.adapter.description || 'adapter'})`
      : name;
    print(
      `| ${label} | ${folded.trainPerSec.toFixed(1)} | ${folded.inferPerSec.toFixed(1)} | ${unfolded.trainPerSec.toFixed(1)} | ${(folded.trainPerSec / unfolded.trainPerSec).toFixed(2)}× | ${(folded.trainPerSec / PYTORCH.train).toFixed(2)}× | ${(folded.inferPerSec / PYTORCH.infer).toFixed(2)}× |`,
    );
  }
}

if (require.main === module) {
  benchEngine((line) => process.stdout.write(line + '\n')).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
