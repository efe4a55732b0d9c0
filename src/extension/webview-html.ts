import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The HTML shell every SymFold webview shares: a strict Content-Security-Policy with a fresh
 * nonce, only local resources, and the settings in a <meta data-settings> tag so the page can
 * draw before any message round trip.
 */
export interface WebviewPage {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  title: string;
  /** Bundle under out/webview, e.g. 'viewer' for out/webview/viewer.js. */
  script: string;
  /** Stylesheet under media/, e.g. 'viewer.css'. */
  style: string;
  settings: unknown;
  /** Static markup of <body>, trusted: written by us, never from a file's content. */
  body: string;
}

export function webviewOptions(
  extensionUri: vscode.Uri,
  dataRoots: readonly vscode.Uri[],
): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'out', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
      ...dataRoots,
    ],
  };
}

export function webviewHtml(page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const { webview, extensionUri } = page;
  const script = webview.asWebviewUri(
    vscode.Uri.joinPath(extensionUri, 'out', 'webview', `${page.script}.js`),
  );
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.style));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} blob: data:`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `connect-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="symfold-settings" data-settings="${escapeAttribute(JSON.stringify(page.settings))}">
<link rel="stylesheet" href="${style}">
<title>${escapeAttribute(page.title)}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

export function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
