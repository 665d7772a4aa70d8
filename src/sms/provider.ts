/** What the outbox worker needs from an SMS gateway. Tests and the dev provider implement it too. */
export interface SmsProvider {
  /** Stored in sms_messages.provider. */
  readonly name: string;
  /**
   * Hands one message to the gateway. `idempotencyKey` is the outbox row id: a gateway that has
   * already accepted that key must not send again (the worker may repeat a send after a crash).
   * Throws SmsSendError when the gateway refuses or cannot be reached.
   */
  send(message: SmsOutgoing): Promise<{ providerMessageId: string }>;
}

export interface SmsOutgoing {
  /** National form, 0xxxxxxxxx. */
  to: string;
  body: string;
  idempotencyKey: string;
  /** True when the body is not GSM-7 (Vietnamese with diacritics): gateways need the flag. */
  unicode: boolean;
}

/**
 * A failed send. `retryable`: the gateway was down, slow, rate limiting or out of credit — try
 * again later; otherwise (bad number, bad credentials, brandname refused) retrying cannot help.
 * The message never contains the phone number or the text.
 */
export class SmsSendError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}
