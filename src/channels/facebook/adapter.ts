/**
 * Facebook Page / Messenger (issue 15): messages in through the webhook (verify-token handshake on GET,
 * X-Hub-Signature-256 on POST), replies out through the Send API as RESPONSE messages — allowed within 24 hours of
 * the person's last message (the conversation API refuses later replies with 409 MESSAGING_WINDOW_CLOSED).
 */
import type { FastifyBaseLogger } from 'fastify';
import { attachmentSourceFrom, linkedAttachment, type AttachmentSource } from '../download.js';
import { requestJson } from '../http.js';
import { registerChannel, type AdapterContext } from '../plugin.js';
import { cleanText } from '../text.js';
import { ChannelSendError, HealthMark, type ChannelAdapter, type InboundAttachment, type InboundMessage, type OutboundMessage } from '../types.js';

export interface FacebookSettings {
  pageId: string;
  graphUrl: string;
  appSecret: string;
  verifyToken: string;
  pageAccessToken: string;
  timeoutMs: number;
}

interface MessagingEvent {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: { mid?: string; text?: string; is_echo?: boolean; attachments?: FacebookAttachment[] };
}

interface FacebookAttachment {
  type?: string;
  payload?: { url?: string; sticker_id?: number | string; title?: string } | null;
  title?: string;
  url?: string;
}

/** Where Messenger serves the files people send (the default allow-list; `attachmentHosts` replaces it). */
export const facebookAttachmentHosts = ['fbcdn.net', 'fbsbx.com'] as const;

/** A Messenger attachment as the inbox lists it: images and files downloaded later, video and audio refused, the rest a link. */
function toAttachment(a: FacebookAttachment, index: number): { file?: InboundAttachment; link?: string } {
  const url = a.payload?.url ?? a.url;
  const isSticker = a.type === 'sticker' || (a.type === 'image' && a.payload?.sticker_id !== undefined);
  if (!url || isSticker) return isSticker ? { link: '(nhãn dán)' } : {};
  if (a.type === 'image' || a.type === 'file') return { file: linkedAttachment(url, fileNameIn(url) ?? `${a.type === 'image' ? 'anh' : 'tep'}-facebook-${index + 1}`, a.type === 'image' ? 'image/*' : 'application/octet-stream', 0) };
  if (a.type === 'video' || a.type === 'audio') return { file: { fileName: `${a.type}-facebook-${index + 1}`, contentType: `${a.type}/*`, size: 0, refused: 'FILE_TYPE_NOT_ALLOWED' } };
  return { link: `[liên kết] ${cleanText(url, 1000)}` };
}

/** The file's name in a CDN link's path, when it has an extension (Messenger keeps a file's name there). */
function fileNameIn(url: string): string | null {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return /\.[A-Za-z0-9]{1,5}$/.test(last) ? last : null;
  } catch {
    return null;
  }
}

export interface FacebookUpdate {
  object?: string;
  entry?: Array<{ id?: string; time?: number; messaging?: MessagingEvent[] }>;
}

export class FacebookAdapter implements ChannelAdapter {
  readonly kind = 'facebook' as const;
  private readonly mark = new HealthMark();

  constructor(
    readonly settings: FacebookSettings,
    private readonly log: FastifyBaseLogger,
    readonly attachmentSource?: AttachmentSource,
  ) {}

  health() {
    return this.mark.get();
  }

  /** The citizens' messages of a webhook update (echoes of the Page's own messages and other events left out). */
  static toInbound(update: FacebookUpdate): InboundMessage[] {
    if (update.object !== 'page') return [];
    const messages: InboundMessage[] = [];
    for (const entry of (update.entry ?? []).slice(0, 100)) {
      for (const event of (entry.messaging ?? []).slice(0, 100)) {
        const message = event.message;
        const senderId = event.sender?.id;
        if (!message || message.is_echo || !message.mid || !senderId) continue;
        const parts = (message.attachments ?? []).slice(0, 50).map(toAttachment);
        messages.push({
          channel: 'facebook',
          externalId: cleanText(String(message.mid), 300),
          senderId: cleanText(String(senderId), 100),
          text: cleanText([message.text ?? '', ...parts.flatMap((p) => (p.link ? [p.link] : []))].filter((line) => line !== '').join('\n')),
          attachments: parts.flatMap((p) => (p.file ? [p.file] : [])),
          sentAt: new Date(Number(event.timestamp) || Date.now()).toISOString(),
        });
      }
    }
    return messages;
  }

  async send(message: OutboundMessage): Promise<{ externalId: string }> {
    let answer;
    try {
      answer = await requestJson(
        `${this.settings.graphUrl}/${encodeURIComponent(this.settings.pageId || 'me')}/messages?access_token=${encodeURIComponent(this.settings.pageAccessToken)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ recipient: { id: message.to }, messaging_type: 'RESPONSE', message: { text: message.body.slice(0, 2000) } }),
        },
        this.settings.timeoutMs,
      );
    } catch (error) {
      this.mark.set('failing', 'Graph API unreachable');
      throw error;
    }
    const body = (answer.body ?? {}) as { message_id?: string; error?: { code?: number; error_subcode?: number; message?: string } };
    if (answer.status === 200 && body.message_id) {
      this.mark.set('ok');
      return { externalId: body.message_id };
    }
    const code = body.error?.code ?? answer.status;
    // 190: the Page token is invalid or expired (an admin must set a new one); 4, 613: rate limited (retried).
    if (code === 190) this.mark.set('failing', 'page access token refused');
    const retryable = code === 4 || code === 613 || code === 2;
    const outsideWindow = code === 10 || body.error?.error_subcode === 2018278;
    throw new ChannelSendError(outsideWindow ? 'FACEBOOK_WINDOW_CLOSED' : `FACEBOOK_${code}`, retryable, cleanText(body.error?.message ?? 'send refused', 200));
  }
}

export function facebookAdapterFrom(context: AdapterContext): FacebookAdapter | null {
  const { config, secrets } = context.stored;
  const text = (name: string, fallback = '') => (typeof config[name] === 'string' && config[name] !== '' ? (config[name] as string) : fallback);
  if (!secrets.appSecret || !secrets.verifyToken || !secrets.pageAccessToken) return null;
  return new FacebookAdapter(
    {
      pageId: text('pageId'),
      graphUrl: text('graphUrl', 'https://graph.facebook.com/v21.0').replace(/\/$/, ''),
      appSecret: secrets.appSecret,
      verifyToken: secrets.verifyToken,
      pageAccessToken: secrets.pageAccessToken,
      timeoutMs: context.env.CHANNELS_HTTP_TIMEOUT_MS,
    },
    context.log,
    attachmentSourceFrom(context, facebookAttachmentHosts),
  );
}

registerChannel('facebook', facebookAdapterFrom);
