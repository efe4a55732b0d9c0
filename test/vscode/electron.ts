/**
 * `npm run test:electron`: the same extension-host suites in a desktop VS Code downloaded by
 * @vscode/test-electron. It needs internet for the download (cached in .vscode-test/ afterwards);
 * offline, use `npm run test:vscode`, which runs them in code-server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './cache';

async function main(): Promise<number> {
  const workspace = mkdtempSync(join(tmpdir(), 'symfold-suite-workspace-'));
  writeFileSync(
    join(workspace, 'README.txt'),
    'Throw-away workspace of the SymFold extension-host tests.\n',
  );
  try {
    return await runTests({
      version: process.env.SYMFOLD_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'suite', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(
      `[test:electron] ${error.message}\n` +
        'test:electron downloads a desktop VS Code; without internet, run `npm run test:vscode` instead.\n',
    );
    process.exit(1);
  },
);
