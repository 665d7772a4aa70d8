/**
 * Zalo Official Account (issue 15): messages in through the webhook (src/channels/webhook-routes.ts), replies out
 * through the OA messaging API ("tư vấn" messages, /v3.0/oa/message/cs). The access token lives about 25 hours;
 * an expired one is refreshed with the refresh token, which Zalo accepts once: the new pair is stored (sealed, in
 * one statement) before it is used, so a crash never leaves only the spent token.
 */
import type { FastifyBaseLogger } from 'fastify';
import { attachmentSourceFrom, linkedAttachment, type AttachmentSource } from '../download.js';
import { requestJson } from '../http.js';
import { registerChannel, type AdapterContext } from '../plugin.js';
import type { ChannelSecrets } from '../settings.js';
import { cleanText } from '../text.js';
import { ChannelSendError, HealthMark, type ChannelAdapter, type InboundMessage, type OutboundMessage } from '../types.js';

export interface ZaloSettings {
  appId: string;
  oaId: string;
  apiUrl: string;
  oauthUrl: string;
  oaSecretKey: string;
  appSecretKey: string;
  accessToken: string;
  refreshToken: string;
  timeoutMs: number;
}

/** Zalo's "access token invalid or expired" errors. */
const expiredTokenErrors = new Set([-216, -124, -220]);

/** A webhook event older than this is refused (replays); the inbox deduplicates those within it. */
export const zaloMaxEventAgeMs = 60 * 60_000;

interface ZaloEvent {
  app_id?: string;
  event_name?: string;
  timestamp?: string | number;
  sender?: { id?: string };
  recipient?: { id?: string };
  message?: { msg_id?: string; text?: string; attachments?: Array<{ type?: string; payload?: { url?: string; thumbnail?: string; name?: string; size?: string | number } }> };
}

/** Where Zalo serves the files users send (the default allow-list; `attachmentHosts` replaces it). */
export const zaloAttachmentHosts = ['zadn.vn', 'zdn.vn', 'zalo.me', 'zaloapp.com'] as const;

export class ZaloAdapter implements ChannelAdapter {
  readonly kind = 'zalo' as const;
  private readonly mark = new HealthMark();
  private refreshing: Promise<void> | null = null;

  constructor(
    readonly settings: ZaloSettings,
    private readonly saveSecrets: (patch: ChannelSecrets) => Promise<void>,
    private readonly log: FastifyBaseLogger,
    readonly attachmentSource?: AttachmentSource,
  ) {}

  health() {
    return this.mark.get();
  }

  /** The webhook event as an inbox message, or null for events that are not a citizen's message. */
  static toInbound(event: ZaloEvent): InboundMessage | null {
    const name = event.event_name ?? '';
    if (!['user_send_text', 'user_send_image', 'user_send_file', 'user_send_link', 'user_send_sticker'].includes(name)) return null;
    const senderId = event.sender?.id;
    const messageId = event.message?.msg_id;
    if (!senderId || !messageId) return null;
    // Images and files are downloaded when the message is processed (src/channels/download.ts); a shared link or a
    // sticker stays a link in the text.
    const all = (event.message?.attachments ?? []).slice(0, 50);
    const files = all.flatMap((a) => ((a.type === 'image' || a.type === 'file') && typeof a.payload?.url === 'string' ? [{ ...a, url: a.payload.url }] : []));
    const links = all.filter((a) => !files.some((f) => f.payload === a.payload)).slice(0, 10).map((a) => a.payload?.url).filter((u): u is string => typeof u === 'string');
    const text = [event.message?.text ?? '', ...links.map((u) => `[liên kết] ${cleanText(u, 1000)}`)].filter((line) => line !== '').join('\n');
    return {
      channel: 'zalo',
      externalId: cleanText(String(messageId), 200),
      senderId: cleanText(String(senderId), 100),
      text: cleanText(text),
      attachments: files.map((a) => linkedAttachment(a.url, String(a.payload?.name ?? (a.type === 'image' ? 'anh-zalo' : 'tep-zalo')), a.type === 'image' ? 'image/*' : 'application/octet-stream', a.payload?.size)),
      sentAt: new Date(Number(event.timestamp) || Date.now()).toISOString(),
    };
  }

