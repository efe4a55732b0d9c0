/**
 * Drives a real VS Code workbench (code-server + Debian chromium) for browser end-to-end tests.
 * Later features (the viewer, the gallery, the training dashboard) import this: one instance per
 * test file is started in `before` and shared by its tests, because starting costs seconds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from '../../vscode/browser';
import { repoRoot } from '../../vscode/cache';
import { startCodeServer, type CodeServer } from '../../vscode/server';

export const EXTENSION_ID = 'symfold.symfold';
export const RESULTS_DIR = join(repoRoot, 'test-results');

export interface WorkbenchOptions {
  /** Files to write into a fresh workspace folder, by relative path. */
  files?: Record<string, string | Uint8Array>;
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /**
   * The extension loaded as in development (default: this repository). `null` loads none, for a
   * test of an extension installed into `extensionsDir` from a .vsix.
   */
  extensionDevelopmentPath?: string | null;
  extensionsDir?: string;
  viewport?: { width: number; height: number };
}

export type Rgba = [number, number, number, number];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Polls `probe` until it returns a value other than undefined/false, or fails with `what`. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${detail}`);
}

export class Workbench {
  private constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
    /** The workspace folder on disk. */
    public workspace: string,
    private readonly options: WorkbenchOptions,
    private readonly ownedDirs: string[],
  ) {}

  static async open(options: WorkbenchOptions = {}): Promise<Workbench> {
    const server = await startCodeServer({
      settings: options.settings,
      extensionsDir: options.extensionsDir,
    });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({
        viewport: options.viewport ?? { width: 1280, height: 800 },
      });
      const workspace = Workbench.makeWorkspace(options.files ?? {});
      const workbench = new Workbench(server, browser, page, workspace, options, [workspace]);
      await workbench.openFolder(workspace);
      return workbench;
    } catch (error) {
      await browser?.close();
      await server.stop();
      throw error;
    }
  }

  /** A fresh temporary folder holding `files`; removed by close(). */
  static makeWorkspace(files: Record<string, string | Uint8Array>): string {
    const folder = mkdtempSync(join(tmpdir(), 'symfold-e2e-workspace-'));
    for (const [relative, content] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, relative)), { recursive: true });
      writeFileSync(join(folder, relative), content);
    }
    return folder;
  }

  /** Loads the workbench on another folder, reusing the server (a page load instead of a start). */
  async openFolder(folder: string): Promise<void> {
    const development =
      this.options.extensionDevelopmentPath === undefined
        ? repoRoot
        : this.options.extensionDevelopmentPath;
    const payload: Array<[string, string]> | undefined =
      development === null
        ? undefined
        : [['extensionDevelopmentPath', this.server.remoteUri(development)]];
    await this.page.goto(this.server.workbenchUrl(folder, payload));
    this.workspace = folder;
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the remote file system and the workspace are up.
    await this.page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  }

  /** Opens the command palette and runs the command whose label is exactly `label`. */
  async runCommand(label: string, timeoutMs = 60_000): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // Palette matching is fuzzy: take the row whose label is the whole label, nothing more.
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({
        has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
      })
      .first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${label}`);
      try {
        await row.waitFor({ state: 'visible', timeout: 3000 });
        await row.click();
        return;
      } catch (error) {
        // The palette lists the commands known when it opened; the extension may register later.
        const offered = await this.page
          .locator('.quick-input-list .monaco-list-row .label-name')
          .allTextContents();
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) {
          throw new Error(
            `the command palette has no "${label}"; it offers: ${offered.join(' | ') || 'nothing'}`,
            {
              cause: error,
            },
          );
        }
      }
    }
  }

  /** Waits for a quick-input box (e.g. from showInputBox), checks its prefilled value, accepts it. */
  async acceptInput(expectedValue?: string, typed?: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    if (expectedValue !== undefined) {
      await waitUntil(
        `the input box to show "${expectedValue}"`,
        async () => (await input.inputValue()) === expectedValue,
        15_000,
      );
    }
    if (typed !== undefined) await input.fill(typed);
    await input.press('Enter');
  }

  /**
   * Waits until the quick-input widget has closed. An input box with validateInput accepts only
   * after a round trip to the extension host; a key pressed before then (F1 for the palette)
   * replaces the box, which cancels the question and with it the command that asked.
   */
  async waitForQuickInputClosed(timeoutMs = 15_000): Promise<void> {
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /**
   * Waits for a notification whose message matches `text`, and returns its full message. It
   * looks in the notification center, because headless toasts can be hidden before they are seen.
   */
  async waitForNotification(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const matches = (message: string) =>
      typeof text === 'string' ? message.includes(text) : text.test(message);
    return waitUntil(
      `a notification matching ${String(text)}`,
      async () => {
        // The center closes when focus moves (e.g. to the Explorer), so reopen it as needed.
        if (!(await this.page.locator('.notifications-center').isVisible())) {
          await this.runCommand('Notifications: Show Notifications');
        }
        return (await this.notifications()).find(matches);
      },
      timeoutMs,
    );
  }

  /** All notification messages currently in the notification center. */
  async notifications(): Promise<string[]> {
    return this.page
      .locator('.notifications-center .notification-list-item-message')
      .allTextContents();
  }

  /**
   * The content frame of a webview of `extensionId` (its inner #active-frame). With
   * `contentSelector`, the first webview whose content has that element.
   */
  async waitForWebview(
    extensionId = EXTENSION_ID,
    contentSelector?: string,
    timeoutMs = 60_000,
  ): Promise<Frame> {
    const outer = this.page.locator(`iframe.webview[src*="extensionId=${extensionId}"]`);
    return waitUntil(
      `a webview of ${extensionId}${contentSelector ? ` containing ${contentSelector}` : ''}`,
      async () => {
        for (const handle of await outer.elementHandles()) {
          const hostFrame = await handle.contentFrame();
          const activeHandle = await hostFrame?.$('iframe#active-frame');
          const content = await activeHandle?.contentFrame();
          if (!content) continue;
          if (!contentSelector || (await content.$(contentSelector))) return content;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** RGBA of one pixel of a 2D canvas inside `frame`, in canvas (not CSS) pixels. */
  async readCanvasPixel(frame: Frame, selector: string, x: number, y: number): Promise<Rgba> {
    return frame.evaluate(
      ({ selector, x, y }) => {
        const canvas = document.querySelector(selector);
        if (!(canvas instanceof HTMLCanvasElement)) throw new Error(`${selector} is not a canvas`);
        const context = canvas.getContext('2d');
        if (!context) throw new Error(`${selector} has no 2d context`);
        const [r, g, b, a] = context.getImageData(x, y, 1, 1).data;
        return [r, g, b, a] as [number, number, number, number];
      },
      { selector, x, y },
    );
  }

  /** Saves a screenshot of the whole page as test-results/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    for (const dir of this.ownedDirs) rmSync(dir, { recursive: true, force: true });
  }
}
