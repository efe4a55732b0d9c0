/**
 * `npm run bench [scan|engine]`: prints figures and ratios for the scan and the engine.
 * Nothing is asserted: the machines are shared and noisy, so goals are read off the figures.
 */
import { benchEngine } from './engine';
import { benchScan } from './scan';

async function main(): Promise<void> {
  const only = process.argv[2];
  const print = (line: string): void => console.log(line);
  if (!only || only === 'scan') await benchScan(print);
  if (!only || only === 'engine') await benchEngine(print);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
