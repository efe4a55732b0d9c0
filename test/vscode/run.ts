/**
 * `npm run test:vscode`: runs the extension-host suites (test/suite, mocha) inside a real VS Code
 * (the cached code-server), through the smoke-test driver payload, and exits with their code.
 * The same suites run in a desktop VS Code with `npm run test:electron`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import { join } from 'node:path';
import { findChromium, launchChromium } from './browser';
import { repoRoot } from './cache';
import { startCodeServer } from './server';

const TIMEOUT_MS = Number(process.env.SYMFOLD_SUITE_TIMEOUT_MS ?? 5 * 60_000);

async function main(): Promise<number> {
  findChromium(); // Fail before the long code-server preparation when there is no browser at all.
  const started = Date.now();
  const server = await startCodeServer();
  const workspace = mkdtempSync(join(tmpdir(), 'symfold-suite-workspace-'));
  writeFileSync(
    join(workspace, 'README.txt'),
    'Throw-away workspace of the SymFold extension-host tests.\n',
  );
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const exit = new Promise<number>((resolve) => {
      // Both must exist before the workbench loads: it looks them up once, at start-up.
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
        // The workbench logs console-style: a format string followed by its values.
        const text = format(...(Array.isArray(args) ? args : [args]));
        (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(join(repoRoot, 'out', 'test', 'suite', 'index.js'))],
    ]);
    await page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `the extension-host suites did not finish within ${TIMEOUT_MS / 1000} s ` +
                `(set SYMFOLD_SUITE_TIMEOUT_MS to wait longer). code-server log:\n${server.logTail()}`,
            ),
          ),
        TIMEOUT_MS,
      );
    });
    try {
      const code = await Promise.race([exit, timeout]);
      if (code !== 0) {
        mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
        await page.screenshot({ path: join(repoRoot, 'test-results', 'vscode-suites-failed.png') });
        process.stderr.write(
          `[vscode-test] the suites failed (exit code ${code}); screenshot in test-results/\n`,
        );
      }
      process.stderr.write(
        `[vscode-test] finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      return code;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`[vscode-test] ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
