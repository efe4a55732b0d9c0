import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  expandCommandTemplate,
  quoteForDisplay,
  splitCommandLine,
  TemplateError,
} from '../../../src/extension/jobs/command-template';

const values = { dataset: '/data/my set', axis: 'diag', out: "/runs/it's", epochs: '3' };

test('words split on whitespace, with single quotes, double quotes and backslashes', () => {
  assert.deepEqual(splitCommandLine('  python3   train.py  '), ['python3', 'train.py']);
  assert.deepEqual(splitCommandLine(`a 'b c' "d \\"e\\" f" g\\ h ''`), [
    'a',
    'b c',
    'd "e" f',
    'g h',
    '',
  ]);
  assert.deepEqual(splitCommandLine(`x'y'"z"`), ['xyz']);
});

test('placeholders are filled in after splitting, so paths with spaces stay one argument', () => {
  const { command, args } = expandCommandTemplate(
    'python3 train.py --data ${dataset} --axis ${axis} --out "${out}" --epochs ${epochs} --tag run-${axis}',
    values,
  );
  assert.equal(command, 'python3');
  assert.deepEqual(args, [
    'train.py',
    '--data',
    '/data/my set',
    '--axis',
    'diag',
    '--out',
    "/runs/it's",
    '--epochs',
    '3',
    '--tag',
    'run-diag',
  ]);
});

test('a value that looks like shell syntax is passed through literally', () => {
  const { args } = expandCommandTemplate('t ${dataset}', {
    ...values,
    dataset: '$(rm -rf ~); `x`',
  });
  assert.deepEqual(args, ['$(rm -rf ~); `x`']);
});

test('bad templates fail with a message that says what to do', () => {
  assert.throws(() => expandCommandTemplate('', values), /empty/);
  assert.throws(
    () => expandCommandTemplate('t ${dataste}', values),
    (e: Error) =>
      e instanceof TemplateError &&
      /unknown placeholder \$\{dataste\}.*\$\{dataset\}/.test(e.message),
  );
  assert.throws(() => splitCommandLine('python t.py | tee log'), /without a shell/);
  assert.throws(() => splitCommandLine('python "t.py'), /unclosed " quote/);
});

test('the display form quotes only what needs it', () => {
  assert.equal(
    quoteForDisplay(['node', '/a/b.js', 'my set', "it's"]),
    `node /a/b.js 'my set' 'it'\\''s'`,
  );
});
