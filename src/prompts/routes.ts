import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { ivrMenus } from '../db/schema/index.js';
import { menuPromptUses } from '../ivr/prompt-use.js';
import { MenuDefinitionJson } from '../ivr/schemas.js';
import { requireRunnableDefinition } from '../ivr/service.js';
import { isSafePromptName } from '../ivr/validate.js';
import type { IvrMenuDefinition } from '../ivr/types.js';
import { callPrompts } from '../telephony/prompts.js';
import { DomainError, badRequest, errorResponses, notFound } from '../web/errors.js';
import { receiveOneFile } from '../web/multipart.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { toAsteriskWav } from './audio/convert.js';
import { AudioFormatError } from './audio/types.js';
import { generateDefaultPrompts } from './generate.js';
import { PromptLibrary, defaultPrompts, type PromptInfo } from './library.js';

const tags = ['prompts'];
const readers = ['admin', 'supervisor'] as const;
const PromptName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9_-]+(/[a-z0-9_-]+)*$',
  description: 'a prompt name as menus use it, e.g. vi/greeting (the file PROMPTS_DIR/vi/greeting.wav)',
});

const PromptView = Type.Object(
  {
    name: Type.String({ maxLength: 100 }),
    present: Type.Boolean({ description: 'a file exists: otherwise calls hear a built-in Asterisk sound' }),
    format: Nullable(Type.String({ maxLength: 10 })),
    sampleRate: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    channels: Nullable(Type.Integer({ minimum: 0, maximum: 64 })),
    durationSeconds: Nullable(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    sizeBytes: Nullable(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
    updatedAt: Nullable(DateTime),
    asteriskReady: Type.Boolean({ description: 'WAV 8 kHz mono 16-bit: played as is' }),
    isDefault: Type.Boolean({ description: 'one of the default Vietnamese prompts (scripts/prompts.vi.tsv), which can be regenerated' }),
    defaultText: Nullable(Type.String({ maxLength: 2000, description: 'what the default prompt says' })),
    usedBy: Type.Array(Type.Object({ menuId: Uuid, code: Type.String({ maxLength: 64 }), where: Type.Array(Type.String({ maxLength: 200 })) }), {
      description: 'menus that play it, and where',
    }),
  },
  { $id: 'Prompt', title: 'IVR prompt' },
);
type PromptView = Static<typeof PromptView>;

const MenuPrompts = Type.Object({
  items: Type.Array(Type.Object({ name: Type.String({ maxLength: 100 }), present: Type.Boolean(), where: Type.Array(Type.String({ maxLength: 200 })) })),
  missing: Type.Array(Type.String({ maxLength: 100 }), { description: 'prompt names the menu plays that have no file (the menu editor flags them)' }),
});

const multipartRequired = () => new DomainError(415, 'MULTIPART_REQUIRED', 'Cần gửi bản ghi dạng multipart/form-data, trong trường "file"');
const audioRejected = (reason: string) => new DomainError(415, 'AUDIO_NOT_SUPPORTED', `Không dùng được bản ghi: ${reason}`);
const tooLarge = (max: number) => new DomainError(413, 'FILE_TOO_LARGE', `Bản ghi vượt quá dung lượng cho phép (${Math.floor((max / 1024 / 1024) * 10) / 10} MB)`);

/**
 * IVR prompts (R3, R24): list them with their state, listen to one, upload a recording (converted to what Asterisk
 * plays), regenerate the default Vietnamese voice, and the prompts a menu (stored or draft) plays with those missing.
 * Uploads and regenerations are audited; the next call plays the new file (nothing cached).
 */
export const promptRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const library = new PromptLibrary(app.env.PROMPTS_DIR);
  const maxBytes = app.env.PROMPT_UPLOAD_MAX_BYTES;
  await app.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 2, parts: 3, fieldSize: 1024, headerPairs: 50 } });

  const status = async (names: Iterable<string>) => {
    const unique = [...new Set(names)];
    return new Map(await Promise.all(unique.map(async (n) => [n, await library.describe(n)] as const)));
  };

  const promptsOfMenu = async (definition: IvrMenuDefinition) => {
    const uses = menuPromptUses(definition);
    const infos = await status(uses.keys());
    const items = [...uses].map(([name, where]) => ({ name, present: infos.get(name)?.present ?? false, where }));
    return { items, missing: items.filter((i) => !i.present).map((i) => i.name) };
  };

  app.get(
    '/api/prompts',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Every prompt: the defaults, those menus play, and the files present; with their state',
        response: { 200: Type.Object({ items: Type.Array(PromptView), missing: Type.Integer({ minimum: 0, maximum: 100_000 }) }), ...errorResponses(401, 403) },
      },
    },
    async () => {
      const defaults = new Map(defaultPrompts().map((p) => [p.name, p.text]));
      const menus = await app.db.select({ id: ivrMenus.id, code: ivrMenus.code, definition: ivrMenus.definition }).from(ivrMenus);
      const usedBy = new Map<string, PromptView['usedBy']>();
      for (const menu of menus) {
        for (const [name, where] of menuPromptUses(menu.definition as IvrMenuDefinition)) {
          usedBy.set(name, [...(usedBy.get(name) ?? []), { menuId: menu.id, code: menu.code, where }]);
        }
      }
      const names = [...defaults.keys(), ...Object.values(callPrompts), ...usedBy.keys(), ...(await library.presentNames())];
      const infos = await status(names);
      const items = [...infos.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((info) => toView(info, defaults.get(info.name) ?? null, usedBy.get(info.name) ?? []));
      return { items, missing: items.filter((i) => !i.present).length };
    },
  );

  app.get(
    '/api/prompts/file',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Listen to a prompt (the file as Asterisk plays it, audio/wav)',
        querystring: Type.Object({ name: PromptName }),
        response: { 200: { description: 'The audio file', content: { 'audio/wav': { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) } } }, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = library.file(request.query.name);
      if (!file) throw notFound(`lời chào ${request.query.name}`);
      const type = file.endsWith('.wav') ? 'audio/wav' : 'application/octet-stream';
      return reply.header('content-type', type).header('cache-control', 'no-store').send(createReadStream(file));
    },
  );

  app.post(
    '/api/prompts/upload',
    {
      config: { access: ['admin'] },
      bodyLimit: maxBytes + 64 * 1024,
      schema: {
        tags,
        summary: 'Upload a recording for a prompt: converted to WAV 8 kHz mono 16-bit and played by the next call',
        description:
          'multipart/form-data with the recording in the field "file": WAV (PCM, float, A-law, µ-law), MP3, OGG Vorbis or OGG Opus, ' +
          'recognised by its bytes. Mixed to mono, resampled to 8 kHz, peak at -3 dBFS, written as PROMPTS_DIR/<name>.wav (replacing the ' +
          'file of that name). 413 over PROMPT_UPLOAD_MAX_BYTES, 415 for anything else or longer than PROMPT_MAX_SECONDS, 503 when PROMPTS_DIR is read-only.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ name: PromptName }),
        response: {
          200: Type.Object({
            prompt: PromptView,
            source: Type.Object({ kind: Type.String({ maxLength: 20 }), sampleRate: Type.Integer({ minimum: 1, maximum: 1_000_000 }), channels: Type.Integer({ minimum: 1, maximum: 64 }) }),
          }),
          ...errorResponses(400, 401, 403, 413, 415, 503),
        },
      },
    },
    async (request) => {
      const name = request.query.name;
      if (!isSafePromptName(name)) throw badRequest('INVALID_PROMPT_NAME', 'Tên lời chào không hợp lệ (ví dụ: vi/greeting)');
      if (!request.isMultipart()) throw multipartRequired();
      // One file and printable fields, like every upload (src/web/multipart.ts: a second file is 400 TOO_MANY_FILES).
      const { received: bytes } = await receiveOneFile(
        request,
        async (part) => {
          const read = await part.toBuffer().catch((error: unknown) => {
            if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
            throw error;
          });
          if (part.file.truncated || read.length > maxBytes) throw tooLarge(maxBytes);
          return read;
        },
        async () => undefined,
      );
      const converted = await toAsteriskWav(bytes, app.env.PROMPT_MAX_SECONDS).catch((error: unknown) => {
        if (error instanceof AudioFormatError) throw audioRejected(error.message);
        throw error;
      });
      const before = await library.describe(name);
      await library.save(name, converted.wav);
      const after = await library.describe(name);
      const summary = (info: PromptInfo, sha256?: string) =>
        info.present ? { present: true, format: info.format, sampleRate: info.sampleRate, durationSeconds: info.durationSeconds, sizeBytes: info.sizeBytes, ...(sha256 ? { sha256 } : {}) } : { present: false };
      await recordAudit(app.db, {
        actor: principalOf(request),
        action: 'prompt.upload',
        entityType: 'prompt',
        entityId: name,
        ip: request.ip,
        details: {
          fields: ['file'],
          before: summary(before),
          after: summary(after, createHash('sha256').update(converted.wav).digest('hex')),
          source: converted.source,
        },
      });
      request.log.info({ prompt: name, seconds: converted.durationSeconds, source: converted.source.kind }, 'prompt uploaded');
      const defaults = new Map(defaultPrompts().map((p) => [p.name, p.text]));
      return { prompt: toView(after, defaults.get(name) ?? null, []), source: converted.source };
    },
  );

  app.post(
    '/api/prompts/regenerate',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Regenerate the default Vietnamese voice prompts (espeak-ng + sox on the server)',
        description:
          'Without overwrite, only the missing default prompts are created (uploaded recordings are kept); with overwrite, the named ones ' +
          '(names required) are rebuilt from scripts/prompts.vi.tsv. 503 PROMPT_TOOLS_MISSING names the tools the server lacks.',
        body: Type.Object(
          {
            names: Type.Optional(Type.Array(PromptName, { maxItems: 200, uniqueItems: true, description: 'default prompts to make; all when absent' })),
            overwrite: Type.Optional(Type.Boolean({ default: false })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            created: Type.Integer({ minimum: 0, maximum: 10_000 }),
            updated: Type.Integer({ minimum: 0, maximum: 10_000 }),
            unchanged: Type.Integer({ minimum: 0, maximum: 10_000 }),
            kept: Type.Integer({ minimum: 0, maximum: 10_000 }),
            names: Type.Array(Type.String({ maxLength: 100 })),
          }),
          ...errorResponses(400, 401, 403, 409, 503),
        },
      },
    },
    async (request) => {
      const names = request.body.names ?? [];
      const overwrite = request.body.overwrite ?? false;
      const known = new Set(defaultPrompts().map((p) => p.name));
      const unknown = names.filter((n) => !known.has(n));
      if (unknown.length > 0) throw badRequest('NOT_A_DEFAULT_PROMPT', `Không phải lời chào mặc định: ${unknown.join(', ')}`);
      if (overwrite && names.length === 0) throw badRequest('NAMES_REQUIRED', 'Khi ghi đè, hãy chọn các lời chào cần tạo lại (names)');
      const report = await generateDefaultPrompts(app.env.PROMPTS_DIR, { names, overwrite });
      await recordAudit(app.db, {
        actor: principalOf(request),
        action: 'prompt.regenerate',
        entityType: 'prompt',
        ip: request.ip,
        details: { overwrite, names: report.names.length <= 50 ? report.names : `${report.names.length} prompts`, created: report.created, updated: report.updated, kept: report.kept },
      });
      return report;
    },
  );

  app.get(
    '/api/ivr-menus/:id/prompts',
    {
      config: { access: readers },
      schema: {
        tags: ['ivr', ...tags],
        summary: 'The prompts a menu plays, where, and which have no file',
        params: Type.Object({ id: Uuid }),
        response: { 200: MenuPrompts, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const [menu] = await app.db.select({ definition: ivrMenus.definition }).from(ivrMenus).where(eq(ivrMenus.id, request.params.id));
      if (!menu) throw notFound('kịch bản IVR');
      return promptsOfMenu(menu.definition as IvrMenuDefinition);
    },
  );

  app.post(
    '/api/ivr-menus/prompts-check',
    {
      config: { access: readers },
      schema: {
        tags: ['ivr', ...tags],
        summary: 'The prompts a draft definition plays and which have no file (the editor, before publishing)',
        body: Type.Object({ definition: MenuDefinitionJson }, { additionalProperties: false }),
        response: { 200: MenuPrompts, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => promptsOfMenu(requireRunnableDefinition(request.body.definition)),
  );
};

function toView(info: PromptInfo, defaultText: string | null, usedBy: PromptView['usedBy']): PromptView {
  return {
    name: info.name,
    present: info.present,
    format: info.format,
    sampleRate: info.sampleRate,
    channels: info.channels,
    durationSeconds: info.durationSeconds,
    sizeBytes: info.sizeBytes,
    updatedAt: info.updatedAt?.toISOString() ?? null,
    asteriskReady: info.asteriskReady,
    isDefault: defaultText !== null,
    defaultText,
    usedBy,
  };
}
