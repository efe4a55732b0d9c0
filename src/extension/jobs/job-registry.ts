/**
 * Which jobs are running, keyed by the folder they write to. Two jobs writing one model or
 * prediction folder would interleave checkpoints and files, so the second is refused.
 */
import * as path from 'node:path';

export interface JobInfo {
  /** 'Training', 'Prediction', … for messages. */
  kind: string;
  /** The folder the job writes to. */
  outputFolder: string;
  label: string;
  cancel(): void;
}

export interface JobClaim {
  readonly job: JobInfo;
  release(): void;
}

/** One spelling per folder: resolved, without a trailing separator, case-folded where the OS is. */
export function folderKey(folder: string, platform: NodeJS.Platform = process.platform): string {
  const resolved = path.resolve(folder).replace(/[\\/]+$/, '') || path.sep;
  return platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export class JobRegistry {
  private readonly jobs = new Map<string, JobInfo>();

  /** The running job that writes into `folder`, into a folder inside it, or a folder around it. */
  conflicting(folder: string): JobInfo | undefined {
    const key = folderKey(folder);
    for (const [other, job] of this.jobs) {
      if (isInside(key, other) || isInside(other, key)) return job;
    }
    return undefined;
  }

  /**
   * Claims the output folder for a job. Throws with a message naming the running job when the
   * folder is taken. The claim must be released when the job ends, however it ends.
   */
  claim(job: JobInfo): JobClaim {
    const taken = this.conflicting(job.outputFolder);
    if (taken) {
      throw new Error(
        `${taken.kind} "${taken.label}" is already writing to ${taken.outputFolder}. ` +
          'Wait for it to finish or cancel it before starting another job on that folder.',
      );
    }
    const key = folderKey(job.outputFolder);
    this.jobs.set(key, job);
    let released = false;
    return {
      job,
      release: () => {
        if (released) return;
        released = true;
        if (this.jobs.get(key) === job) this.jobs.delete(key);
      },
    };
  }

  get running(): JobInfo[] {
    return [...this.jobs.values()];
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) job.cancel();
  }
}
