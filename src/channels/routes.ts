/**
 * Admins configure the written channels (issue 15): switch each on or off, set its settings and secrets. Secrets
 * are write-only: the API says which are set, never their values; the audit log records names, never values.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { errorResponses, badRequest } from '../web/errors.js';
import { DateTime, Nullable } from '../web/schemas.js';
import { ChannelKindSchema } from './schemas.js';
import { configNames, readChannel, saveChannel, secretNames, type ChannelConfig, type StoredChannel } from './settings.js';
import type { ChannelKind } from './types.js';

const SettingValue = Type.Union([Type.String({ maxLength: 500 }), Type.Integer({ minimum: 0, maximum: 65_535 }), Type.Boolean()]);
// Taken as text (ajv turns numbers and booleans into strings; a union would round a long numeric id such as Zalo's
// app id through a float), then brought to each setting's type.
const SettingInput = Type.String({ maxLength: 500 });

/** A value as its setting's type, or null when it cannot be one. */
function asSettingType(value: string | number | boolean, type: 'string' | 'integer' | 'boolean'): string | number | boolean | null {
  if (type === 'string') return String(value);
  if (type === 'integer') return typeof value === 'number' ? value : /^\d{1,5}$/.test(String(value)) ? Number(value) : null;
  if (typeof value === 'boolean') return value;
  return value === 'true' ? true : value === 'false' ? false : null;
}

export const ChannelView = Type.Object(
  {
    kind: ChannelKindSchema,
    enabled: Type.Boolean(),
    config: Type.Record(Type.String(), SettingValue),
    secretsSet: Type.Array(Type.String(), { description: 'the names of the secrets that are set (values are never shown)' }),
    secretsNeeded: Type.Array(Type.String()),
    webhookUrl: Nullable(Type.String({ description: 'what to register with Zalo or Facebook' })),
    health: Type.Object({ enabled: Type.Boolean(), state: Type.Enum(['off', 'ok', 'failing']), detail: Type.Optional(Type.String()), since: DateTime }),
    updatedAt: Nullable(DateTime),
  },
  { $id: 'ChannelView' },
);

const ChannelChangeBody = Type.Object(
  {
    enabled: Type.Boolean(),
    config: Type.Record(Type.String({ pattern: '^[A-Za-z]{1,40}$' }), SettingInput, { maxProperties: 20 }),
    secrets: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z]{1,40}$' }), Type.String({ maxLength: 4000 }), { maxProperties: 10, description: 'secrets to set; "" removes one; omitted ones are kept' }),
    ),
  },
  { additionalProperties: false },
);

const webhookPaths: Partial<Record<ChannelKind, string>> = { zalo: '/api/channels/zalo/webhook', facebook: '/api/channels/facebook/webhook' };

export const channelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const view = (stored: StoredChannel): Static<typeof ChannelView> => {
    const path = webhookPaths[stored.kind];
    return {
      kind: stored.kind,
      enabled: stored.enabled,
      config: stored.config,
      secretsSet: Object.keys(stored.secrets).filter((name) => secretNames[stored.kind].includes(name)),
      secretsNeeded: [...secretNames[stored.kind]],
      webhookUrl: path ? `${app.env.CHANNELS_PUBLIC_URL.replace(/\/$/, '')}${path}` : null,
      health: app.channels.health(stored.kind),
      updatedAt: stored.updatedAt?.toISOString() ?? null,
    };
  };

  app.get(
    '',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['channels'],
        summary: 'The written channels: on or off, settings, which secrets are set, webhook URL, health',
        response: { 200: Type.Object({ items: Type.Array(ChannelView) }), ...errorResponses(401, 403) },
      },
    },
    async () => {
      const items = [];
      for (const kind of ['email', 'zalo', 'facebook'] as const) items.push(view(await readChannel(app.db, app.channels.box, kind)));
      return { items };
    },
  );

  app.put(
    '/:kind',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['channels'],
        summary: 'Set a channel: on or off, its settings (replaced) and secrets (merged; encrypted at rest)',
        params: Type.Object({ kind: ChannelKindSchema }),
        body: ChannelChangeBody,
        response: { 200: ChannelView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const { kind } = request.params;
      const { enabled, config, secrets } = request.body;
      const known = configNames[kind];
      const clean: ChannelConfig = {};
      for (const [name, value] of Object.entries(config)) {
        const type = known[name];
        if (!type) throw badRequest('UNKNOWN_SETTING', `Kênh ${kind} không có thiết lập ${name}`);
        const typed = asSettingType(value, type);
        if (typed === null) throw badRequest('BAD_SETTING', `Thiết lập ${name} phải là ${type}`);
        clean[name] = typed;
      }
      for (const name of Object.keys(secrets ?? {})) {
        if (!secretNames[kind].includes(name)) throw badRequest('UNKNOWN_SECRET', `Kênh ${kind} không có thông tin bí mật ${name}`);
      }
      const before = await readChannel(app.db, app.channels.box, kind);
      const stored = await saveChannel(app.db, app.channels.box, kind, { enabled, config: clean, secrets }, request.principal!.id);
      const p = request.principal!;
      await recordAudit(app.db, {
        actor: { id: p.id, username: p.username, role: p.role },
        action: 'channel.update',
        entityType: 'channel',
        entityId: kind,
        ip: request.ip,
        details: { before: { enabled: before.enabled, config: before.config }, after: { enabled, config: clean }, secretsChanged: Object.keys(secrets ?? {}) },
      });
      await app.channels.reload(kind);
      return view(stored);
    },
  );
};
