import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageHandler } from '../../../src/protocol/messaging';

type A =
  | { type: 'ping'; n: number }
  | { type: 'note' }
  | { type: 'pong'; n: number }
  | { type: 'error'; message: string };

/** Two handlers wired back to back, as host and webview are. */
function pair(onB: (m: A) => A | undefined | Promise<A | undefined>) {
  const wire: { a?: MessageHandler<A, A> } = {};
  const b: MessageHandler<A, A> = new MessageHandler<A, A>(
    (m) => void setImmediate(() => void wire.a?.handleMessage(m)),
    onB,
  );
  const a = (wire.a = new MessageHandler<A, A>(
    (m) => void setImmediate(() => void b.handleMessage(m)),
    () => undefined,
  ));
  return a;
}

test('a request resolves with the reply that names it', async () => {
  const a = pair((m) => (m.type === 'ping' ? { type: 'pong', n: m.n * 2 } : undefined));
  const [r1, r2] = await Promise.all([
    a.sendRequest<A>({ type: 'ping', n: 1 }),
    a.sendRequest<A>({ type: 'ping', n: 5 }),
  ]);
  assert.deepEqual([r1.type, (r1 as { n: number }).n, (r2 as { n: number }).n], ['pong', 2, 10]);
});

test('a thrown error reaches the requester as a rejection', async () => {
  const a = pair(() => {
    throw new Error('no dataset');
  });
  await assert.rejects(a.sendRequest({ type: 'ping', n: 1 }), /no dataset/);
});

test('a request the other side does not answer is rejected, not left hanging', async () => {
  const a = pair(() => undefined);
  await assert.rejects(a.sendRequest({ type: 'ping', n: 1 }), /no reply to 'ping'/);
});

test('events carry no id and get no reply; dispose rejects waiting requests', async () => {
  const posted: unknown[] = [];
  const h = new MessageHandler<A, A>(
    (m) => void posted.push(m),
    () => undefined,
  );
  h.sendEvent({ type: 'note' });
  assert.deepEqual(posted, [{ type: 'note' }]);
  const waiting = h.sendRequest({ type: 'ping', n: 3 });
  assert.deepEqual(posted[1], { type: 'ping', n: 3, messageId: 1 });
  h.dispose();
  await assert.rejects(waiting, /closed/);
  await h.handleMessage('not a message');
  await h.handleMessage({ type: 'pong', n: 1, inReplyTo: 99 });
});
