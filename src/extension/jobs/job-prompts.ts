/**
 * The quick picks and input boxes of "Train Folding Network…" and "Predict Masks…". Each step
 * offers the last answer first (kept in workspaceState), then the setting's default, so pressing
 * Enter through the steps repeats the previous run.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AXES, AXIS_LABELS, isAxis, type Axis } from '../../core/axis';
import type { FoldMode } from '../../protocol/events';
import { findDatasets, findModels, readDatasetConfig, workspaceLabel } from './dataset-picker';
import {
  BACKENDS,
  FOLD_MODES,
  LOSS_CHOICES,
  parseWholeNumber,
  TRAIN_DEFAULTS,
  type BackendSetting,
} from './train-options';

const LAST_TRAIN_KEY = 'symfold.jobs.lastTrainAnswers';
const LAST_MODEL_KEY = 'symfold.jobs.lastModel';

/** What the person chose; the rest of TrainOptions comes from the settings. */
export interface TrainAnswers {
  dataset: string;
  axis: Axis;
  fold: FoldMode;
  epochs: number;
  size: number;
  loss: string;
  backend: BackendSetting;
}

const FOLD_DESCRIPTIONS: Record<FoldMode, string> = {
  fold: 'symmetric by construction, half the cost (recommended)',
  average: 'plain network, logits averaged with their mirror',
  penalty: 'plain network with an asymmetry penalty in the loss',
  none: 'plain network, for comparison',
};

/** Settings under symfold.train.* (and symfold.axis) with the built-in defaults where unset. */
export function trainSettings(): typeof TRAIN_DEFAULTS & { backend: BackendSetting } {
  const train = vscode.workspace.getConfiguration('symfold.train');
  const engine = vscode.workspace.getConfiguration('symfold.engine');
  const pick = <K extends keyof typeof TRAIN_DEFAULTS>(key: K) =>
    train.get<(typeof TRAIN_DEFAULTS)[K]>(key) ?? TRAIN_DEFAULTS[key];
  // The dataset views' axis setting; a dataset's symfold.json overrides it where it is read.
  const axis = vscode.workspace.getConfiguration('symfold').get<string>('axis');
  return {
    axis: isAxis(axis) ? axis : TRAIN_DEFAULTS.axis,
    fold: pick('fold'),
    epochs: pick('epochs'),
    size: pick('size'),
    batch: pick('batch'),
    loss: pick('loss'),
    lr: pick('lr'),
    val: pick('val'),
    seed: pick('seed'),
    backend: engine.get<BackendSetting>('backend') ?? 'auto',
  };
}

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** Puts `preferred` first so Enter takes it, and marks it. */
function ordered<T>(items: Item<T>[], preferred: T | undefined, mark: string): Item<T>[] {
  const index = items.findIndex((i) => i.value === preferred);
  if (index < 0) return items;
  const [first] = items.splice(index, 1);
  return [
    { ...first, description: [mark, first.description].filter(Boolean).join(' · ') },
    ...items,
  ];
}

async function pickOne<T>(
  title: string,
  placeHolder: string,
  items: Item<T>[],
): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    placeHolder,
    ignoreFocusOut: true,
  });
  return chosen?.value;
}

async function askNumber(
  title: string,
  prompt: string,
  value: number,
  min: number,
  max: number,
): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (t) => {
      const parsed = parseWholeNumber(t, min, max);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseWholeNumber(text, min, max);
  return 'value' in parsed ? parsed.value : undefined;
}

const BROWSE = Symbol('browse');

/** The dataset step, shared by Train and Predict. */
export async function pickDataset(
  title: string,
  last: string | undefined,
): Promise<string | undefined> {
  const found = await findDatasets();
  if (last && !found.includes(last)) found.unshift(last);
  const items: Item<string | typeof BROWSE>[] = found.map((folder) => ({
    label: workspaceLabel(folder),
    detail: folder,
    value: folder,
  }));
  items.push({ label: '$(folder-opened) Browse…', value: BROWSE, alwaysShow: true });
  const chosen = await pickOne(
    title,
    found.length
      ? 'Dataset folder (images/ and masks/)'
      : 'No dataset found in the workspace: browse for one',
    ordered(items, last, 'last used'),
  );
  if (chosen !== BROWSE) return chosen;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Use this dataset',
    title,
  });
  return picked?.[0]?.fsPath;
}

/**
 * Asks every training question. `external` trainers take only what the command template can
 * pass (dataset, axis, epochs), so the other steps are skipped for them.
 */
