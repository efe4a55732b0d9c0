/**
 * Which axis, label swap and flag rule a dataset is scanned with: the user's `symfold.*`
 * settings, overridden by the dataset's own symfold.json, overridden in turn by a rule the user
 * set on that dataset in this window (the gallery's slider). Pure, so it is tested without VS Code.
 */
import { isAxis, type Axis } from '../../core/axis';
import { parseSwap, type DatasetConfig } from '../../core/dataset-config';
import { DEFAULT_FLAG_RULE, DEFAULT_MAD_K, type FlagRule } from '../../core/flags';
import type { ScanOptions } from '../../scan/scan-options';

/** `symfold.*` as read from the configuration, before any checking. */
export interface UserDatasetSettings {
  axis?: unknown;
  flagMode?: unknown;
  flagThreshold?: unknown;
  madK?: unknown;
  labelSwap?: unknown;
  imagesFolder?: unknown;
  masksFolder?: unknown;
  predictionsFolder?: unknown;
}

export interface ResolvedDatasetSettings {
  options: ScanOptions;
  rule: FlagRule;
  /** Where the axis came from, for messages like "axis lr (from symfold.json)". */
  axisSource: 'symfold.json' | 'settings';
  /** Folder names for the pairing, set in settings and not overridden by symfold.json. */
  folders: Pick<DatasetConfig, 'images' | 'masks' | 'preds'>;
  /** Settings that were wrong and were replaced by defaults; each names the setting. */
  warnings: string[];
}

const DEFAULT_THRESHOLD =
  DEFAULT_FLAG_RULE.mode === 'threshold' ? DEFAULT_FLAG_RULE.threshold : 0.05;

export function resolveDatasetSettings(
  user: UserDatasetSettings,
  config: DatasetConfig,
  override?: FlagRule,
): ResolvedDatasetSettings {
  const warnings: string[] = [];

  let axis: Axis = 'lr';
  let axisSource: ResolvedDatasetSettings['axisSource'] = 'settings';
  if (config.axis) {
    axis = config.axis;
    axisSource = 'symfold.json';
  } else if (isAxis(user.axis)) axis = user.axis;
  else if (user.axis !== undefined)
    warnings.push(`setting symfold.axis is ${JSON.stringify(user.axis)}: using lr`);

  const options: ScanOptions = { axis };
  const swapText =
    config.swap ??
    (typeof user.labelSwap === 'string' && user.labelSwap.trim() ? user.labelSwap : undefined);
  if (swapText) {
    try {
      const swap = parseSwap(swapText);
      if (swap.length) options.swap = swap;
    } catch (err) {
      warnings.push(`setting symfold.labelSwap ${(err as Error).message}: no label swap used`);
    }
  }
  if (config.threshold !== undefined) options.maskThreshold = config.threshold;

  const rule = override ?? flagRuleFrom(user, config, warnings);

  const folders: ResolvedDatasetSettings['folders'] = {};
  const namesFolders =
    config.images !== undefined || config.masks !== undefined || config.preds !== undefined;
  if (!namesFolders) {
    const folder = (value: unknown): string | undefined =>
      typeof value === 'string' && value.trim()
        ? value.trim().replace(/^\.\/+|\/+$/g, '')
        : undefined;
    const images = folder(user.imagesFolder);
    const masks = folder(user.masksFolder);
    const preds = folder(user.predictionsFolder);
    if (images !== undefined) folders.images = images;
    if (masks !== undefined) folders.masks = masks;
    if (preds !== undefined) folders.preds = preds;
  }
  return { options, rule, axisSource, folders, warnings };
}

function flagRuleFrom(
  user: UserDatasetSettings,
  config: DatasetConfig,
  warnings: string[],
): FlagRule {
  const mode = config.flag?.mode ?? user.flagMode;
  if (mode === 'mad') {
    const k = config.flag?.madK ?? user.madK;
    if (typeof k === 'number' && Number.isFinite(k) && k > 0) return { mode: 'mad', k };
    if (k !== undefined)
      warnings.push(`setting symfold.flag.madK is ${JSON.stringify(k)}: using ${DEFAULT_MAD_K}`);
    return { mode: 'mad', k: DEFAULT_MAD_K };
  }
  if (mode !== undefined && mode !== 'threshold') {
    warnings.push(`setting symfold.flag.mode is ${JSON.stringify(mode)}: using threshold`);
  }
  const threshold = config.flag?.threshold ?? user.flagThreshold;
  if (typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 0) {
    return { mode: 'threshold', threshold };
  }
  if (threshold !== undefined) {
    warnings.push(
      `setting symfold.flag.threshold is ${JSON.stringify(threshold)}: using ${DEFAULT_THRESHOLD}`,
    );
  }
  return { mode: 'threshold', threshold: DEFAULT_THRESHOLD };
}
