import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEvent, finishState, initialDashboardState } from '../../../src/protocol/dashboard';
import type { SymfoldEvent } from '../../../src/protocol/events';

const time = '2026-01-01T00:00:00Z';
const fold = (events: SymfoldEvent[]) =>
  events.reduce(applyEvent, initialDashboardState('ds', 'symfold train ds'));

test('start, epochs and done build the dashboard state', () => {
  const state = fold([
    {
      event: 'start',
      time,
      command: 'train',
      backend: 'wasm',
      fallbacks: ['webgpu: none'],
      config: { axis: 'lr' },
    },
    { event: 'batch', time, epoch: 1, batch: 1, batches: 4, loss: 0.9 },
    { event: 'epoch', time, epoch: 1, epochs: 2, loss: 0.5, valIoU: 0.6, valAsym: 0 },
    { event: 'checkpoint', time, epoch: 1, path: '/m/ckpt' },
    { event: 'epoch', time, epoch: 2, epochs: 2, loss: 0.3, valIoU: 0.7, valAsym: 0 },
    { event: 'done', time, path: '/m' },
  ]);
  assert.equal(state.status, 'done');
  assert.equal(state.backend, 'wasm');
  assert.deepEqual(state.fallbacks, ['webgpu: none']);
  assert.deepEqual(state.config, { axis: 'lr' });
  assert.equal(state.epochs, 2);
  assert.deepEqual(
    state.points.map((p) => [p.epoch, p.loss, p.valIoU]),
    [
      [1, 0.5, 0.6],
      [2, 0.3, 0.7],
    ],
  );
  assert.deepEqual(state.lastCheckpoint, { epoch: 1, path: '/m/ckpt' });
  assert.equal(state.resultPath, '/m');
  assert.equal(state.batch, undefined);
});

test('a repeated epoch (a resumed run) replaces its point; non-finite values are dropped', () => {
  const state = fold([
    { event: 'epoch', time, epoch: 2, epochs: 3, loss: 0.4 },
    { event: 'epoch', time, epoch: 1, epochs: 3, loss: 0.6, valIoU: Number.NaN },
    { event: 'epoch', time, epoch: 2, epochs: 3, loss: 0.35 },
    { event: 'epoch', time, epoch: 3, epochs: 3, loss: Number.POSITIVE_INFINITY },
  ]);
  assert.deepEqual(state.points, [
    { epoch: 1, loss: 0.6 },
    { epoch: 2, loss: 0.35 },
  ]);
});

test('cancelled and failed runs keep their points, and finishState never overrides the child', () => {
  const cancelled = fold([
    { event: 'epoch', time, epoch: 1, epochs: 5, loss: 0.5 },
    { event: 'done', time, cancelled: true },
  ]);
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(finishState(cancelled, { status: 'failed', error: 'x' }).status, 'cancelled');
  const killed = finishState(fold([{ event: 'epoch', time, epoch: 1, epochs: 5, loss: 0.5 }]), {
    status: 'failed',
    error: 'stopped by SIGKILL',
  });
  assert.equal(killed.status, 'failed');
  assert.equal(killed.error, 'stopped by SIGKILL');
  assert.equal(killed.points.length, 1);
});

test('warnings are kept, the oldest dropped beyond twenty', () => {
  const events: SymfoldEvent[] = Array.from({ length: 25 }, (_, i) => ({
    event: 'warning',
    time,
    message: `w${i}`,
  }));
  const state = fold(events);
  assert.equal(state.warnings.length, 20);
  assert.equal(state.warnings[0], 'w5');
});
