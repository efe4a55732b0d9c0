/** `npm run bench`: prints figures and ratios for the scan and the engine. */
import { benchScan } from './scan';

async function main(): Promise<void> {
  const only = process.argv[2];
  const print = (line: string): void => console.log(line);
  if (!only || only === 'scan') await benchScan(print);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
