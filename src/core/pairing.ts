/**
 * Pairs a dataset's files into samples (image ↔ mask ↔ prediction) from their paths alone, so
 * the same rules serve the CLI, the tree view and tests without touching the disk.
 *
 * Three layouts: role folders (images/a.jpg ↔ masks/a.png ↔ preds/a.npy), role suffixes beside
 * the image (a.png, a_mask.png, a_pred.png), or folders named by symfold.json. Anything that
 * cannot be placed is reported with a reason, because a silently dropped file looks like a
 * missing sample to the user.
 */
import type { DatasetConfig } from './dataset-config';

export type Role = 'image' | 'mask' | 'pred';

export interface SampleRef {
  id: string;
  image?: string;
  mask?: string;
  pred?: string;
}

export interface Pairing {
  samples: SampleRef[];
  unmatched: { path: string; reason: string }[];
  layout: 'folders' | 'suffix' | 'config';
}

export const ROLE_FOLDER_NAMES: Readonly<Record<Role, readonly string[]>> = {
  image: ['images', 'imgs'],
  mask: ['masks', 'labels', 'gt', 'annotations'],
  pred: ['preds', 'predictions'],
};

/** Suffixes on the stem that mark a file beside its image; checked case-insensitively. */
export const ROLE_SUFFIXES: Readonly<Record<'mask' | 'pred', readonly string[]>> = {
  mask: ['_mask', '-mask', '_gt', '-gt', '_label', '-label'],
  pred: ['_pred', '-pred', '_prediction', '-prediction'],
};

export const DATASET_EXTENSIONS = [
  'png',
  'jpg',
  'jpeg',
  'tif',
  'tiff',
  'webp',
  'bmp',
  'gif',
  'npy',
  'npz',
] as const;

/**
 * When two files of one role share a stem, the first in this order is used: lossless formats
 * before lossy ones for images and masks (a JPEG mask has blurred labels), arrays first for
 * predictions (they keep the probabilities).
 */
const PREFERENCE: Record<Role, readonly string[]> = {
  image: ['png', 'tif', 'tiff', 'webp', 'bmp', 'npy', 'npz', 'jpg', 'jpeg', 'gif'],
  mask: ['png', 'npy', 'npz', 'tif', 'tiff', 'bmp', 'webp', 'gif', 'jpg', 'jpeg'],
  pred: ['npy', 'npz', 'png', 'tif', 'tiff', 'webp', 'bmp', 'gif', 'jpg', 'jpeg'],
};

const ROLE_PLURAL: Record<Role, string> = { image: 'images', mask: 'masks', pred: 'predictions' };

/** Files that belong to a dataset's bookkeeping, not its samples. */
export function isIgnoredDatasetFile(path: string): boolean {
  const segments = path.split('/');
  if (segments.some((s) => s.startsWith('.'))) return true;
  const base = segments[segments.length - 1].toLowerCase();
  return base === 'symfold.json' || base === 'corrupted.txt' || base.startsWith('readme');
}

export function isDatasetFile(path: string): boolean {
  return (DATASET_EXTENSIONS as readonly string[]).includes(extensionOf(path));
}

interface Placed {
  path: string;
  role: Role;
  id: string;
}

export function pairFiles(files: readonly string[], config?: DatasetConfig): Pairing {
  const unmatched: Pairing['unmatched'] = [];
  const folders = roleFolders(config);
  let usedFolder = false;
  const placed: Placed[] = [];

  for (const raw of files) {
    const path = raw.replace(/\\/g, '/').replace(/^\.\/+/, '');
    if (isIgnoredDatasetFile(path)) continue;
    if (!isDatasetFile(path)) {
      unmatched.push({ path, reason: 'not an image or array file' });
      continue;
    }
    const inFolder = placeByFolder(path, folders);
    if (inFolder) usedFolder = true;
    placed.push(inFolder ?? placeBySuffix(path));
  }

  const groups = new Map<string, Partial<Record<Role, string[]>>>();
  for (const p of placed) {
    const group = groups.get(p.id) ?? {};
    (group[p.role] ??= []).push(p.path);
    groups.set(p.id, group);
  }

  const samples: SampleRef[] = [];
  for (const [id, group] of groups) {
    const sample: SampleRef = { id };
    for (const role of ['image', 'mask', 'pred'] as const) {
      const paths = group[role];
      if (!paths) continue;
      const ordered = [...paths].sort((a, b) => preferenceCompare(role, a, b));
      sample[role] = ordered[0];
      if (ordered.length > 1) {
        const reason = `two ${ROLE_PLURAL[role]} share stem ${id}: ${ordered.join(', ')}`;
        for (const extra of ordered.slice(1)) unmatched.push({ path: extra, reason });
      }
    }
    if (sample.image === undefined && sample.mask === undefined) {
      unmatched.push({ path: sample.pred as string, reason: 'prediction with no image or mask' });
      continue;
    }
    samples.push(sample);
  }

  samples.sort((a, b) => naturalCompare(a.id, b.id));
  unmatched.sort((a, b) => naturalCompare(a.path, b.path));
  const configNamesFolders =
    config !== undefined &&
    (config.images !== undefined || config.masks !== undefined || config.preds !== undefined);
  const layout = configNamesFolders ? 'config' : usedFolder ? 'folders' : 'suffix';
  return { samples, unmatched, layout };
}

