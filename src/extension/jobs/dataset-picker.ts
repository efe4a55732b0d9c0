/**
 * Finds the datasets and models in the workspace for the quick picks, and reads a dataset's
 * symfold.json for its axis and prediction folder.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DATASET_CONFIG_FILE,
  parseDatasetConfig,
  type DatasetConfig,
} from '../../core/dataset-config';
import { findDatasetRoot } from '../../io/dataset-files';

const IGNORED = '**/{node_modules,.git,.symfold,out,models,preds}/**';
const IMAGE_GLOB = '**/*.{png,jpg,jpeg,tif,tiff,bmp,webp,npy,npz}';
/** Enough files to see every dataset of a normal workspace without walking a huge one. */
const MAX_FILES = 3000;

/** Dataset roots under the workspace folders, nearest first (shortest path). */
export async function findDatasets(): Promise<string[]> {
  const [images, configs] = await Promise.all([
    vscode.workspace.findFiles(IMAGE_GLOB, IGNORED, MAX_FILES),
    vscode.workspace.findFiles(`**/${DATASET_CONFIG_FILE}`, IGNORED, 100),
  ]);
  const roots = new Set(configs.map((uri) => path.dirname(uri.fsPath)));
  // One probe per folder: every file of a folder has the same dataset root.
  const folders = new Map<string, string>();
  for (const uri of images) folders.set(path.dirname(uri.fsPath), uri.fsPath);
  const found = await Promise.all([...folders.values()].map((file) => findDatasetRoot(file)));
  for (const root of found) if (root) roots.add(root);
  return [...roots].sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/** Model folders (what `symfold train` wrote: symfold-model.json beside model.json), newest first. */
export async function findModels(): Promise<string[]> {
  const files = await vscode.workspace.findFiles(
    '**/symfold-model.json',
    '**/{node_modules,.git}/**',
    200,
  );
  const stats = await Promise.all(
    files.map(async (uri) => ({
      folder: path.dirname(uri.fsPath),
      stat: await vscode.workspace.fs.stat(uri),
    })),
  );
  return stats.sort((a, b) => b.stat.mtime - a.stat.mtime).map((s) => s.folder);
}

/** symfold.json of a dataset, or an empty config when there is none or it cannot be read. */
export async function readDatasetConfig(dataset: string): Promise<DatasetConfig> {
  const file = path.join(dataset, DATASET_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  try {
    return parseDatasetConfig(text, file).config;
  } catch (error) {
    void vscode.window.showWarningMessage(
      `SymFold ignores ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return {};
  }
}

/** A label relative to the workspace, for quick pick items. */
export function workspaceLabel(folder: string): string {
  const relative = vscode.workspace.asRelativePath(folder, true);
  return relative === '' ? path.basename(folder) : relative;
}
