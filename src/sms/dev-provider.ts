import type { SmsOutgoing, SmsProvider } from './provider.js';

/**
 * Development and test provider: sends nothing; the outbox row (status sent, provider 'dev') is the
 * only record. Keeps what it "sent" in memory, deduplicated on the idempotency key like a gateway.
 */
export class DevSmsProvider implements SmsProvider {
  readonly name = 'dev';
  readonly delivered = new Map<string, SmsOutgoing>();

  async send(message: SmsOutgoing): Promise<{ providerMessageId: string }> {
    if (!this.delivered.has(message.idempotencyKey)) this.delivered.set(message.idempotencyKey, message);
    return { providerMessageId: `dev-${message.idempotencyKey}` };
  }
}