interface RoleFolders {
  /** Folders named by symfold.json: matched as path prefixes, longest first. */
  configured: { folder: string; role: Role }[];
  /** Default folder names still in force (a role named in the config drops its defaults). */
  byName: Map<string, Role>;
}

function roleFolders(config?: DatasetConfig): RoleFolders {
  const configured: RoleFolders['configured'] = [];
  const byName = new Map<string, Role>();
  const configKey: Record<Role, 'images' | 'masks' | 'preds'> = {
    image: 'images',
    mask: 'masks',
    pred: 'preds',
  };
  for (const role of ['image', 'mask', 'pred'] as const) {
    const folder = config?.[configKey[role]];
    if (folder !== undefined) configured.push({ folder, role });
    else for (const name of ROLE_FOLDER_NAMES[role]) byName.set(name, role);
  }
  configured.sort((a, b) => b.folder.length - a.folder.length);
  return { configured, byName };
}

function placeByFolder(path: string, folders: RoleFolders): Placed | undefined {
  for (const { folder, role } of folders.configured) {
    if (folder === '') continue;
    if (path.startsWith(folder + '/'))
      return { path, role, id: idWithin(path.slice(folder.length + 1), role) };
  }
  // A role folder may sit below a split folder (train/images, val/images); the split stays in the id.
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    const role = folders.byName.get(segments[i].toLowerCase());
    if (role) {
      const prefix = segments.slice(0, i).join('/');
      const rest = idWithin(segments.slice(i + 1).join('/'), role);
      return { path, role, id: prefix ? `${prefix}/${rest}` : rest };
    }
  }
  // A configured root folder ('' or '.') takes whatever no other folder claimed.
  const rootRole = folders.configured.find((f) => f.folder === '');
  if (rootRole) return { path, role: rootRole.role, id: idWithin(path, rootRole.role) };
  return undefined;
}

/** Inside a mask or prediction folder, masks/a_mask.png still pairs with images/a.png. */
function idWithin(relative: string, role: Role): string {
  const stem = stripExtension(relative);
  if (role === 'image') return stem;
  const cut = matchingSuffix(stem, ROLE_SUFFIXES[role]);
  return cut === undefined || cut === 0 ? stem : stem.slice(0, cut);
}

function placeBySuffix(path: string): Placed {
  const stem = stripExtension(path);
  const base = stem.slice(stem.lastIndexOf('/') + 1);
  for (const role of ['mask', 'pred'] as const) {
    const cut = matchingSuffix(base, ROLE_SUFFIXES[role]);
    // A file named only "_mask.png" has no stem to pair with, so it stays an image of its own.
    if (cut !== undefined && cut > 0) {
      return { path, role, id: stem.slice(0, stem.length - base.length + cut) };
    }
  }
  return { path, role: 'image', id: stem };
}

/** Index where the suffix starts, or undefined if the stem has none of them. */
function matchingSuffix(stem: string, suffixes: readonly string[]): number | undefined {
  const lower = stem.toLowerCase();
  for (const suffix of suffixes) {
    if (lower.endsWith(suffix)) return stem.length - suffix.length;
  }
  return undefined;
}

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function stripExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

function preferenceCompare(role: Role, a: string, b: string): number {
  const order = PREFERENCE[role];
  const rank = (p: string): number => {
    const i = order.indexOf(extensionOf(p));
    return i < 0 ? order.length : i;
  };
  return rank(a) - rank(b) || naturalCompare(a, b);
}

/**
 * Natural order: digit runs compare as numbers (img2 before img10), the rest case-insensitively,
 * with plain code-unit order as the final tie-break so the order is total and the same everywhere.
 */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === y) continue;
    const xDigits = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yDigits = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xDigits && yDigits) {
      const xs = x.replace(/^0+/, '');
      const ys = y.replace(/^0+/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    const xl = x.toLowerCase();
    const yl = y.toLowerCase();
    if (xl !== yl) return xl < yl ? -1 : 1;
  }
  if (ta.length !== tb.length) return ta.length - tb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
