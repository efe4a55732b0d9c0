/**
 * Starts the cached code-server on a free loopback port with a throw-away profile, and stops it
 * by process group (it forks the server and extension host, which must not outlive the test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  openSync,
  closeSync,
  readFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { node24Env, prepareVSCode, type PreparedVSCode } from './cache';

/** Settings that keep a test quiet and deterministic (checked in DESIGN.md). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
};

export interface CodeServerOptions {
  /** Added to QUIET_SETTINGS in the throw-away user settings. */
  settings?: Record<string, unknown>;
  /** Where extensions are installed; a fresh temporary folder by default. */
  extensionsDir?: string;
  /** Extra code-server arguments (e.g. --install-extension is a separate call, see installExtension). */
  extraArgs?: string[];
  startupTimeoutMs?: number;
}

export interface CodeServer {
  readonly host: string;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly extensionsDir: string;
  /** Scratch folder owned by this instance (profile, logs); removed by stop(). */
  readonly scratchDir: string;
  /** The workbench URL for a folder, with an optional smoke-test driver payload. */
  workbenchUrl(folder: string, payload?: Array<[string, string]>): string;
  /** A vscode-remote URI for an absolute path on this server (for payload entries). */
  remoteUri(absolutePath: string): string;
  logTail(chars?: number): string;
  stop(): Promise<void>;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A clean environment: nothing from an enclosing VS Code or Electron may leak into the server. */
function serverEnv(prepared: PreparedVSCode, scratch: string): NodeJS.ProcessEnv {
  const env = node24Env(prepared.nodeDir);
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('npm_'))
      delete env[key];
  }
  return {
    ...env,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    // No marketplace: tests are offline, and every failed gallery query would be logged as an error.
    EXTENSIONS_GALLERY: '{}',
  };
}

async function waitUntilHealthy(
  origin: string,
  child: ChildProcess,
  timeoutMs: number,
  logTail: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.signalCode ?? child.exitCode}) before it was ready:\n${logTail()}`,
      );
    }
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `code-server did not answer ${origin}/healthz within ${timeoutMs / 1000} s:\n${logTail()}`,
  );
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

const liveGroups = new Set<number>();
// Even when a test process dies on an exception, its servers must not linger.
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    process.exit(130);
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const prepared = await prepareVSCode();
  const scratchDir = mkdtempSync(join(tmpdir(), 'symfold-code-server-'));
  const userDataDir = join(scratchDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(scratchDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );
  const host = '127.0.0.1';
  const port = await freeLoopbackPort();
  const logFile = join(scratchDir, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const args = [
    prepared.codeServerEntry,
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
    '--vscode-option',
    'enable-smoke-test-driver',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.extraArgs ?? []),
  ];
  // detached: the child calls setsid(), so its pid is the process group of everything it forks.
  const child = spawn(prepared.nodeBin, args, {
    cwd: scratchDir,
    env: serverEnv(prepared, scratchDir),
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start code-server with ${prepared.nodeBin}`);
  liveGroups.add(pid);
  const logTail = (chars = 4000) => {
    try {
      return readFileSync(logFile, 'utf8').slice(-chars);
    } catch {
      return '';
    }
  };
  const origin = `http://${host}:${port}`;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      const finish = () => {
        liveGroups.delete(pid);
        killGroup(pid, 'SIGKILL');
        rmSync(scratchDir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return finish();
      const timer = setTimeout(finish, 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        finish();
      });
      killGroup(pid, 'SIGTERM');
    }));
  try {
    await waitUntilHealthy(origin, child, options.startupTimeoutMs ?? 60_000, logTail);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host,
    port,
    origin,
    extensionsDir,
    scratchDir,
    remoteUri: (absolutePath) => `vscode-remote://${host}:${port}${absolutePath}`,
    workbenchUrl(folder, payload) {
      const url = new URL(origin);
      url.searchParams.set('folder', folder);
      if (payload) url.searchParams.set('payload', JSON.stringify(payload));
      return url.toString();
    },
    logTail,
    stop,
  };
}

/** `code-server --install-extension <vsix>` into a given extensions folder. */
export async function installExtension(vsixPath: string, extensionsDir: string): Promise<string> {
  const prepared = await prepareVSCode();
  const scratch = mkdtempSync(join(tmpdir(), 'symfold-install-'));
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        prepared.nodeBin,
        [
          prepared.codeServerEntry,
          '--extensions-dir',
          extensionsDir,
          '--user-data-dir',
          join(scratch, 'user-data'),
          '--install-extension',
          vsixPath,
        ],
        { env: serverEnv(prepared, scratch), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve(text)
          : reject(new Error(`code-server --install-extension exited with ${code}:\n${text}`)),
      );
    });
    return output;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
