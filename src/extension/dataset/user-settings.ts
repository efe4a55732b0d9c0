/** Reads `symfold.*` for the dataset features; checking happens in dataset-settings.ts. */
import * as vscode from 'vscode';
import { readViewerSettings } from '../viewer/viewer-settings';
import type { UserDatasetSettings } from './dataset-settings';
import type { ThumbStyle } from './thumbnails';

export function readUserSettings(root: string): UserDatasetSettings {
  const c = vscode.workspace.getConfiguration('symfold', vscode.Uri.file(root));
  return {
    axis: c.get('axis'),
    flagMode: c.get('flag.mode'),
    flagThreshold: c.get('flag.threshold'),
    madK: c.get('flag.madK'),
    labelSwap: c.get('labelSwap'),
    imagesFolder: c.get('folders.images'),
    masksFolder: c.get('folders.masks'),
    predictionsFolder: c.get('folders.predictions'),
  };
}

export const THUMB_SIZE = 128;

/** Thumbnails use the viewer's ground-truth colour and opacity, so both views look alike. */
export function readThumbStyle(maskThreshold: number | undefined): ThumbStyle {
  const gt = readViewerSettings().layers.gt;
  return {
    size: THUMB_SIZE,
    color: gt.color,
    opacity: Math.max(0.35, gt.opacity),
    ...(maskThreshold !== undefined ? { maskThreshold } : {}),
  };
}
