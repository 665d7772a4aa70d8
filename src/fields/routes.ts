import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { asc, eq } from 'drizzle-orm';
import { calls, fields, ivrMenus, kbEntries, slaRules, tickets } from '../db/schema/index.js';
import { requireUnreferenced } from '../db/references.js';
import { enqueuedFieldCodes } from '../ivr/validate.js';
import type { IvrMenuDefinition } from '../ivr/types.js';
import { configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone } from '../auth/roles.js';
import { conflict, errorResponses, notFound } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';

export const Field = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    sortOrder: Type.Integer(),
    active: Type.Boolean(),
  },
  { $id: 'Field', title: 'Field (lĩnh vực)' },
);
const toField = (f: typeof fields.$inferSelect): Static<typeof Field> => ({
  id: f.id,
  code: f.code,
  name: f.name,
  description: f.description,
  sortOrder: f.sortOrder,
  active: f.active,
});
const Editable = {
  name: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  sortOrder: Type.Integer({ minimum: 0, maximum: 10_000 }),
  active: Type.Boolean(),
};

/** Fields (lĩnh vực) are data: admins add and rename them without a redeploy. */
export const fieldRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** 409 FIELD_USED_BY_IVR while an active IVR menu still queues callers for the field. */
  const requireNoMenuSendsTo = async (code: string, doing: string) => {
    const menus = await app.db.select({ code: ivrMenus.code, definition: ivrMenus.definition }).from(ivrMenus).where(eq(ivrMenus.active, true));
    const using = menus.filter((m) => enqueuedFieldCodes(m.definition as IvrMenuDefinition).some((u) => u.fieldCode === code)).map((m) => m.code);
    if (using.length > 0) throw conflict('FIELD_USED_BY_IVR', `Lĩnh vực đang được kịch bản IVR sử dụng (${using.join(', ')}): hãy sửa kịch bản trước khi ${doing}`);
  };

  app.get(
    '',
    {
      config: { access: everyone },
      schema: { tags: ['fields'], summary: 'List fields', response: { 200: Type.Array(Field), ...errorResponses(401) } },
    },
    async () => (await app.db.select().from(fields).orderBy(asc(fields.sortOrder), asc(fields.name))).map(toField),
  );

  app.post(
    '',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['fields'],
        summary: 'Create a field',
        body: Type.Object({
          code: Type.String({ pattern: '^[a-z0-9-]{2,64}$', description: 'a-z 0-9 -' }),
          name: Editable.name,
          description: Type.Optional(Editable.description),
          sortOrder: Type.Optional(Editable.sortOrder),
        }),
        response: { 201: Field, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const [taken] = await app.db.select({ id: fields.id }).from(fields).where(eq(fields.code, request.body.code));
      if (taken) throw conflict('FIELD_CODE_TAKEN', `Mã lĩnh vực “${request.body.code}” đã có: chọn mã khác`);
      const [row] = await app.db.insert(fields).values(request.body).returning();
      if (!row) throw new Error('insert returned no row');
      await recordAudit(app.db, { actor: principalOf(request), action: 'field.create', entityType: 'field', entityId: row.id, ip: request.ip, details: configChange(null, toField(row)) });
      return reply.status(201).send(toField(row));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['fields'],
        summary: 'Change a field, or disable it (active: false): gone from the public form and from new tickets',
        description: '409 FIELD_USED_BY_IVR when an active IVR menu still sends callers to it: change the menu first.',
        params: Type.Object({ id: Uuid }),
        body: Type.Partial(Type.Object(Editable), { minProperties: 1, additionalProperties: false }),
        response: { 200: Field, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const [current] = await app.db.select().from(fields).where(eq(fields.id, request.params.id));
      if (!current) throw notFound('lĩnh vực');
      if (request.body.active === false && current.active) await requireNoMenuSendsTo(current.code, 'ngừng dùng');
      const [row] = await app.db
        .update(fields)
        .set({ ...request.body, updatedAt: new Date() })
        .where(eq(fields.id, request.params.id))
        .returning();
      if (!row) throw notFound('lĩnh vực');
      await recordAudit(app.db, {
        actor: principalOf(request),
        action: 'field.update',
        entityType: 'field',
        entityId: row.id,
        ip: request.ip,
        details: configChange(toField(current), toField(row)),
      });
      return toField(row);
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['fields'],
        summary: 'Delete a field never used: a field that tickets, calls, deadline rules or knowledge-base entries name is deactivated instead',
        description: '409 FIELD_IN_USE names what uses it; 409 FIELD_USED_BY_IVR when an active IVR menu sends callers to it.',
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const [current] = await app.db.select().from(fields).where(eq(fields.id, request.params.id));
      if (!current) throw notFound('lĩnh vực');
      await requireNoMenuSendsTo(current.code, 'xóa');
      await app.db.transaction(async (tx) => {
        await requireUnreferenced(
          tx,
          current.id,
          [
            { table: tickets, column: tickets.fieldId, what: 'phiếu' },
            { table: calls, column: calls.fieldId, what: 'cuộc gọi' },
            { table: slaRules, column: slaRules.fieldId, what: 'quy tắc thời hạn' },
            { table: kbEntries, column: kbEntries.fieldId, what: 'mục tri thức' },
          ],
          'FIELD_IN_USE',
          `lĩnh vực “${current.name}”`,
        );
        await tx.delete(fields).where(eq(fields.id, current.id));
        await recordAudit(tx, { actor: principalOf(request), action: 'field.delete', entityType: 'field', entityId: current.id, ip: request.ip, details: configChange(toField(current), null) });
      });
      return reply.status(204).send(null);
    },
  );
};
