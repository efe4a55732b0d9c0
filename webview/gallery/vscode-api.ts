/** The webview side of VS Code: message posting and the state kept across reloads. */
export interface GalleryState {
  root: string;
  sort?: string;
  filters?: { flagged: boolean; unreviewed: boolean; needsFix: boolean };
  search?: string;
  scrollTop?: number;
}

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): GalleryState | undefined;
  setState(state: GalleryState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