  async send(message: OutboundMessage): Promise<{ externalId: string }> {
    if (!this.settings.accessToken) await this.refresh();
    let answer = await this.post(message);
    if (expiredTokenErrors.has(answer.error)) {
      await this.refresh();
      answer = await this.post(message);
    }
    if (answer.error !== 0) {
      this.mark.set(expiredTokenErrors.has(answer.error) ? 'failing' : 'ok', expiredTokenErrors.has(answer.error) ? 'access token refused' : undefined);
      // Zalo's business errors (user not following, outside the interaction window, bad request) are not retried.
      throw new ChannelSendError(`ZALO_${answer.error}`, expiredTokenErrors.has(answer.error), cleanText(answer.message, 200));
    }
    this.mark.set('ok');
    return { externalId: answer.messageId ?? `zalo-${message.id}` };
  }

  private async post(message: OutboundMessage): Promise<{ error: number; message: string; messageId?: string }> {
    try {
      const { body } = await requestJson(
        `${this.settings.apiUrl}/v3.0/oa/message/cs`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', access_token: this.settings.accessToken },
          body: JSON.stringify({ recipient: { user_id: message.to }, message: { text: message.body.slice(0, 2000) } }),
        },
        this.settings.timeoutMs,
      );
      const answer = (body ?? {}) as { error?: number; message?: string; data?: { message_id?: string } };
      return { error: typeof answer.error === 'number' ? answer.error : -1, message: answer.message ?? 'no answer', messageId: answer.data?.message_id };
    } catch (error) {
      this.mark.set('failing', 'Zalo API unreachable');
      throw error;
    }
  }

  /** One refresh at a time; the new tokens are stored before they are used. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    if (!this.settings.refreshToken) {
      this.mark.set('failing', 'no refresh token');
      throw new ChannelSendError('ZALO_NO_TOKEN', true, 'no refresh token: set one in /api/channels/zalo');
    }
    const { body } = await requestJson(
      `${this.settings.oauthUrl}/v4/oa/access_token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.settings.appSecretKey },
        body: new URLSearchParams({ refresh_token: this.settings.refreshToken, app_id: this.settings.appId, grant_type: 'refresh_token' }).toString(),
      },
      this.settings.timeoutMs,
    );
    const answer = (body ?? {}) as { access_token?: string; refresh_token?: string; error?: number; error_name?: string };
    if (!answer.access_token || !answer.refresh_token) {
      this.mark.set('failing', 'token refresh refused');
      this.log.error({ error: answer.error ?? null }, 'zalo token refresh refused');
      throw new ChannelSendError('ZALO_REFRESH_REFUSED', true, 'the refresh token was refused: set a new one in /api/channels/zalo');
    }
    // Stored first: the old refresh token is already spent.
    await this.saveSecrets({ accessToken: answer.access_token, refreshToken: answer.refresh_token });
    this.settings.accessToken = answer.access_token;
    this.settings.refreshToken = answer.refresh_token;
    this.log.info('zalo access token refreshed');
  }
}

export function zaloAdapterFrom(context: AdapterContext): ZaloAdapter | null {
  const { config, secrets } = context.stored;
  const text = (name: string, fallback = '') => (typeof config[name] === 'string' && config[name] !== '' ? (config[name] as string) : fallback);
  if (!text('appId') || !secrets.oaSecretKey) return null;
  return new ZaloAdapter(
    {
      appId: text('appId'),
      oaId: text('oaId'),
      apiUrl: text('apiUrl', 'https://openapi.zalo.me').replace(/\/$/, ''),
      oauthUrl: text('oauthUrl', 'https://oauth.zaloapp.com').replace(/\/$/, ''),
      oaSecretKey: secrets.oaSecretKey,
      appSecretKey: secrets.appSecretKey ?? '',
      accessToken: secrets.accessToken ?? '',
      refreshToken: secrets.refreshToken ?? '',
      timeoutMs: context.env.CHANNELS_HTTP_TIMEOUT_MS,
    },
    context.saveSecrets,
    context.log,
    attachmentSourceFrom(context, zaloAttachmentHosts),
  );
}

registerChannel('zalo', zaloAdapterFrom);
