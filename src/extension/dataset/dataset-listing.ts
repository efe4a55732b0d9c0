/**
 * Lists a dataset with the folder names from the user's settings applied: `symfold.json` names
 * win, then `symfold.folders.*`, then the built-in names (images/, masks/, preds/).
 */
import type { DatasetConfig } from '../../core/dataset-config';
import { pairFiles, type Pairing } from '../../core/pairing';
import { listDataset } from '../../io/dataset-files';
import type { ResolvedDatasetSettings } from './dataset-settings';

export interface SettledListing {
  pairing: Pairing;
  config: DatasetConfig;
  settings: ResolvedDatasetSettings;
  warnings: string[];
}

export async function listSamples(
  root: string,
  resolve: (config: DatasetConfig) => ResolvedDatasetSettings,
): Promise<SettledListing> {
  const listing = await listDataset(root);
  const config = listing.config ?? {};
  const settings = resolve(config);
  const folders = settings.folders;
  const hasFolders =
    folders.images !== undefined || folders.masks !== undefined || folders.preds !== undefined;
  const pairing = hasFolders
    ? pairFiles(listing.files, { ...config, ...folders })
    : listing.pairing;
  return { pairing, config, settings, warnings: listing.warnings };
}
