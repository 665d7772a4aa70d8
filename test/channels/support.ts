import type { ChannelSendError} from '../../src/channels/types.js';
import { HealthMark, type ChannelAdapter, type ChannelKind, type InboundMessage, type OutboundMessage } from '../../src/channels/types.js';
import type { TestApp } from '../helpers/app.js';

/** An adapter that records what it was asked to send; `failWith` makes the next sends fail. */
export class RecordingAdapter implements ChannelAdapter {
  readonly sent: OutboundMessage[] = [];
  failWith: ChannelSendError | null = null;
  private readonly mark = new HealthMark();

  constructor(readonly kind: ChannelKind) {}

  async send(message: OutboundMessage): Promise<{ externalId: string }> {
    if (this.failWith) throw this.failWith;
    this.sent.push(message);
    return { externalId: this.kind === 'email' ? `<${message.id}@test.invalid>` : `out-${message.id}` };
  }

  health() {
    return this.mark.get();
  }
}

let counter = 0;

export function inbound(channel: ChannelKind, overrides: Partial<InboundMessage> = {}): InboundMessage {
  counter += 1;
  return {
    channel,
    externalId: `m-${Date.now()}-${counter}`,
    senderId: 'user-1',
    text: 'Đèn đường trước nhà số 5 Lê Lợi bị hỏng',
    sentAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Receives a message and waits until it is filed and what it queued is sent. */
export async function deliver(t: TestApp, message: InboundMessage): Promise<{ stored: boolean }> {
  const result = await t.app.channels.receive(message);
  await settle(t);
  return result;
}

export async function settle(t: TestApp): Promise<void> {
  await t.app.channels.inbox.runOnce();
  await t.app.channels.outbox.runOnce();
}

/** Waits for a fact (not a time): polls `check` until it holds, or fails naming `what`. */
export async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
