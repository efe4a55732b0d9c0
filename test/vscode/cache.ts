/**
 * Prepares the real VS Code the tests run against, offline: a Node 24 binary and code-server,
 * both from the npm registry, cached under .vscode-test/ (where @vscode/test-electron keeps its
 * downloads). Each piece is installed into a staging folder and renamed into place only after it
 * has been verified, so a cache folder either is complete or does not exist; a folder without its
 * marker (an older layout, a copy cut short) is removed and redone.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withDirectoryLock } from './lock';

export const NODE24_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';

/** The repository root, from out/test/vscode/*.js or test/vscode/*.ts alike. */
export const repoRoot = resolve(
  __dirname,
  '..',
  '..',
  ...(__dirname.includes('/out/') ? ['..'] : []),
);

/** SYMFOLD_VSCODE_TEST_DIR moves the cache (e.g. to measure a cold run without losing the warm one). */
export function cacheRoot(): string {
  return resolve(process.env.SYMFOLD_VSCODE_TEST_DIR ?? join(repoRoot, '.vscode-test'));
}

export interface PreparedVSCode {
  /** Folder of the Node 24 distribution (bin/, include/). */
  readonly nodeDir: string;
  readonly nodeBin: string;
  /** code-server's entry script; run it with nodeBin. */
  readonly codeServerEntry: string;
  readonly codeServerVersion: string;
}

const MARKER = '.symfold-complete.json';

function log(message: string): void {
  process.stderr.write(`[vscode-test] ${message}\n`);
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

function readMarker(dir: string): Record<string, string> | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
}

/** Runs `check` on a finished install; any throw means the install is unusable. */
function isVerified(dir: string, expectedVersion: string, check: () => void): boolean {
  if (!existsSync(dir)) return false;
  const marker = readMarker(dir);
  if (marker?.version !== expectedVersion) {
    log(`${dir} has no completion marker for ${expectedVersion}: removing it and installing again`);
    return false;
  }
  try {
    check();
    return true;
  } catch (error) {
    log(`${dir} failed its check (${(error as Error).message.split('\n')[0]}): installing again`);
    return false;
  }
}

/** Installs into <final>.staging-<pid>, verifies, writes the marker, then renames into place. */
async function installAtomically(
  finalDir: string,
  version: string,
  install: (staging: string) => Promise<void>,
  check: (dir: string) => void,
): Promise<void> {
  rmSync(finalDir, { recursive: true, force: true });
  const staging = `${finalDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await install(staging);
    check(staging);
    writeFileSync(
      join(staging, MARKER),
      JSON.stringify({ version, installedAt: new Date().toISOString() }),
    );
    renameSync(staging, finalDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function nodePackageName(): string {
  return `node-${process.platform}-${process.arch}`;
}

function checkNode(dir: string): void {
  const version = execFileSync(join(dir, 'bin', 'node'), ['--version'], {
    encoding: 'utf8',
  }).trim();
  if (version !== `v${NODE24_VERSION}`) throw new Error(`bin/node reports ${version}`);
  if (!existsSync(join(dir, 'include', 'node', 'node_api.h')))
    throw new Error('include/node is missing');
}

async function prepareNode24(root: string): Promise<string> {
  const dir = join(root, `node-v${NODE24_VERSION}`);
  if (isVerified(dir, NODE24_VERSION, () => checkNode(dir))) return dir;
  log(`installing Node ${NODE24_VERSION} from the npm package ${nodePackageName()}`);
  await installAtomically(
    dir,
    NODE24_VERSION,
    async (staging) => {
      await run('npm', ['pack', `${nodePackageName()}@${NODE24_VERSION}`, '--silent'], {
        cwd: staging,
        env: process.env,
      });
      const tarball = `${nodePackageName()}-${NODE24_VERSION}.tgz`;
      await run('tar', ['xzf', tarball, '--strip-components=1'], {
        cwd: staging,
        env: process.env,
      });
      rmSync(join(staging, tarball));
    },
    checkNode,
  );
  return dir;
}

function codeServerEntry(dir: string): string {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function checkCodeServer(dir: string, nodeBin: string): void {
  const output = execFileSync(nodeBin, [codeServerEntry(dir), '--version'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, '.xdg-check') },
  });
  if (!output.includes(CODE_SERVER_VERSION))
    throw new Error(`code-server --version printed ${output.trim()}`);
  // The workbench and the server half of VS Code must both be there, not just the launcher.
  for (const part of [
    'lib/vscode/out/server-main.js',
    'lib/vscode/out/vs/code/browser/workbench/workbench.js',
  ]) {
    if (!existsSync(join(dir, 'node_modules', 'code-server', part)))
      throw new Error(`${part} is missing`);
  }
}

/** Environment for anything that must run on Node 24 (code-server, vsce, npm installing for it). */
export function node24Env(
  nodeDir: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  // Under `npm run`, npm_* variables (npm_node_execpath, npm_config_*) would make a nested npm
  // run install scripts on the outer Node 20, and code-server's postinstall refuses that.
  const env = Object.fromEntries(Object.entries(base).filter(([key]) => !/^npm_/i.test(key)));
  return {
    ...env,
    PATH: `${join(nodeDir, 'bin')}:${base.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
  };
}

async function prepareCodeServer(root: string, nodeDir: string): Promise<string> {
  const dir = join(root, `code-server-${CODE_SERVER_VERSION}`);
  const nodeBin = join(nodeDir, 'bin', 'node');
  if (isVerified(dir, CODE_SERVER_VERSION, () => checkCodeServer(dir, nodeBin))) return dir;
  log(
    `installing code-server ${CODE_SERVER_VERSION} with Node ${NODE24_VERSION} (about 2 minutes, once)`,
  );
  await installAtomically(
    dir,
    CODE_SERVER_VERSION,
    async (staging) => {
      writeFileSync(join(staging, 'package.json'), JSON.stringify({ private: true }));
      try {
        await run(
          'npm',
          [
            'install',
            `code-server@${CODE_SERVER_VERSION}`,
            '--no-audit',
            '--no-fund',
            '--no-save',
            '--loglevel=error',
          ],
          { cwd: staging, env: node24Env(nodeDir) },
        );
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n` +
            'code-server builds native addons: it needs a C++ toolchain (build-essential, python3) ' +
            "and Debian's libkrb5-dev (apt-get install -y build-essential python3 libkrb5-dev).",
          { cause: error },
        );
      }
    },
    (staging) => checkCodeServer(staging, nodeBin),
  );
  return dir;
}

/** Idempotent and safe to call from two processes at once: the second waits for the first. */
export async function prepareVSCode(): Promise<PreparedVSCode> {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  return withDirectoryLock(join(root, '.prepare.lock'), async () => {
    const nodeDir = await prepareNode24(root);
    const codeServerDir = await prepareCodeServer(root, nodeDir);
    return {
      nodeDir,
      nodeBin: join(nodeDir, 'bin', 'node'),
      codeServerEntry: codeServerEntry(codeServerDir),
      codeServerVersion: CODE_SERVER_VERSION,
    };
  });
}
