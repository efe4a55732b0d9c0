import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Raster } from '../core/raster';
import { decodeFile, formatFromExtension } from '../io/decode';
import { listDataset, type DatasetListing } from '../io/dataset-files';
import type { Sample } from './data';

/*
 * Files → in-memory samples for training and prediction. Every failure names the file, since a
 * dataset of hundreds of files is otherwise hard to fix.
 */

/** Resizes to size (bilinear for images, nearest for masks) when --size was given. */
function resized(r: Raster, size: [number, number] | undefined, nearest: boolean): Raster {
  if (!size || (r.width === size[1] && r.height === size[0])) return r;
  return tf.tidy(() => {
    const t = tf.tensor3d(Float32Array.from(r.data), [r.height, r.width, r.channels]);
    const out = nearest
      ? tf.image.resizeNearestNeighbor(t, size)
      : tf.image.resizeBilinear(t, size);
    return {
      width: size[1],
      height: size[0],
      channels: r.channels,
      data: out.dataSync() as Float32Array,
    };
  });
}

export async function loadImage(file: string, size?: [number, number]): Promise<Raster> {
  const { raster } = await decodeFile(file, { role: 'image' });
  return resized(raster, size, false);
}

async function loadMask(
  file: string,
  image: Raster,
  imageFile: string,
  size?: [number, number],
): Promise<Uint8Array> {
  const { raster } = await decodeFile(file, { role: 'mask' });
  if (raster.channels !== 1)
    throw new Error(`${file}: a mask must have one channel, this one has ${raster.channels}`);
  const mask = resized(raster, size, true);
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new Error(
      `${file}: the mask is ${mask.width}×${mask.height} but its image ${imageFile} is ${image.width}×${image.height}`,
    );
  }
  return Uint8Array.from(mask.data, (v) => (v > 0 ? 1 : 0));
}

export interface LoadedDataset {
  listing: DatasetListing;
  samples: Sample[];
  /** Folders that hold the dataset's images and masks: never written to. */
  protectedDirs: string[];
}

/** Samples with both an image and a mask; samples missing either are reported, not silently dropped. */
export async function loadTrainingSet(
  root: string,
  size: [number, number] | undefined,
  warn: (message: string, file?: string) => void,
): Promise<LoadedDataset> {
  const listing = await listDataset(root);
  for (const w of listing.warnings) warn(w);
  const samples: Sample[] = [];
  const protectedDirs = new Set<string>();
  for (const ref of listing.pairing.samples) {
    if (!ref.image || !ref.mask) {
      warn(
        `sample ${ref.id} has no ${ref.image ? 'mask' : 'image'}; it is left out of training`,
        ref.image ?? ref.mask,
      );
      continue;
    }
    const imageFile = path.resolve(root, ref.image);
    const maskFile = path.resolve(root, ref.mask);
    protectedDirs.add(path.dirname(imageFile));
    protectedDirs.add(path.dirname(maskFile));
    const image = await loadImage(imageFile, size);
    samples.push({
      id: ref.id,
      image,
      mask: await loadMask(maskFile, image, imageFile, size),
      source: imageFile,
    });
  }
  if (samples.length === 0) throw new Error(`${root}: no sample has both an image and a mask`);
  return { listing, samples, protectedDirs: [...protectedDirs] };
}

/** The images to predict: a dataset folder's images, or every image file in a plain folder. */
export async function listImagesToPredict(
  input: string,
): Promise<{ files: string[]; protectedDirs: string[] }> {
  const listing = await listDataset(input).catch(() => undefined);
  const fromDataset =
    listing?.pairing.samples
      .filter((s) => s.image)
      .map((s) => path.resolve(input, s.image as string)) ?? [];
  const protectedDirs = new Set<string>();
  for (const s of listing?.pairing.samples ?? []) {
    if (s.image) protectedDirs.add(path.dirname(path.resolve(input, s.image)));
    if (s.mask) protectedDirs.add(path.dirname(path.resolve(input, s.mask)));
  }
  if (fromDataset.length > 0) return { files: fromDataset, protectedDirs: [...protectedDirs] };
  const names = await readdir(input).catch((error: Error) => {
    throw new Error(`${input}: cannot read the folder (${error.message})`, { cause: error });
  });
  const files = names
    .filter((n) => !n.startsWith('.') && formatFromExtension(n))
    .sort()
    .map((n) => path.join(input, n));
  if (files.length === 0)
    throw new Error(`${input}: no images found (neither a dataset nor a folder of image files)`);
  return { files, protectedDirs: [path.resolve(input)] };
}
