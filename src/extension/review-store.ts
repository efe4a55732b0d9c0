import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReviewState } from '../protocol/viewer';
import { REVIEW_STATES } from '../protocol/viewer';
import { writeFileAtomic } from '../io/atomic';

/**
 * `<dataset>/.symfold/review.json`: what a person decided about each sample. The viewer writes
 * it, the dataset views read it. Free of `vscode` so the CLI and tests can use it too.
 */
export interface Review {
  state: ReviewState;
  /** ISO 8601. */
  time: string;
}

export interface ReviewFile {
  version: 1;
  reviews: Record<string, Review>;
}

export interface Disposable {
  dispose(): void;
}

export function reviewFilePath(datasetRoot: string): string {
  return join(datasetRoot, '.symfold', 'review.json');
}

/** Parses review.json, naming the file in every complaint. */
export function parseReviewFile(text: string, file: string): ReviewFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  if (typeof json !== 'object' || json === null || (json as { version?: unknown }).version !== 1) {
    throw new Error(`${file}: expected { "version": 1, "reviews": { … } }`);
  }
  const reviews = (json as { reviews?: unknown }).reviews;
  if (typeof reviews !== 'object' || reviews === null || Array.isArray(reviews)) {
    throw new Error(`${file}: "reviews" must be an object keyed by sample id`);
  }
  const out: Record<string, Review> = {};
  for (const [id, value] of Object.entries(reviews)) {
    const r = value as Partial<Review> | null;
    if (!r || !REVIEW_STATES.includes(r.state as ReviewState) || typeof r.time !== 'string') {
      throw new Error(
        `${file}: review of '${id}' must be { "state": ${REVIEW_STATES.map((s) => `"${s}"`).join(' | ')}, "time": "…" }`,
      );
    }
    out[id] = { state: r.state as ReviewState, time: r.time };
  }
  return { version: 1, reviews: out };
}

export class ReviewStore {
  private static readonly stores = new Map<string, ReviewStore>();
  private readonly listeners = new Set<(ids: string[]) => void>();
  /** Writes run one after another, so two quick clicks never lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly datasetRoot: string) {}

  /** One store per dataset, so every view hears every change. */
  static for(datasetRoot: string): ReviewStore {
    let store = ReviewStore.stores.get(datasetRoot);
    if (!store) {
      store = new ReviewStore(datasetRoot);
      ReviewStore.stores.set(datasetRoot, store);
    }
    return store;
  }

  get file(): string {
    return reviewFilePath(this.datasetRoot);
  }

  onDidChange(listener: (ids: string[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The file as it is on disk now; a missing file is an empty review. */
  async read(): Promise<ReviewFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, reviews: {} };
      throw error;
    }
    return parseReviewFile(text, this.file);
  }

  async get(sampleId: string): Promise<ReviewState | undefined> {
    return (await this.read()).reviews[sampleId]?.state;
  }

  /** Sets (or with undefined, clears) a sample's review; re-reads first so edits by others survive. */
  set(sampleId: string, state: ReviewState | undefined, now = new Date()): Promise<ReviewFile> {
    const run = this.queue.then(async () => {
      const file = await this.read();
      if (state === undefined) delete file.reviews[sampleId];
      else file.reviews[sampleId] = { state, time: now.toISOString() };
      await mkdir(dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify(file, null, 2)}\n`);
      for (const listener of this.listeners) listener([sampleId]);
      return file;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
