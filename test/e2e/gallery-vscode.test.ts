/**
 * Issue 6's acceptance test in a real VS Code (code-server + chromium): open a synth folder as a
 * dataset from the Explorer context menu, wait for the scan, count the Problems, click the
 * gallery's first tile into the mask viewer, mark it "looks fine", see its diagnostic go, reload
 * the window and find the review and the gallery again. Saves media/screenshots/gallery.png.
 * Run after a build: node --test out/test/e2e/gallery-vscode.test.js
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../vscode/cache';
import { EXTENSION_ID, waitUntil, Workbench } from './support/workbench';

const SCREENSHOTS = join(repoRoot, 'media', 'screenshots');
const BROKEN = 'zz-broken';
const SUMMARY = /^(\d+) samples · (\d+) scored(?: · (\d+) unreadable)? · (\d+) flagged/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('the dataset gallery in a real VS Code', () => {
  let wb: Workbench;
  let corrupted: string[] = [];
  let first = '';

  before(async () => {
    const scratch = Workbench.makeWorkspace({});
    const synth = join(scratch, 'synth');
    execFileSync(process.execPath, [
      join(repoRoot, 'out/cli.js'),
      'synth',
      synth,
      ...['--axis', 'lr', '--n', '60', '--size', '64', '--corrupt', '0.1', '--seed', '1'],
    ]);
    corrupted = readFileSync(join(synth, 'corrupted.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => line.split('\t')[0]);
    assert.ok(corrupted.length > 0, 'synth --corrupt 0.1 listed no corrupted sample');
    // One sample whose mask is not a PNG: an Error in Problems, next to the flags' warnings.
    copyFileSync(join(synth, 'images/sample-0001.png'), join(synth, `images/${BROKEN}.png`));
    writeFileSync(join(synth, `masks/${BROKEN}.png`), 'not a png\n');
    const files = Object.fromEntries(
      filesUnder(synth).map((f) => [
        `synth/${relative(synth, f)}`,
        new Uint8Array(readFileSync(f)),
      ]),
    );
    wb = await Workbench.open({
      files,
      viewport: { width: 1400, height: 900 },
      // An empty secondary side bar only takes room from the gallery in the screenshot.
      settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    });
  });

  after(async () => {
    await wb?.close();
  });

  const gallery = (selector = '#tiles .tile'): Promise<Frame> =>
    wb.waitForWebview(EXTENSION_ID, selector, 90_000);

  async function summaryOf(frame: Frame): Promise<RegExpMatchArray | undefined> {
    const text = (await frame.textContent('#summary')) ?? '';
    return SUMMARY.exec(text) ?? undefined;
  }

  /** Waits until the gallery says every sample is scored or failed; returns its flagged count. */
  async function scanned(frame: Frame): Promise<number> {
    const m = await waitUntil(
      'the gallery to report a finished scan',
      async () => {
        const s = await summaryOf(frame);
        if (!s || !(await frame.isHidden('#progress'))) return undefined;
        const [samples, scored, failed] = [s[1], s[2], s[3] ?? '0'].map(Number);
        return samples > 0 && scored + failed === samples ? s : undefined;
      },
      90_000,
    );
    assert.equal(m[3], '1', `the gallery should count ${BROKEN} as unreadable: ${m[0]}`);
    return Number(m[4]);
  }

  /** The number on the Problems tab of the panel (the view's own count, errors and warnings). */
  async function problemsBadge(): Promise<number | undefined> {
    const tab = wb.page.locator('.part.panel .composite-bar .action-item', {
      has: wb.page.locator('.action-label[aria-label^="Problems"]'),
    });
    const badge = tab.locator('.badge .badge-content').first();
    if (!(await badge.isVisible())) return 0;
    return Number(((await badge.textContent()) ?? '').trim());
  }

  /** The Problems view's rows that are SymFold problems (not the file rows between them). */
  async function problemRows(): Promise<{ flags: string[]; errors: string[] }> {
    const rows = await wb.page.locator('.markers-panel .monaco-list-row').allTextContents();
    return {
      flags: rows.filter((r) => r.includes('Asymmetric ground truth')),
      errors: rows.filter((r) => r.includes('Cannot score sample')),
    };
  }

  /** Waits for `flags` flag warnings plus the broken sample's one error, in the badge and the rows. */
  async function expectProblems(flags: number, what: string): Promise<string[]> {
    let seen: { badge?: number; flags: string[]; errors: string[] } = { flags: [], errors: [] };
    // The Problems list is virtualised: only the rows in view exist, so give it the whole window.
    await wb.runCommand('View: Toggle Maximized Panel');
    try {
      await waitUntil(
        what,
        async () => {
          seen = { badge: await problemsBadge(), ...(await problemRows()) };
          return (
            seen.badge === flags + 1 && seen.flags.length === flags && seen.errors.length === 1
          );
        },
        60_000,
      );
    } catch {
      const status = await wb.page
        .locator('#status\\.problems')
        .getAttribute('aria-label')
        .catch(() => null);
      assert.fail(
        `${what}: the Problems tab shows ${seen.badge}, with ${seen.flags.length} flag and ${seen.errors.length} error rows; expected ${flags} flags and 1 error (status bar: ${status}; rows: ${[...seen.flags, ...seen.errors].join(' | ')})`,
      );
    } finally {
      await wb.runCommand('View: Toggle Maximized Panel');
    }
    return seen.flags;
  }

  it('opens the folder as a dataset from the Explorer, and flags the corrupted masks in Problems', async () => {
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^synth$/ });
    const galleryTab = wb.page.locator('.tabs-container .tab', { hasText: /^synth/ });
    // A context menu can re-render under the pointer and swallow the click; a second try then
    // opens the same dataset (opens of one dataset share one promise), so nothing is hidden.
    for (let attempt = 1; attempt <= 2; attempt++) {
      await row.first().click({ button: 'right' });
      const item = wb.page.locator('.monaco-menu .action-item', {
        hasText: 'Open Folder as Dataset',
      });
      await item.first().click();
      const opened = await galleryTab
        .first()
        .waitFor({ state: 'visible', timeout: 20_000 })
        .then(
          () => true,
          () => false,
        );
      if (opened) break;
      await wb.screenshot(`gallery-open-attempt-${attempt}`);
      await wb.page.keyboard.press('Escape');
    }

    const frame = await gallery().catch(async (error: Error) => {
      await wb.screenshot('gallery-no-tiles');
      throw error;
    });
    const flagged = await scanned(frame);
    assert.equal(
      flagged,
      corrupted.length,
      `the gallery flags ${flagged}, corrupted.txt lists ${corrupted.length}`,
    );

    await wb.runCommand('Problems: Focus on Problems View');
    const rows = await expectProblems(
      corrupted.length,
      'the Problems panel to count one warning per corrupted mask',
    );
    assert.match(rows[0], /Asymmetric ground truth under axis lr .*asymmetry 0\.\d+ > threshold/);
    const { errors } = await problemRows();
    assert.match(errors[0], new RegExp(`Cannot score sample ${BROKEN}: .*not a valid PNG`));
    const status = await wb.page.locator('#status\\.problems').getAttribute('aria-label');
    assert.match(status ?? '', /Errors: 1/, `the status bar's problems entry: ${status}`);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await wb.page.screenshot({ path: join(SCREENSHOTS, 'gallery.png') });
  });

  it('shows a corrupted sample first, and opens the viewer on it when clicked', async () => {
    const frame = await gallery();
    const tile = frame.locator('.tile[data-position="0"]');
    first = (await tile.getAttribute('data-id')) ?? '';
    assert.ok(
      corrupted.includes(first),
      `the first tile is ${first}; corrupted: ${corrupted.join(', ')}`,
    );
    assert.ok(
      await tile.evaluate((el) => el.classList.contains('flagged')),
      'the first tile is not flagged',
    );

    await tile.click();
    await wb.waitForWebview(EXTENSION_ID, `body[data-sample="${first}"]`, 90_000);
    // The viewer names its editor tab after the sample.
    await waitUntil(
      `an active editor tab for ${first}`,
      async () => {
        const tabs = await wb.page.locator('.tabs-container .tab.active').allTextContents();
        return tabs.some((t) => t.trim() === first) || undefined;
      },
      30_000,
    ).catch(async (error: Error) => {
      const tabs = await wb.page
        .locator('.tabs-container .tab')
        .evaluateAll((els) => els.map((el) => `${el.className}: ${el.textContent ?? ''}`));
      throw new Error(`${error.message}; tabs: ${tabs.join(' | ')}`);
    });
  });

  it('clears the diagnostic when the viewer marks the sample "looks fine"', async () => {
    assert.ok(first, 'the previous test found no first tile');
    const viewer = await wb.waitForWebview(EXTENSION_ID, `body[data-sample="${first}"]`, 30_000);
    await viewer.click('button[data-review="ok"]');

    await expectProblems(corrupted.length - 1, `the diagnostic of ${first} to go away`);
    const files = await wb.page.locator('.markers-panel .monaco-list-row').allTextContents();
    assert.ok(
      !files.some((r) => r.includes(`${first}.png`)),
      `${first}.png is still in Problems:\n${files.join('\n')}`,
    );
    const reviews = JSON.parse(
      readFileSync(join(wb.workspace, 'synth/.symfold/review.json'), 'utf8'),
    ) as {
      reviews: Record<string, { state: string }>;
    };
    assert.equal(reviews.reviews[first]?.state, 'ok');
  });

  it('keeps the review, the Problems count and the gallery after "Developer: Reload Window"', async () => {
    assert.ok(first, 'the previous tests found no first tile');
    const loaded = wb.page.waitForEvent('load', { timeout: 60_000 });
    await wb.runCommand('Developer: Reload Window');
    await loaded;
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    // The gallery tab is there again (the serializer); show it in case it is not the active tab.
    const tab = wb.page.locator('.tabs-container .tab', { hasText: /^synth/ });
    await tab.first().waitFor({ timeout: 60_000 });
    await tab.first().click();
    const frame = await gallery(`.tile[data-id="${first}"].review-ok`);
    assert.equal(await frame.getAttribute('.tile[data-position="0"]', 'data-id'), first);
    const badge = await frame.textContent(`.tile[data-id="${first}"] .badge.review`);
    assert.match(badge ?? '', /looks fine/i);
    assert.equal(await scanned(frame), corrupted.length, 'the flags after the reload');

    await wb.runCommand('Problems: Focus on Problems View');
    await expectProblems(corrupted.length - 1, 'the Problems count after the reload');
    assert.ok(existsSync(join(wb.workspace, 'synth/.symfold/review.json')));
  });
});
