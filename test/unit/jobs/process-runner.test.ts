import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  runProcess,
  runningProcessCount,
  stopAllProcesses,
  type CancelSignal,
} from '../../../src/extension/jobs/process-runner';
import { expandCommandTemplate } from '../../../src/extension/jobs/command-template';

// From out/test/unit/jobs or test/unit/jobs alike: the fixture is never transpiled.
const fakeTrainer = resolve(
  __dirname,
  '..',
  '..',
  '..',
  ...(__dirname.includes('/out/') ? ['..'] : []),
  'test',
  'fixtures',
  'fake-trainer.js',
);

function cancelSource(): { token: CancelSignal; cancel(): void } {
  const listeners: Array<() => void> = [];
  let cancelled = false;
  return {
    token: {
      get isCancellationRequested() {
        return cancelled;
      },
      onCancellationRequested(listener) {
        listeners.push(listener);
        return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
      },
    },
    cancel() {
      cancelled = true;
      for (const l of [...listeners]) l();
    },
  };
}

function template(out: string, epochs: number, extra = ''): { command: string; args: string[] } {
  return expandCommandTemplate(
    `"${process.execPath}" "${fakeTrainer}" \${dataset} --axis \${axis} --out \${out} --epochs \${epochs} ${extra}`,
    { dataset: '/data/my ds', axis: 'lr', out, epochs: String(epochs) },
  );
}

test('an external trainer from the template streams its events and writes its model', async () => {
  const out = mkdtempSync(join(tmpdir(), 'symfold-ext-'));
  try {
    const { command, args } = template(out, 2, '--delay-ms 1');
    const seen: string[] = [];
    const result = await runProcess(command, args, { onEvent: (e) => seen.push(e.event) });
    assert.equal(result.code, 0, result.stderrTail);
    assert.equal(seen.filter((e) => e === 'epoch').length, 2);
    assert.equal(seen[0], 'start');
    assert.equal(seen.at(-1), 'done');
    const start = result.events[0];
    assert.ok(start.event === 'start' && start.config?.dataset === '/data/my ds');
    assert.ok(existsSync(join(out, 'model.json')));
    assert.match(result.stderrTail, /stderr noise/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('cancelling sends SIGTERM: the trainer keeps its checkpoint, and a resumed run continues from it', async () => {
  const out = mkdtempSync(join(tmpdir(), 'symfold-ext-'));
  try {
    const { command, args } = template(out, 50, '--delay-ms 20');
    const source = cancelSource();
    const first = await runProcess(command, args, {
      token: source.token,
      onEvent: (e) => {
        if (e.event === 'checkpoint' && e.epoch === 2) source.cancel();
      },
    });
    assert.equal(first.code, 0);
    const done = first.events.at(-1);
    assert.ok(done?.event === 'done' && done.cancelled === true);
    const saved = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')) as {
      epoch: number;
    };
    assert.ok(saved.epoch >= 2, `checkpoint at epoch ${saved.epoch}`);

    const resumed = template(out, saved.epoch + 1, '--delay-ms 1 --resume');
    const second = await runProcess(resumed.command, resumed.args);
    const epochs = second.events.flatMap((e) => (e.event === 'epoch' ? [e.epoch] : []));
    assert.deepEqual(epochs, [saved.epoch + 1]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a failing trainer returns its exit code and stderr; a missing program is a clear error', async () => {
  const out = mkdtempSync(join(tmpdir(), 'symfold-ext-'));
  try {
    const { command, args } = template(out, 3, '--delay-ms 1 --fail-at 2');
    const result = await runProcess(command, args);
    assert.equal(result.code, 3);
    assert.match(result.stderrTail, /CUDA out of memory at epoch 2/);
    await assert.rejects(
      runProcess('/no/such/trainer', []),
      /cannot start the trainer '\/no\/such\/trainer'/,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('stopAllProcesses stops a running trainer (the editor is closing)', async () => {
  const out = mkdtempSync(join(tmpdir(), 'symfold-ext-'));
  try {
    const { command, args } = template(out, 100, '--delay-ms 20');
    const started = new Promise<void>((r) => {
      void runProcess(command, args, { onEvent: (e) => e.event === 'start' && r() }).then((res) =>
        assert.ok(res.events.at(-1)?.event === 'done'),
      );
    });
    await started;
    assert.equal(runningProcessCount(), 1);
    await stopAllProcesses();
    assert.equal(runningProcessCount(), 0);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
