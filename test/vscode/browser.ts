/**
 * Debian's chromium driven by playwright-core. Playwright must never download a browser here,
 * so the executable is found on the machine or the run fails saying what to install.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function findChromium(): string {
  const configured = process.env.SYMFOLD_CHROMIUM;
  if (configured) {
    if (!existsSync(configured))
      throw new Error(`SYMFOLD_CHROMIUM points to ${configured}, which does not exist`);
    return configured;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the VS Code tests (looked in ' +
        CANDIDATES.join(', ') +
        '). Install it with `apt-get install -y chromium`, or set SYMFOLD_CHROMIUM to a Chromium or Chrome binary.',
    );
  }
  return found;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}
