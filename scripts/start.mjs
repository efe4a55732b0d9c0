// `npm start`: build, make a demo dataset with `symfold synth`, and open it in a real VS Code with
// the extension loaded: the desktop `code` when it is on PATH, otherwise the cached code-server
// (prepared by the same code as the tests), whose URL is printed.
// `npm start -- --screenshot <file.png>` instead saves a screenshot of the opened demo and exits.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const screenshotAt = process.argv.includes('--screenshot')
  ? resolve(process.argv[process.argv.indexOf('--screenshot') + 1] ?? 'media/screenshots/demo.png')
  : undefined;

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'inherit' });

const demo = join(repo, 'demo');
const dataset = join(demo, 'symfold-demo');
const cli = join(repo, 'out', 'cli.js');
const hasSynth =
  existsSync(cli) &&
  spawnSync(process.execPath, [cli, 'synth', '--help'], { stdio: 'ignore' }).status === 0;
if (hasSynth) {
  execFileSync(
    process.execPath,
    [cli, 'synth', dataset, '--n', '24', '--size', '96', '--axis', 'lr', '--corrupt', '0.15'],
    {
      cwd: repo,
      stdio: 'inherit',
    },
  );
} else {
  console.log('symfold synth is not available in this build: opening an empty demo folder');
  execFileSync('mkdir', ['-p', demo]);
}

const hasCode = !screenshotAt && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  spawn('code', [`--extensionDevelopmentPath=${repo}`, demo], {
    stdio: 'inherit',
    detached: true,
  }).unref();
  console.log(`Opened ${demo} in VS Code with the extension loaded from ${repo}.`);
} else if (screenshotAt) {
  const { Workbench } = require('../out/test/e2e/support/workbench.js');
  const workbench = await Workbench.open({ viewport: { width: 1400, height: 860 } });
  try {
    await workbench.openFolder(demo);
    // Show what a user sees a moment later: the demo opened as a dataset, flags in Problems.
    const row = workbench.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'symfold-demo' })
      .first();
    await row.click({ button: 'right' });
    await workbench.page
      .locator('.monaco-menu .action-item', { hasText: 'Open Folder as Dataset' })
      .first()
      .click();
    const { EXTENSION_ID } = require('../out/test/e2e/support/workbench.js');
    await workbench.waitForWebview(EXTENSION_ID, 'body[data-painted-at]', 120_000);
    await workbench.runCommand('Problems: Focus on Problems View');
    await workbench.page.waitForTimeout(2000);
    await workbench.page.screenshot({ path: screenshotAt });
    console.log(`screenshot: ${screenshotAt}`);
  } finally {
    await workbench.close();
  }
} else {
  const { startCodeServer } = require('../out/test/vscode/server.js');
  const server = await startCodeServer();
  const url = server.workbenchUrl(demo, [['extensionDevelopmentPath', server.remoteUri(repo)]]);
  console.log(
    `\nSymFold demo is ready. Open this URL in a browser (Ctrl+C stops the server):\n\n  ${url}\n`,
  );
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}
