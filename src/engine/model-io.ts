import * as tf from '@tensorflow/tfjs';
import { readFile, rm, readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic';
import type { NetworkConfig } from './network';
import type { Normalisation } from './data';

/*
 * Models on disk in the TF.js layers format (model.json + weights.bin, loadable by any TF.js
 * runtime), written through an IOHandler of our own: tf's file:// handler lives in tfjs-node,
 * which is an optional dependency, and ours writes every file atomically.
 */

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const META_FILE = 'symfold-model.json';
export const META_FORMAT = 'symfold-model';
export const META_VERSION = 1;

/** What predict needs beyond the weights: how to fold, pad and normalise, and how it was trained. */
export interface ModelMeta {
  format: typeof META_FORMAT;
  version: number;
  network: NetworkConfig;
  axis: NetworkConfig['axis'];
  fold: NetworkConfig['fold'];
  input: {
    channels: number;
    /** Network inputs are padded to multiples of this (2^(depth−1)). */
    sizeMultiple: number;
    /** 'pad': images keep their size; a number: they were resized to size×size. */
    resize?: [number, number];
    /** The largest frame seen in training, for reference. */
    trainedFrame: [number, number];
  };
  normalisation: Normalisation;
  /** Binary segmentation: one foreground class. */
  classes: number;
  threshold: number;
  config: Record<string, unknown>;
  metrics: Record<string, number>;
  epochs: number;
  backend: string;
  createdAt: string;
}

function joinWeights(data: tf.io.WeightData): Uint8Array {
  const buffer = Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
  return new Uint8Array(buffer);
}

/** Saves model.json and weights.bin into `dir`, each atomically. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightSpecs || artifacts.weightData === undefined)
        throw new Error('the model has no weights to save');
      const weights = joinWeights(artifacts.weightData);
      await writeFileAtomic(path.join(dir, WEIGHTS_FILE), weights);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeFileAtomic(path.join(dir, MODEL_FILE), JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      };
    }),
  );
}

export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const modelPath = path.join(dir, MODEL_FILE);
  let json: {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    format?: string;
  };
  try {
    json = JSON.parse(await readFile(modelPath, 'utf8'));
  } catch (error) {
    throw new Error(`${modelPath}: cannot read the model (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest))
    throw new Error(`${modelPath}: not a TF.js layers model`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const file of group.paths) {
      const bytes = await readFile(path.join(dir, file));
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
  }
  return tf.loadLayersModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: specs,
      weightData: tf.io.CompositeArrayBuffer.join(buffers),
      format: json.format,
    }),
  });
}

export async function writeMeta(dir: string, meta: ModelMeta): Promise<void> {
  await writeFileAtomic(path.join(dir, META_FILE), JSON.stringify(meta, null, 2) + '\n');
}

export async function readMeta(dir: string): Promise<ModelMeta> {
  const file = path.join(dir, META_FILE);
  let meta: ModelMeta;
  try {
    meta = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file}: cannot read the model description (${(error as Error).message}); is ${dir} a symfold model folder?`,
      { cause: error },
    );
  }
  if (meta.format !== META_FORMAT) throw new Error(`${file}: not a symfold model description`);
  if (meta.version > META_VERSION)
    throw new Error(`${file}: written by a newer symfold (format ${meta.version}); update symfold`);
  return meta;
}

/** Optimizer state (Adam moments, iteration count) as one binary file plus its specs. */
export async function saveOptimizer(
  optimizer: tf.Optimizer,
  file: string,
): Promise<tf.io.WeightsManifestEntry[]> {
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights);
  await writeFileAtomic(file, joinWeights(data));
  return specs;
}

export async function loadOptimizer(
  optimizer: tf.Optimizer,
  file: string,
  specs: tf.io.WeightsManifestEntry[],
): Promise<void> {
  const bytes = await readFile(file);
  const map = tf.io.decodeWeights(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    specs,
  );
  await optimizer.setWeights(specs.map((s) => ({ name: s.name, tensor: map[s.name] })));
}

/** Removes checkpoint folders other than `keep` (older epochs). */
export async function pruneCheckpoints(root: string, keep: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (name.startsWith('checkpoint-') && name !== keep)
      await rm(path.join(root, name), { recursive: true, force: true });
  }
}
