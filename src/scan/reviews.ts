/**
 * Reads the review states that the viewer and the gallery write to <dataset>/.symfold/review.json,
 * so `symfold scan` reports them too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReviewState } from '../core/scan-report';

export function reviewFilePath(root: string): string {
  return path.join(root, '.symfold', 'review.json');
}

const STATES: readonly ReviewState[] = ['ok', 'needs-fix', 'ignore'];

export async function readReviews(root: string): Promise<Map<string, ReviewState>> {
  let text: string;
  try {
    text = await fs.promises.readFile(reviewFilePath(root), 'utf8');
  } catch {
    return new Map();
  }
  const parsed = JSON.parse(text) as { reviews?: Record<string, { state?: string }> };
  const out = new Map<string, ReviewState>();
  for (const [id, entry] of Object.entries(parsed.reviews ?? {})) {
    if (STATES.includes(entry?.state as ReviewState)) out.set(id, entry.state as ReviewState);
  }
  return out;
}
