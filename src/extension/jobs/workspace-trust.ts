/**
 * Training, prediction and the external trainer run programs, so Restricted Mode disables them.
 * The manifest already hides and disables the commands (enablement: isWorkspaceTrusted); this
 * is the message for the ways around it (a task, a walkthrough link, another extension's call).
 */
import * as vscode from 'vscode';

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Returns true when trusted; otherwise explains and offers the trust editor, and returns false. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  void vscode.window
    .showWarningMessage(
      `${action} runs programs on this machine, so SymFold disables it in Restricted Mode. ` +
        'Viewing masks and scoring still work. Trust this folder to train and predict.',
      manage,
    )
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

export const UNTRUSTED_MESSAGE =
  'SymFold does not run training, prediction or external trainers in Restricted Mode. Trust the workspace to run this task.';
