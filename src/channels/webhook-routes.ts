/**
 * The channels' webhooks (issue 15): Zalo OA and Facebook Page post here. Bodies are taken as raw bytes — the
 * signature is over them — so the global control-character check (which would answer 400 and make Zalo and
 * Facebook retry for hours) does not see them; text is cleaned instead when it is stored (src/channels/text.ts).
 * A message is stored in the inbox before the answer (200 within Zalo's 2 s: filing it happens afterwards).
 * A forged or replayed request is refused 401 and stores nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError, errorResponses } from '../web/errors.js';
import { FacebookAdapter, type FacebookUpdate } from './facebook/adapter.js';
import { facebookSignatureValid, zaloSignatureValid } from './webhook-auth.js';
import { ZaloAdapter, zaloMaxEventAgeMs } from './zalo/adapter.js';

const Accepted = Type.Object({ received: Type.Integer({ minimum: 0 }) });
const rejected = (message: string) => new DomainError(401, 'WEBHOOK_SIGNATURE', message);
const channelOff = () => new DomainError(404, 'CHANNEL_OFF', 'Kênh này chưa được bật');

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Bodies of these routes stay Buffers: parsed by the channel after its signature check.
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded', 'text/plain'], { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => {
    done(null, body);
  });
  const rawOf = (body: unknown): Buffer => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

  app.post(
    '/zalo/webhook',
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: 'Zalo OA webhook (register this URL in the Zalo developer console); signed with X-ZEvent-Signature',
        headers: Type.Object({ 'x-zevent-signature': Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Accepted, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const adapter = app.channels.adapter('zalo');
      if (!(adapter instanceof ZaloAdapter)) throw channelOff();
      const raw = rawOf(request.body);
      const event = parseJson(raw) as { app_id?: unknown; timestamp?: unknown } | null;
      const timestamp = event && (typeof event.timestamp === 'string' || typeof event.timestamp === 'number') ? String(event.timestamp) : '';
      const valid = zaloSignatureValid(request.headers['x-zevent-signature'], {
        appId: adapter.settings.appId, rawBody: raw.toString('utf8'), timestamp, oaSecretKey: adapter.settings.oaSecretKey,
      });
      if (!event || !valid) throw rejected('Chữ ký X-ZEvent-Signature không hợp lệ');
      if (Math.abs(Date.now() - Number(timestamp)) > zaloMaxEventAgeMs) throw rejected('Sự kiện quá cũ (timestamp)');
      const message = ZaloAdapter.toInbound(event as Parameters<typeof ZaloAdapter.toInbound>[0]);
      if (!message) return { received: 0 };
      const { stored } = await app.channels.receive(message);
      return { received: stored ? 1 : 0 };
    },
  );

  app.get(
    '/facebook/webhook',
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: 'Facebook webhook verification: answers hub.challenge when hub.verify_token is ours',
        querystring: Type.Object({
          'hub.mode': Type.Optional(Type.String({ maxLength: 50 })),
          'hub.verify_token': Type.Optional(Type.String({ maxLength: 500 })),
          'hub.challenge': Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: Type.String({ maxLength: 500 }), ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const adapter = app.channels.adapter('facebook');
      if (!(adapter instanceof FacebookAdapter)) throw channelOff();
      const query = request.query;
      const token = Buffer.from(query['hub.verify_token'] ?? '');
      const ours = Buffer.from(adapter.settings.verifyToken);
      if (query['hub.mode'] !== 'subscribe' || token.length !== ours.length || !timingSafeEqual(token, ours)) {
        throw new DomainError(403, 'VERIFY_TOKEN', 'Mã xác minh không đúng');
      }
      return reply.type('text/plain').send(query['hub.challenge'] ?? '');
    },
  );

  app.post(
    '/facebook/webhook',
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: 'Facebook Page webhook (messages field); signed with X-Hub-Signature-256',
        headers: Type.Object({ 'x-hub-signature-256': Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Accepted, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const adapter = app.channels.adapter('facebook');
      if (!(adapter instanceof FacebookAdapter)) throw channelOff();
      const raw = rawOf(request.body);
      if (!facebookSignatureValid(request.headers['x-hub-signature-256'], raw, adapter.settings.appSecret)) {
        throw rejected('Chữ ký X-Hub-Signature-256 không hợp lệ');
      }
      const update = parseJson(raw) as FacebookUpdate | null;
      let received = 0;
      for (const message of update ? FacebookAdapter.toInbound(update) : []) {
        if ((await app.channels.receive(message)).stored) received += 1;
      }
      return { received };
    },
  );
};
