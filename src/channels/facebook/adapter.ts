/**
 * Facebook Page / Messenger (issue 15): messages in through the webhook (verify-token handshake on GET,
 * X-Hub-Signature-256 on POST), replies out through the Send API as RESPONSE messages — allowed within 24 hours of
 * the person's last message (the conversation API refuses later replies with 409 MESSAGING_WINDOW_CLOSED).
 */
import type { FastifyBaseLogger } from 'fastify';
import { requestJson } from '../http.js';
import { registerChannel, type AdapterContext } from '../plugin.js';
import { cleanText } from '../text.js';
import { ChannelSendError, HealthMark, type ChannelAdapter, type InboundMessage, type OutboundMessage } from '../types.js';

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
  message?: { mid?: string; text?: string; is_echo?: boolean; attachments?: Array<{ type?: string; payload?: { url?: string } }> };
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
        const links = (message.attachments ?? []).slice(0, 10).map((a) => a.payload?.url).filter((u): u is string => typeof u === 'string');
        messages.push({
          channel: 'facebook',
          externalId: cleanText(String(message.mid), 300),
          senderId: cleanText(String(senderId), 100),
          text: cleanText([message.text ?? '', ...links.map((u) => `[tệp đính kèm] ${cleanText(u, 1000)}`)].join('\n')),
          attachments: (message.attachments ?? []).slice(0, 10).map((a) => ({ fileName: cleanText(String(a.type ?? 'tep'), 50), contentType: a.type === 'image' ? 'image/*' : 'application/octet-stream', size: 0 })),
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
  );
}

registerChannel('facebook', facebookAdapterFrom);
