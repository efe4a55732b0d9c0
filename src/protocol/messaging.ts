/**
 * A small request/response layer over a webview's one-way postMessage, shared by the extension
 * host and the browser side of every SymFold webview. Events are fire-and-forget; a request
 * carries a `messageId` and its answer comes back as an ordinary message with `inReplyTo`.
 */

export interface Envelope {
  messageId?: number;
  inReplyTo?: number;
}

export interface ErrorReply {
  type: 'error';
  message: string;
}

type Post = (message: unknown) => void | Thenable<boolean> | Promise<unknown>;

interface Thenable<T> {
  then<R>(onfulfilled?: (value: T) => R): Thenable<R>;
}

/**
 * Answers an incoming request with a message of the other direction, or `undefined` for an
 * event that needs no answer. A thrown error goes back to the requester as an `error` reply.
 */
export type IncomingHandler<TFrom, TTo> = (
  message: TFrom,
) => Promise<TTo | undefined> | TTo | undefined;

export class MessageHandler<TTo extends { type: string }, TFrom extends { type: string }> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (m: TFrom) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly post: Post,
    private readonly onMessage: IncomingHandler<TFrom, TTo>,
  ) {}

  sendEvent(message: TTo): void {
    void this.post(message);
  }

  /** Sends a request and resolves with the reply whose `inReplyTo` names it. */
  sendRequest<TReply extends TFrom>(message: TTo): Promise<TReply> {
    const messageId = this.nextId++;
    return new Promise<TReply>((resolve, reject) => {
      this.pending.set(messageId, { resolve: resolve as (m: TFrom) => void, reject });
      void this.post({ ...message, messageId });
    });
  }

  /** Feed every raw message from the other side through here. */
  async handleMessage(raw: unknown): Promise<void> {
    if (!isTyped(raw)) return;
    const message = raw as TFrom & Envelope;
    if (message.inReplyTo !== undefined) {
      const waiter = this.pending.get(message.inReplyTo);
      if (!waiter) return;
      this.pending.delete(message.inReplyTo);
      if (message.type === 'error')
        waiter.reject(new Error((message as unknown as ErrorReply).message));
      else waiter.resolve(message);
      return;
    }
    let reply: TTo | undefined;
    try {
      reply = await this.onMessage(message);
    } catch (error) {
      if (message.messageId === undefined) throw error;
      const text = error instanceof Error ? error.message : String(error);
      void this.post({ type: 'error', message: text, inReplyTo: message.messageId });
      return;
    }
    if (message.messageId !== undefined) {
      if (reply === undefined) {
        // A request must always be answered, or its sender would wait forever.
        void this.post({
          type: 'error',
          message: `no reply to '${message.type}'`,
          inReplyTo: message.messageId,
        });
      } else {
        void this.post({ ...reply, inReplyTo: message.messageId });
      }
    }
  }

  /** Rejects every request still waiting, for when the other side goes away. */
  dispose(): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error('the webview was closed'));
    this.pending.clear();
  }
}

function isTyped(raw: unknown): raw is { type: string } {
  return (
    typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
  );
}
