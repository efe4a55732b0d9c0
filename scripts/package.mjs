// `npm run package`: a production build, then dist/symfold-<version>.vsix for this platform
// (the logic lives in test/vscode/package.ts, shared with the test that installs the package).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';

execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
const require = createRequire(import.meta.url);
const { buildVsix } = require('../out/test/vscode/package.js');
const vsix = await buildVsix();
console.log(`${vsix} (${(statSync(vsix).size / 1e6).toFixed(1)} MB)`);
