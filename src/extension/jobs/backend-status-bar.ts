/**
 * The status-bar entry that names the backend of the last training run (webgpu, wasm, …), with
 * a warning colour when it fell back from the backend the user asked for.
 */
import * as vscode from 'vscode';

const STATE_KEY = 'symfold.jobs.lastBackend';

interface LastBackend {
  backend: string;
  requested: string;
  fallbacks: string[];
}

export class BackendStatusBarEntry implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'symfold.backend',
    vscode.StatusBarAlignment.Right,
    100,
  );

  constructor(private readonly memento: vscode.Memento) {
    this.item.name = 'SymFold Backend';
    this.item.command = 'symfold.showTrainingDashboard';
    const last = memento.get<LastBackend>(STATE_KEY);
    if (last) this.render(last);
  }

  update(backend: string, requested: string, fallbacks: readonly string[]): void {
    const last = { backend, requested, fallbacks: [...fallbacks] };
    void this.memento.update(STATE_KEY, last);
    this.render(last);
  }

  private render({ backend, requested, fallbacks }: LastBackend): void {
    const fellBack = requested !== 'auto' && requested !== backend;
    this.item.text = `${fellBack ? '$(warning)' : '$(chip)'} ${backend}`;
    const tooltip = new vscode.MarkdownString(`**SymFold backend of the last run:** ${backend}`);
    if (requested !== 'auto') tooltip.appendMarkdown(`\n\nRequested: ${requested}`);
    for (const line of fallbacks) tooltip.appendMarkdown(`\n\n- ${escapeMarkdown(line)}`);
    tooltip.appendMarkdown('\n\nClick to open the training dashboard.');
    this.item.tooltip = tooltip;
    this.item.backgroundColor = fellBack
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-!|<>]/g, '\\$&');
}
