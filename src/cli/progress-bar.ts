/**
 * A one-line progress bar on stderr, drawn only on a terminal and at most ~10 times a second,
 * so piping the CLI into a file or the extension costs nothing.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 60));
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(fraction * width);
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const line =
      `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` +
      `${done}/${this.total} ${rate.toFixed(1)}/s` +
      (done < this.total ? ` eta ${eta.toFixed(0)}s` : ` ${elapsed.toFixed(1)}s`) +
      (detail ? ` ${detail}` : '');
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.enabled && this.drawn) this.stream.write('\n');
  }
}
