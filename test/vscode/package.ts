/**
 * Builds dist/symfold-<version>.vsix with @vscode/vsce on the cached Node 24 (vsce needs Node 22
 * or newer). The package is for this platform: vsce's --target marks it so, and the native
 * binaries of other platforms (webgpu's Dawn builds) are left out.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { node24Env, prepareVSCode, repoRoot } from './cache';

const VSCE_TARGETS: Record<string, string> = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};

/** .vscodeignore plus the webgpu binaries of every platform but this one. */
function platformIgnoreFile(): string {
  const base = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8');
  const webgpuDist = join(repoRoot, 'node_modules', 'webgpu', 'dist');
  const here = `${process.platform}-${process.arch}`;
  const keep = (name: string) =>
    name === here || (process.platform === 'darwin' && name === 'darwin-universal');
  const others = existsSync(webgpuDist)
    ? readdirSync(webgpuDist, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !keep(entry.name))
        .map((entry) => `node_modules/webgpu/dist/${entry.name}/**`)
    : [];
  const path = join(repoRoot, 'dist', '.vscodeignore.platform');
  mkdirSync(join(repoRoot, 'dist'), { recursive: true });
  writeFileSync(
    path,
    `${base}\n# added by test/vscode/package.ts for ${here}\n${others.join('\n')}\n`,
  );
  return path;
}

export async function buildVsix(): Promise<string> {
  const target = VSCE_TARGETS[`${process.platform}-${process.arch}`];
  if (!target) throw new Error(`no VS Code package target for ${process.platform}-${process.arch}`);
  for (const built of ['out/extension.js', 'out/cli.js']) {
    if (!existsSync(join(repoRoot, built)))
      throw new Error(`${built} is missing: run npm run build first`);
  }
  const prepared = await prepareVSCode();
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const vsix = join(repoRoot, 'dist', `symfold-${manifest.version}.vsix`);
  rmSync(vsix, { force: true });
  const ignoreFile = platformIgnoreFile();
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [vsce, 'package', '--target', target, '--out', vsix, '--ignoreFile', ignoreFile];
  // The project has no public repository URL yet: say so instead of letting vsce prompt, and keep
  // the README's relative links (screenshots) as they are rather than failing to rewrite them.
  args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(prepared.nodeBin, args, {
      cwd: repoRoot,
      env: node24Env(prepared.nodeDir),
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vsce package exited with ${code}`)),
    );
  });
  rmSync(ignoreFile, { force: true });
  return vsix;
}
