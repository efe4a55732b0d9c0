/**
 * The training dashboard: one webview panel that follows the latest training run and draws its
 * curves. The host owns the state (protocol/dashboard.ts) and sends a snapshot on every change,
 * so a panel opened mid-run, or hidden and shown again, draws the whole history at once.
 */
import * as vscode from 'vscode';
import type {
  DashboardState,
  FromDashboardMessage,
  ToDashboardMessage,
} from '../../protocol/dashboard';
import { MessageHandler } from '../../protocol/messaging';
import { webviewHtml, webviewOptions } from '../webview-html';
import { DASHBOARD_BODY } from './dashboard-markup';

export const DASHBOARD_VIEW_TYPE = 'symfold.trainingDashboard';

export class DashboardPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private messages: MessageHandler<ToDashboardMessage, FromDashboardMessage> | undefined;
  private state: DashboardState | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** The Stop button: cancels the run the dashboard shows. */
    private readonly onStop: () => void,
  ) {}

  /** Opens the panel (or brings it forward) without taking focus from the editor. */
  reveal(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'SymFold Training',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.extensionUri, []),
    );
    this.panel = panel;
    this.messages = new MessageHandler<ToDashboardMessage, FromDashboardMessage>(
      (m) => panel.webview.postMessage(m),
      (m) => this.onMessage(m),
    );
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri: this.extensionUri,
      title: 'SymFold Training',
      script: 'dashboard',
      style: 'dashboard.css',
      settings: { state: this.state ?? null },
      body: DASHBOARD_BODY,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.messages?.handleMessage(m)),
      panel.onDidDispose(() => {
        this.messages?.dispose();
        this.panel = undefined;
        this.messages = undefined;
      }),
    );
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  update(state: DashboardState): void {
    this.state = state;
    this.messages?.sendEvent({ type: 'state', state });
  }

  private onMessage(message: FromDashboardMessage): undefined {
    if (message.type === 'ready' && this.state) {
      this.messages?.sendEvent({ type: 'state', state: this.state });
    } else if (message.type === 'cancel') {
      this.onStop();
    }
    return undefined;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
