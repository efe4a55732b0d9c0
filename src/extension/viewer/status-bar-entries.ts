import * as vscode from 'vscode';

/**
 * One status-bar item that belongs to whichever viewer is active: shown while one is, hidden
 * otherwise, so two open viewers never fight over it.
 */
abstract class PreviewStatusBarEntry implements vscode.Disposable {
  private owner: unknown;
  protected readonly item: vscode.StatusBarItem;

  constructor(id: string, name: string, priority: number) {
    this.item = vscode.window.createStatusBarItem(id, vscode.StatusBarAlignment.Right, priority);
    this.item.name = name;
  }

  protected showFor(owner: unknown, text: string): void {
    this.owner = owner;
    this.item.text = text;
    this.item.show();
  }

  hide(owner: unknown): void {
    if (owner === this.owner) {
      this.item.hide();
      this.owner = undefined;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}

export class SizeStatusBarEntry extends PreviewStatusBarEntry {
  constructor() {
    super('symfold.viewer.size', vscode.l10n.t('Mask Viewer Size'), 101);
  }

  show(owner: unknown, width: number, height: number): void {
    this.showFor(owner, `${width}x${height}`);
  }
}

export class ZoomStatusBarEntry extends PreviewStatusBarEntry {
  constructor() {
    super('symfold.viewer.zoom', vscode.l10n.t('Mask Viewer Zoom'), 102);
    this.item.command = 'symfold.viewer.zoomFit';
    this.item.tooltip = vscode.l10n.t('Fit the image to the window');
  }

  show(owner: unknown, scale: number, fit: boolean): void {
    const percent = `${Math.round(scale * 100)}%`;
    this.showFor(owner, fit ? vscode.l10n.t('Whole Image ({0})', percent) : percent);
  }
}
