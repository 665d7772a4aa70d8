/**
 * The email channel (issue 15): IMAP in with imapflow — IDLE when the server offers it, a check every
 * CHANNELS_EMAIL_POLL_SECONDS besides — and SMTP out with nodemailer. A message is flagged \Seen only after the
 * inbox has stored it, so a crash in between reads it again (and the inbox, idempotent on Message-ID, keeps one).
 * Outbound Message-IDs are made from the outbox row id: a resend after a crash is the same message.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import { retryDelayMs } from '../../outbox/backoff.js';
import { registerChannel, type AdapterContext } from '../plugin.js';
import { AttachmentStore } from '../../attachments/store.js';
import { keepAttachment, maxAttachmentsPerMessage, tooMany } from '../attachments.js';
import { ChannelSendError, HealthMark, type ChannelAdapter, type InboundAttachment, type InboundMessage, type OutboundMessage } from '../types.js';
import { toInbound } from './parse.js';

export interface EmailSettings {
  address: string;
  fromName: string;
  imap: { host: string; port: number; secure: boolean; user: string; password: string; mailbox: string };
  smtp: { host: string; port: number; secure: boolean; user: string; password: string };
  pollSeconds: number;
  timeoutMs: number;
}

export class EmailAdapter implements ChannelAdapter {
  readonly kind = 'email' as const;
  private readonly mark = new HealthMark('ok', 'starting');
  private readonly transport: Transporter;
  private client: ImapFlow | null = null;
  private stopped = false;
  private checking: Promise<void> | null = null;
  private checkAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly domain: string;

  constructor(
    private readonly settings: EmailSettings,
    private readonly receive: (message: InboundMessage) => Promise<{ stored: boolean }>,
    private readonly log: FastifyBaseLogger,
    /** Checks and stores an attachment's bytes (src/channels/attachments.ts). */
    private readonly keep: (fileName: string, content: Buffer) => Promise<InboundAttachment> = async (fileName, content) => ({ fileName, contentType: 'application/octet-stream', size: content.length }),
  ) {
    this.domain = settings.address.split('@')[1] ?? 'localhost';
    this.transport = nodemailer.createTransport({
      host: settings.smtp.host,
      port: settings.smtp.port,
      secure: settings.smtp.secure,
      ...(settings.smtp.user ? { auth: { user: settings.smtp.user, pass: settings.smtp.password } } : {}),
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      // A plain-text SMTP relay on the hotline's LAN is allowed; STARTTLS is used whenever offered.
      tls: { rejectUnauthorized: true },
    });
  }

  health() {
    return this.mark.get();
  }

  /** The Message-ID of an outbound message: from its row id, so a repeated send is the same message. */
  messageIdFor(id: string): string {
    return `<${id}@${this.domain}>`;
  }

  async send(message: OutboundMessage): Promise<{ externalId: string }> {
    const messageId = this.messageIdFor(message.id);
    try {
      await this.transport.sendMail({
        from: { name: this.settings.fromName || 'Tổng đài 1022', address: this.settings.address },
        to: message.to,
        subject: message.subject ?? 'Tổng đài 1022',
        text: message.body,
        messageId,
        ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
        ...(message.references && message.references.length > 0 ? { references: message.references } : {}),
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      return { externalId: messageId };
    } catch (error) {
      const smtp = error as { responseCode?: number; code?: string; message?: string };
      // 5xx: the server refused this message for good (bad address, policy); anything else is retried.
      const permanent = typeof smtp.responseCode === 'number' && smtp.responseCode >= 500 && smtp.responseCode < 600;
      throw new ChannelSendError(smtp.responseCode ? `SMTP_${smtp.responseCode}` : (smtp.code ?? 'SMTP_ERROR'), !permanent, (smtp.message ?? 'smtp error').slice(0, 200));
    }
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.pollTimer = setInterval(() => this.check(), this.settings.pollSeconds * 1000);
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await this.checking?.catch(() => undefined);
    await client?.logout().catch(() => client.close());
    this.transport.close();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { imap } = this.settings;
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      connectionTimeout: this.settings.timeoutMs,
      // IDLE is restarted at least this often, a check each time: the polling fallback for servers without IDLE.
      maxIdleTime: this.settings.pollSeconds * 1000,
    });
    client.on('exists', () => this.check());
    client.on('error', (error: unknown) => this.log.warn({ err: error }, 'imap error'));
    client.on('close', () => {
      if (this.client === client) {
        this.client = null;
        this.scheduleReconnect('connection closed');
      }
    });
    try {
      await client.connect();
      await client.mailboxOpen(imap.mailbox || 'INBOX');
      this.client = client;
      this.failures = 0;
      this.mark.set('ok');
      this.log.info('imap connected');
      this.check();
    } catch (error) {
      this.log.warn({ err: error }, 'imap connection failed');
      client.close();
      this.scheduleReconnect('IMAP connection failed');
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped) return;
    this.failures += 1;
    this.mark.set('failing', reason);
    const delay = retryDelayMs(this.failures, { baseMs: 1000, maxMs: 60_000 });
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  /** Reads the unseen messages, one check at a time; a check asked for while one runs makes one more. */
  check(): void {
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = (async () => {
      do {
        this.checkAgain = false;
        await this.readUnseen();
      } while (this.checkAgain && !this.stopped);
    })()
      .catch((error: unknown) => {
        this.mark.set('failing', 'IMAP read failed');
        this.log.warn({ err: error }, 'imap check failed');
      })
      .finally(() => {
        this.checking = null;
      });
  }

  /** Resolves when the running check (if any) is over (tests). */
  async settled(): Promise<void> {
    while (this.checking) await this.checking;
  }

  private async readUnseen(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      const fetched = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!fetched || !fetched.source) continue;
      const mail = await simpleParser(fetched.source);
      const parsed = toInbound(mail, this.settings.address);
      if (parsed.kind === 'message') {
        const kept: InboundAttachment[] = [];
        for (const [index, attachment] of mail.attachments.entries()) {
          const fileName = attachment.filename ?? 'tep-dinh-kem';
          kept.push(index < maxAttachmentsPerMessage ? await this.keep(fileName, attachment.content) : tooMany(fileName, attachment.contentType, attachment.size));
        }
        await this.receive({ ...parsed.message, attachments: kept });
      }
      else this.log.info({ reason: parsed.reason }, 'email ignored');
      // Only now: the inbox has it (or it is to be ignored).
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
    this.mark.set('ok');
  }
}

