import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from './cli-helpers';

const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
};

test('an unknown option is a usage error for every command: exit 2, the option named, no stack', () => {
  for (const command of ['scan', 'synth', 'train', 'predict']) {
    const r = runCli([command, 'somewhere', '--bogus']);
    assert.equal(r.code, 2, `${command}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`symfold ${command}: .*'--bogus'`), command);
    assert.match(r.stderr, /Usage: symfold/, command);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${command} printed a stack trace`);
  }
});

test('--help lists the commands, --version prints the version, an unknown command exits 2', () => {
  const help = runCli(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['scan', 'synth', 'train', 'predict', 'bench']) {
    assert.match(help.stdout, new RegExp(`^  ${command}\\s`, 'm'), command);
  }
  const v = runCli(['--version']);
  assert.equal(v.stdout.trim(), version);
  const unknown = runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});
