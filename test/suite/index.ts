/**
 * The entry that both runners load inside the extension host: @vscode/test-electron
 * (`npm run test:electron`) and the code-server runner (`npm run test:vscode`) call `run()`.
 * Every *.test.js next to this file is a mocha suite.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // The extension host forwards console output, not raw stdout, so colours would only add noise.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const suites = readdirSync(__dirname).filter((name) => name.endsWith('.test.js'));
  if (suites.length === 0)
    return Promise.reject(new Error(`no *.test.js suites in ${__dirname}; run npm run build`));
  for (const name of suites.sort()) mocha.addFile(join(__dirname, name));
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve(),
    );
  });
}
