/**
 * The one shape every written channel has (issue 15): inbound messages are normalised into InboundMessage and
 * stored in the inbox; outbound messages leave through `send`. A new channel (ZNS, a chat widget) is one adapter.
 */
import type { AttachmentSource } from './download.js';

export const channelKinds = ['email', 'zalo', 'facebook'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** An attachment received with a message: its bytes stay out of the inbox row's JSON (R22: logs and payloads). */
export interface InboundAttachment {
  fileName: string;
  contentType: string;
  size: number;
  /** Kept in the attachment store (checked like an upload): becomes a ticket attachment when filed. */
  sha256?: string | undefined;
  /** Why it was not kept: FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED, TOO_MANY_FILES, HOST_NOT_ALLOWED, DOWNLOAD_REFUSED, DOWNLOAD_FAILED. */
  refused?: string | undefined;
  /** Zalo, Facebook: the channel's link to the file, downloaded when the message is processed (src/channels/download.ts). */
  url?: string | undefined;
}

/** A message as every channel delivers it to the inbox. */
export interface InboundMessage {
  channel: ChannelKind;
  /** The channel's own id of the message (email Message-ID, Zalo msg_id, Facebook mid): the inbox is idempotent on it. */
  externalId: string;
  /** Who wrote: email address, Zalo user id, Facebook page-scoped id. */
  senderId: string;
  senderName?: string | undefined;
  subject?: string | undefined;
  /** Plain text, HTML sanitised, quoted history trimmed, control characters removed. */
  text: string;
  /** Email: In-Reply-To and References, the ids of the messages it answers. */
  threadIds?: string[] | undefined;
  attachments?: InboundAttachment[] | undefined;
  /** ISO time the channel says it was sent. */
  sentAt: string;
}

/** A message to send on a conversation's channel. */
export interface OutboundMessage {
  /** The conversation message's id: stable across retries (email Message-ID is made from it). */
  id: string;
  to: string;
  body: string;
  subject?: string | undefined;
  /** Email threading: the message it answers and the thread's ids. */
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
}

/** A failed send: retryable (network, 5xx, rate limit, expired token) or not (recipient blocked, bad request). */
export class ChannelSendError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

export interface ChannelHealth {
  /** off: switched off or not configured; ok: last contact worked; failing: the last contact failed. */
  state: 'off' | 'ok' | 'failing';
  /** A short reason, never a secret nor personal data. */
  detail?: string | undefined;
  since: string;
}

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Sends one message; returns the channel's id for it. Throws ChannelSendError. */
  send(message: OutboundMessage): Promise<{ externalId: string }>;
  health(): ChannelHealth;
  /** Starts listening (the email adapter's IMAP loop); webhook channels have nothing to start. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Channels whose messages link to files (Zalo, Facebook): where and how those are downloaded. */
  readonly attachmentSource?: AttachmentSource | undefined;
}

/** What adapters hand inbound messages to: stored in the inbox, processed after commit. */
export type ReceiveInbound = (message: InboundMessage) => Promise<{ stored: boolean }>;

/** Health bookkeeping shared by the adapters. */
export class HealthMark {
  private value: ChannelHealth;

  constructor(state: ChannelHealth['state'] = 'ok', detail?: string) {
    this.value = { state, detail, since: new Date().toISOString() };
  }

  set(state: ChannelHealth['state'], detail?: string): void {
    if (state === this.value.state && detail === this.value.detail) return;
    this.value = { state, detail, since: new Date().toISOString() };
  }

  get(): ChannelHealth {
    return this.value;
  }
}
