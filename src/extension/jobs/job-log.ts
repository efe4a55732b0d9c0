/**
 * The "SymFold Jobs" output channel: the full log of every training and prediction job, one
 * readable line per event plus the child's stderr, so "Show Log" on a failure has the whole story.
 */
import * as vscode from 'vscode';
import type { SymfoldEvent } from '../../protocol/events';
import { describeEvent } from './job-messages';

export class JobLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('SymFold Jobs');

  line(text: string): void {
    this.channel.appendLine(text);
  }

  event(event: SymfoldEvent): void {
    this.channel.appendLine(`  ${describeEvent(event)}`);
  }

  /** Raw stderr chunks, kept as they came (they carry their own newlines). */
  stderr(chunk: string): void {
    this.channel.append(chunk);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
