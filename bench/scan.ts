/**
 * Scan throughput against sharp's decode alone, on 1024×1024 binary PNG masks, and the time of an
 * unchanged rescan. Prints figures and ratios; asserts nothing (the machines are shared and noisy).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { createRng } from '../src/core/rng';
import { scanDataset } from '../src/scan/scanner';
import { defaultThreads } from '../src/scan/worker-pool';

const SIZE = 1024;

/** CPU milliseconds of every thread of this process since `start`, per mask. */
function cpuMsPerMask(start: NodeJS.CpuUsage, masks: number): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / masks;
}

/** Symmetric (lr) ellipses with a few asymmetric ones, cached across bench runs. */
async function ensureMasks(dir: string, count: number): Promise<string[]> {
  const maskDir = path.join(dir, 'masks');
  fs.mkdirSync(maskDir, { recursive: true });
  const files: string[] = [];
  const rng = createRng(7);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(maskDir, `m${String(i).padStart(5, '0')}.png`);
    files.push(file);
    const cx = SIZE / 2 - 0.5;
    const cy = rng.range(300, 700);
    const rx = rng.range(80, 400);
    const ry = rng.range(80, 300);
    const shift = i % 10 === 0 ? rng.range(10, 60) : 0;
    if (fs.existsSync(file)) continue;
    const data = new Uint8Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const dx = (x - cx - shift) / rx;
        const dy = (y - cy) / ry;
        if (dx * dx + dy * dy <= 1) data[y * SIZE + x] = 255;
      }
    }
    pending.push(
      sharp(data, { raw: { width: SIZE, height: SIZE, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toFile(file)
        .then(() => undefined),
    );
    if (pending.length >= 8) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return files;
}

async function decodeSequential(files: string[]): Promise<number> {
  const t0 = performance.now();
  for (const f of files) await sharp(f).toColourspace('b-w').raw().toBuffer();
  return files.length / ((performance.now() - t0) / 1000);
}

async function decodeInFlight(files: string[], inFlight: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) await sharp(files[next++]).toColourspace('b-w').raw().toBuffer();
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return files.length / ((performance.now() - t0) / 1000);
}

/** Decode alone on the same layout the scan uses: one worker per core, 3 decodes in flight each. */
async function decodeInWorkers(files: string[], threads: number): Promise<number> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const sharp = require(${JSON.stringify(require.resolve('sharp'))});
    let next = 0;
    const files = workerData;
    const lane = async () => { while (next < files.length) await sharp(files[next++]).toColourspace('b-w').raw().toBuffer(); };
    Promise.all([lane(), lane(), lane()]).then(() => parentPort.postMessage('done'));`;
  const t0 = performance.now();
  const shares = Array.from({ length: threads }, (_, t) =>
    files.filter((_, i) => i % threads === t),
  );
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(source, { eval: true, workerData: share });
          w.once('message', () => void w.terminate().then(() => resolve()));
          w.once('error', reject);
        }),
    ),
  );
  return files.length / ((performance.now() - t0) / 1000);
}

export async function benchScan(
  print: (line: string) => void,
  count = 1000,
  rescanCount = 2000,
): Promise<void> {
  const dir = path.join(os.tmpdir(), 'symfold-bench-masks-1024');
  const threads = defaultThreads();
  print(`scan bench: ${SIZE}×${SIZE} binary PNG masks in ${dir}, ${threads} threads`);
  const all = await ensureMasks(dir, Math.max(count, rescanCount));

  // Scan and decode read the same files; the first pass warms the page cache for both.
  const subsetDir = path.join(os.tmpdir(), `symfold-bench-scan-${count}`);
  fs.rmSync(subsetDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(subsetDir, 'masks'), { recursive: true });
  for (const f of all.slice(0, count))
    fs.symlinkSync(f, path.join(subsetDir, 'masks', path.basename(f)));
  const files = all.slice(0, count);
  await decodeInFlight(files.slice(0, 100), 4);

  const seq = await decodeSequential(files.slice(0, 200));
  const c0 = process.cpuUsage();
  const inflight = await decodeInFlight(files, 4);
  const decodeCpu = cpuMsPerMask(c0, files.length);
  const workers = await decodeInWorkers(files, threads);
  const bestDecode = Math.max(seq, inflight, workers);

  let t0 = performance.now();
  const c1 = process.cpuUsage();
  const cold = await scanDataset({
    root: subsetDir,
    options: { axis: 'lr' },
    rule: { mode: 'threshold', threshold: 0.05 },
    cache: false,
  });
  const scanRate = cold.report.summary.scored / ((performance.now() - t0) / 1000);
  const scanCpu = cpuMsPerMask(c1, files.length);

  print(`  decode alone, sequential:          ${seq.toFixed(1)} masks/s`);
  print(`  decode alone, 4 in flight:         ${inflight.toFixed(1)} masks/s`);
  print(`  decode alone, ${threads} workers × 3:       ${workers.toFixed(1)} masks/s`);
  print(
    `  scan (decode + score, cold):       ${scanRate.toFixed(1)} masks/s (${cold.report.summary.flagged} flagged)`,
  );
  print(
    `  ratio best decode / scan:          ${(bestDecode / scanRate).toFixed(3)}× (goal ≤ 1.25×)`,
  );
  // CPU time (all threads) is steadier than wall time on a shared machine.
  print(
    `  CPU per mask: decode ${decodeCpu.toFixed(2)} ms, scan ${scanCpu.toFixed(2)} ms, ratio ${(scanCpu / decodeCpu).toFixed(3)}×`,
  );

  const rescanDir = path.join(os.tmpdir(), `symfold-bench-rescan-${rescanCount}`);
  fs.rmSync(rescanDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(rescanDir, 'masks'), { recursive: true });
  for (const f of all.slice(0, rescanCount))
    fs.symlinkSync(f, path.join(rescanDir, 'masks', path.basename(f)));
  const rule = { mode: 'threshold' as const, threshold: 0.05 };
  t0 = performance.now();
  await scanDataset({ root: rescanDir, options: { axis: 'lr' }, rule });
  const first = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const again = await scanDataset({ root: rescanDir, options: { axis: 'lr' }, rule });
  const rescan = (performance.now() - t0) / 1000;
  print(`  first scan of ${rescanCount} (fills the cache): ${first.toFixed(2)} s`);
  print(
    `  unchanged rescan of ${rescanCount}:         ${rescan.toFixed(3)} s (${again.fromCache} from cache; goal < 1 s)`,
  );
}
