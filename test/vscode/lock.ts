/**
 * A cross-process lock made of a directory: mkdir is atomic, so only one process creates it.
 * The owner's pid is written inside, so a lock left by a killed run is recognised and taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function ownerAlive(lockDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
  } catch {
    // The owner may be between mkdir and writing its pid: treat it as alive for now.
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withDirectoryLock<T>(
  lockDir: string,
  body: () => Promise<T>,
  timeoutMs = 15 * 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!ownerAlive(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${lockDir}; remove it if no other test run is preparing VS Code`,
          { cause: error },
        );
      }
      if (!announced) {
        process.stderr.write(`[vscode-test] waiting for another run that holds ${lockDir}\n`);
        announced = true;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  writeFileSync(join(lockDir, 'pid'), String(process.pid));
  try {
    return await body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
