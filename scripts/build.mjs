// One build for everything: esbuild transpiles each TypeScript file for the tests (out/<path>.js),
// and bundles the three deliverables: the extension host, the CLI and the webviews.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...tsFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

// Native or ESM-only packages stay outside the bundles and load from node_modules at run time.
const nodeExternals = [
  'vscode',
  'sharp',
  'webgpu',
  '@tensorflow/*',
  'playwright-core',
  'mocha',
  '@vscode/test-electron',
];

// Only on request: several builds may share out/ (watch mode, parallel test runs).
if (process.argv.includes('--clean')) rmSync('out', { recursive: true, force: true });

const common = { sourcemap: true, logLevel: 'warning', minify: production };

const builds = [
  // Every file on its own, for node --test and the extension-host suites.
  {
    ...common,
    entryPoints: [
      ...tsFiles('src'),
      ...tsFiles('webview'),
      ...tsFiles('test'),
      ...tsFiles('bench'),
    ],
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The extension host bundle.
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'out',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
  },
  // The headless CLI and its worker threads.
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts', 'score-worker': 'src/scan/score-worker.ts' },
    outdir: 'out',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
  },
  // Browser code of the webviews: one bundle per webview/<name>/main.ts.
  {
    ...common,
    entryPoints: readdirSync('webview')
      .filter((name) => existsSync(join('webview', name, 'main.ts')))
      .map((name) => ({ in: join('webview', name, 'main.ts'), out: join('webview', name) })),
    outdir: 'out',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter((b) =>
  Array.isArray(b.entryPoints)
    ? b.entryPoints.length > 0
    : Object.values(b.entryPoints).every((p) => existsSync(p)),
);

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
