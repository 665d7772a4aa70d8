/**
 * An email as the inbox wants it (issue 15): plain text (HTML sanitised to text by mailparser), quoted history
 * trimmed, threading ids; auto-replies, bounces and mailing lists ignored (RFC 3834 Auto-Submitted, Precedence,
 * delivery reports, mailer-daemon senders), so that two robots never answer each other for ever.
 */
import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { cleanText } from '../text.js';
import type { InboundMessage } from '../types.js';

export type ParsedEmail = { kind: 'message'; message: InboundMessage } | { kind: 'ignored'; reason: string };

const robotSender = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i;

function header(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value.toLowerCase();
  return String(value).toLowerCase();
}

/** Why this email must not be answered, or null. */
export function robotReason(mail: ParsedMail, from: string): string | null {
  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-submitted';
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(header(mail, 'precedence'))) return 'precedence';
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('list-id')) return 'auto-reply or list';
  if (header(mail, 'content-type').includes('multipart/report')) return 'delivery report';
  if (robotSender.test(from)) return 'robot sender';
  return null;
}

/** Cuts the quoted history of a reply: "> " lines and what follows "On … wrote:" / "Vào … đã viết:". */
export function trimQuoted(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (/^\s*(On .+ wrote:|Vào .+ đã viết:|-----\s*Original Message\s*-----|-----\s*Thư gốc\s*-----)\s*$/iu.test(line)) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function ids(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : value.split(/\s+/)).map((v) => v.trim()).filter((v) => v.startsWith('<') && v.length <= 500);
}

export function toInbound(mail: ParsedMail, ownAddress: string): ParsedEmail {
  const from = mail.from?.value[0];
  const address = from?.address?.toLowerCase();
  if (!address) return { kind: 'ignored', reason: 'no sender' };
  if (address === ownAddress.toLowerCase()) return { kind: 'ignored', reason: 'from ourselves' };
  const robot = robotReason(mail, address);
  if (robot) return { kind: 'ignored', reason: robot };
  const body = mail.text ?? '';
  const externalId = mail.messageId && mail.messageId.length <= 500
    ? mail.messageId
    : `<sha256-${createHash('sha256').update(`${address}\n${mail.date?.toISOString() ?? ''}\n${mail.subject ?? ''}\n${body}`).digest('hex')}@no-message-id>`;
  return {
    kind: 'message',
    message: {
      channel: 'email',
      externalId,
      senderId: address,
      senderName: from?.name ? cleanText(from.name, 200) : undefined,
      subject: mail.subject ? cleanText(mail.subject, 500) : undefined,
      text: cleanText(trimQuoted(body)),
      threadIds: [...ids(mail.inReplyTo), ...ids(mail.references)].slice(0, 50),
      attachments: mail.attachments.map((a) => ({ fileName: cleanText(a.filename ?? 'tep-dinh-kem', 200), contentType: a.contentType, size: a.size })),
      sentAt: (mail.date ?? new Date()).toISOString(),
    },
  };
}
