/**
 * The manifest is the contract VS Code reads before any code runs: workspace trust, the
 * extension kind, and every command a menu, key or walkthrough step points at.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  extensionKind: string[];
  capabilities: {
    untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] };
  };
  contributes: {
    commands: { command: string; title: string; category?: string; enablement?: string }[];
    menus: Record<string, { command?: string; when?: string }[]>;
    keybindings?: { command: string }[];
    walkthroughs: { steps: { description: string; completionEvents?: string[] }[] }[];
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
) as Manifest;
const commands = new Map(manifest.contributes.commands.map((c) => [c.command, c]));

test('jobs that run programs are disabled in untrusted workspaces; viewing and scoring are not', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  for (const id of ['symfold.train', 'symfold.predict', 'symfold.createDemoDataset']) {
    assert.match(commands.get(id)?.enablement ?? '', /isWorkspaceTrusted/, id);
  }
  for (const id of ['symfold.openDataset', 'symfold.scan', 'symfold.exportReport']) {
    assert.doesNotMatch(commands.get(id)?.enablement ?? '', /isWorkspaceTrusted/, id);
  }
  // Settings that name a program to run must not come from an untrusted folder's settings.
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
  for (const key of ['symfold.engine.command', 'symfold.engine.nodePath']) {
    assert.ok(restricted.includes(key), key);
    assert.ok(key in manifest.contributes.configuration.properties, key);
  }
  assert.deepEqual(manifest.extensionKind, ['workspace']);
});

test('every command a menu, key or walkthrough names is contributed, with a unique title', () => {
  const referenced = new Set<string>();
  for (const items of Object.values(manifest.contributes.menus)) {
    for (const item of items) if (item.command) referenced.add(item.command);
  }
  for (const k of manifest.contributes.keybindings ?? []) referenced.add(k.command);
  for (const w of manifest.contributes.walkthroughs) {
    for (const step of w.steps) {
      for (const m of step.description.matchAll(/\(command:([\w.]+)\)/g)) referenced.add(m[1]);
      for (const e of step.completionEvents ?? []) {
        if (e.startsWith('onCommand:')) referenced.add(e.slice('onCommand:'.length));
      }
    }
  }
  for (const id of referenced)
    assert.ok(commands.has(id), `${id} is referenced but not contributed`);
  const titles = manifest.contributes.commands.map((c) => `${c.category ?? ''}: ${c.title}`);
  assert.equal(new Set(titles).size, titles.length, 'two commands share a palette title');
});