/** The adapter from the stored settings; null when something needed is missing. */
export function emailAdapterFrom(context: AdapterContext): EmailAdapter | null {
  const { config, secrets } = context.stored;
  const text = (name: string) => (typeof config[name] === 'string' ? (config[name] as string) : '');
  const number = (name: string, fallback: number) => (typeof config[name] === 'number' ? (config[name] as number) : fallback);
  const flag = (name: string, fallback: boolean) => (typeof config[name] === 'boolean' ? (config[name] as boolean) : fallback);
  if (!text('address') || !text('imapHost') || !text('smtpHost') || !text('imapUser') || !secrets.imapPassword) return null;
  const imapSecure = flag('imapSecure', true);
  const shelf = { store: new AttachmentStore(context.env.DATA_DIR), maxBytes: context.env.ATTACHMENT_MAX_BYTES };
  const smtpSecure = flag('smtpSecure', false);
  return new EmailAdapter(
    {
      address: text('address'),
      fromName: text('fromName'),
      imap: { host: text('imapHost'), port: number('imapPort', imapSecure ? 993 : 143), secure: imapSecure, user: text('imapUser'), password: secrets.imapPassword, mailbox: text('mailbox') || 'INBOX' },
      smtp: { host: text('smtpHost'), port: number('smtpPort', smtpSecure ? 465 : 587), secure: smtpSecure, user: text('smtpUser'), password: secrets.smtpPassword ?? '' },
      pollSeconds: context.env.CHANNELS_EMAIL_POLL_SECONDS,
      timeoutMs: context.env.CHANNELS_HTTP_TIMEOUT_MS,
    },
    context.receive,
    context.log,
    (fileName, content) => keepAttachment(shelf, fileName, content),
  );
}

registerChannel('email', emailAdapterFrom);