export async function askTrainAnswers(
  memento: vscode.Memento,
  external: boolean,
): Promise<TrainAnswers | undefined> {
  const settings = trainSettings();
  const last = memento.get<Partial<TrainAnswers>>(LAST_TRAIN_KEY) ?? {};
  const steps = external ? 3 : 7;
  let step = 0;
  const title = () => `SymFold: Train${external ? ' (external trainer)' : ''} (${++step}/${steps})`;

  const dataset = await pickDataset(title(), last.dataset);
  if (!dataset) return undefined;
  const config = await readDatasetConfig(dataset);
  const axisDefault =
    last.dataset === dataset && last.axis ? last.axis : (config.axis ?? settings.axis);
  const axis = await pickOne(
    title(),
    'Symmetry axis of the masks',
    ordered(
      AXES.map((a) => ({ label: a, description: AXIS_LABELS[a], value: a })),
      axisDefault,
      config.axis === axisDefault ? 'from symfold.json' : 'last used',
    ),
  );
  if (!axis) return undefined;
  let fold: FoldMode = last.fold ?? settings.fold;
  if (!external) {
    const chosen = await pickOne(
      title(),
      'Network',
      ordered(
        FOLD_MODES.map((f) => ({ label: f, description: FOLD_DESCRIPTIONS[f], value: f })),
        fold,
        'last used',
      ),
    );
    if (!chosen) return undefined;
    fold = chosen;
  }
  const epochs = await askNumber(title(), 'Epochs', last.epochs ?? settings.epochs, 1, 100_000);
  if (epochs === undefined) return undefined;
  let size = last.size ?? settings.size;
  let loss = last.loss ?? settings.loss;
  let backend: BackendSetting = last.backend ?? settings.backend;
  if (!external) {
    const chosenSize = await askNumber(
      title(),
      'Training size in pixels (images are padded or resized to it)',
      size,
      8,
      8192,
    );
    if (chosenSize === undefined) return undefined;
    size = chosenSize;
    const lossItems = [...new Set([loss, ...LOSS_CHOICES])].map((l) => ({ label: l, value: l }));
    const chosenLoss = await pickOne(title(), 'Loss', ordered(lossItems, loss, 'last used'));
    if (!chosenLoss) return undefined;
    loss = chosenLoss;
    const chosenBackend = await pickOne(
      title(),
      'Backend (auto picks the fastest that loads; a GPU that cannot load falls back with a warning)',
      ordered(
        BACKENDS.map((b) => ({ label: b, value: b })),
        backend,
        'last used',
      ),
    );
    if (!chosenBackend) return undefined;
    backend = chosenBackend;
  }
  const answers: TrainAnswers = { dataset, axis, fold, epochs, size, loss, backend };
  await memento.update(LAST_TRAIN_KEY, answers);
  return answers;
}

export type ResumeChoice = 'resume' | 'restart';

/** A model folder that holds a checkpoint: continue from it, or start over? */
export async function askResume(folder: string): Promise<ResumeChoice | undefined> {
  return pickOne(
    `SymFold: ${path.basename(folder)} has a checkpoint`,
    'Continue the earlier run?',
    [
      { label: 'Resume from the checkpoint', value: 'resume' as const },
      { label: 'Start over', description: 'the checkpoint is replaced', value: 'restart' as const },
    ],
  );
}

export function rememberModel(
  memento: vscode.Memento,
  model: string,
  dataset: string,
): Thenable<void> {
  return memento.update(LAST_MODEL_KEY, { model, dataset });
}

export async function askPredictAnswers(
  memento: vscode.Memento,
): Promise<{ model: string; dataset: string } | undefined> {
  const last = memento.get<{ model: string; dataset: string }>(LAST_MODEL_KEY);
  const models = await findModels();
  if (last && !models.includes(last.model)) models.unshift(last.model);
  const items: Item<string | typeof BROWSE>[] = models.map((m) => ({
    label: workspaceLabel(m),
    detail: m,
    value: m,
  }));
  items.push({ label: '$(folder-opened) Browse…', value: BROWSE, alwaysShow: true });
  let model = await pickOne(
    'SymFold: Predict (1/2)',
    models.length ? 'Model folder' : 'No trained model found in the workspace: browse for one',
    ordered(items, last?.model, 'last trained'),
  );
  if (model === BROWSE) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Use this model',
    });
    model = picked?.[0]?.fsPath;
  }
  if (!model) return undefined;
  const dataset = await pickDataset('SymFold: Predict (2/2)', last?.dataset);
  if (!dataset) return undefined;
  await rememberModel(memento, model, dataset);
  return { model, dataset };
}
