import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { asc, eq } from 'drizzle-orm';
import { configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import type { Executor } from '../db/client.js';
import { inboundNumbers, ivrMenus } from '../db/schema/index.js';
import { badRequest, conflict, errorResponses, notFound } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

const tags = ['inbound numbers'];
const DialledNumber = Type.String({
  pattern: '^\\+?[0-9]{2,20}$',
  maxLength: 21,
  description: 'the number as Asterisk passes it to the app (EXTEN): digits, e.g. 1022 or 02511022',
});
const Label = Type.String({ minLength: 1, maxLength: 200 });

export const InboundNumber = Type.Object(
  {
    id: Uuid,
    number: Type.String({ maxLength: 21 }),
    label: Label,
    ivrMenuId: Nullable(Uuid),
    ivrMenuCode: Nullable(Type.String({ maxLength: 64 })),
    ivrMenuActive: Nullable(Type.Boolean({ description: 'false: the menu is deactivated and calls hear the default menu' })),
    active: Type.Boolean({ description: 'false: callers hear that the number is not served' }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'InboundNumber', title: 'Inbound number (R1)' },
);

type Row = typeof inboundNumbers.$inferSelect;
const auditable = (r: Row) => ({ number: r.number, label: r.label, ivrMenuId: r.ivrMenuId, active: r.active });

/**
 * The numbers citizens call (R1): 1022 and the province's long number, each with the IVR menu it plays. Read by
 * call control at every arrival: a change applies to the next call. A number without a menu (or whose menu is
 * deactivated) plays the built-in default menu; a disabled number tells callers it is not served.
 */
export const inboundNumberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const view = async (db: Executor, id?: string): Promise<Array<Static<typeof InboundNumber>>> => {
    const rows = await db
      .select({ n: inboundNumbers, menuCode: ivrMenus.code, menuActive: ivrMenus.active })
      .from(inboundNumbers)
      .leftJoin(ivrMenus, eq(ivrMenus.id, inboundNumbers.ivrMenuId))
      .where(id ? eq(inboundNumbers.id, id) : undefined)
      .orderBy(asc(inboundNumbers.number));
    return rows.map(({ n, menuCode, menuActive }) => ({
      id: n.id,
      number: n.number,
      label: n.label,
      ivrMenuId: n.ivrMenuId,
      ivrMenuCode: menuCode,
      ivrMenuActive: menuActive,
      active: n.active,
      createdAt: n.createdAt.toISOString(),
      updatedAt: n.updatedAt.toISOString(),
    }));
  };

  const requireMenu = async (db: Executor, menuId: string | null | undefined) => {
    if (!menuId) return;
    const [menu] = await db.select({ id: ivrMenus.id }).from(ivrMenus).where(eq(ivrMenus.id, menuId));
    if (!menu) throw badRequest('UNKNOWN_IVR_MENU', 'Kịch bản IVR đã chọn không tồn tại');
  };

  const requireFree = async (db: Executor, number: string, exceptId?: string) => {
    const [taken] = await db.select({ id: inboundNumbers.id }).from(inboundNumbers).where(eq(inboundNumbers.number, number));
    if (taken && taken.id !== exceptId) throw conflict('NUMBER_TAKEN', `Số ${number} đã được khai báo`);
  };

  app.get(
    '',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: { tags, summary: 'The numbers served and the IVR menu each plays', response: { 200: Type.Object({ items: Type.Array(InboundNumber) }), ...errorResponses(401, 403) } },
    },
    async () => ({ items: await view(app.db) }),
  );

  app.post(
    '',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Serve a new number (the dialplan must also send it to the app: asterisk-config/extensions.conf)',
        body: Type.Object({ number: DialledNumber, label: Label, ivrMenuId: Type.Optional(Nullable(Uuid)), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 201: InboundNumber, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const created = await app.db.transaction(async (tx) => {
        await requireMenu(tx, request.body.ivrMenuId);
        await requireFree(tx, request.body.number);
        const [row] = await tx.insert(inboundNumbers).values({ ...request.body, ivrMenuId: request.body.ivrMenuId ?? null }).returning();
        if (!row) throw new Error('insert returned no row');
        await recordAudit(tx, { actor: principalOf(request), action: 'inbound_number.create', entityType: 'inbound_number', entityId: row.id, ip: request.ip, details: configChange(null, auditable(row)) });
        return row;
      });
      return reply.status(201).send((await view(app.db, created.id))[0] as Static<typeof InboundNumber>);
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change a number: label, menu, enabled (active: false = disable), or the number itself',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { number: Type.Optional(DialledNumber), label: Type.Optional(Label), ivrMenuId: Type.Optional(Nullable(Uuid)), active: Type.Optional(Type.Boolean()) },
          { minProperties: 1, additionalProperties: false },
        ),
        response: { 200: InboundNumber, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await app.db.transaction(async (tx) => {
        const [current] = await tx.select().from(inboundNumbers).where(eq(inboundNumbers.id, request.params.id));
        if (!current) throw notFound('số tổng đài');
        await requireMenu(tx, request.body.ivrMenuId);
        if (request.body.number) await requireFree(tx, request.body.number, current.id);
        const [row] = await tx.update(inboundNumbers).set({ ...request.body, updatedAt: new Date() }).where(eq(inboundNumbers.id, current.id)).returning();
        if (!row) throw notFound('số tổng đài');
        await recordAudit(tx, {
          actor: principalOf(request),
          action: 'inbound_number.update',
          entityType: 'inbound_number',
          entityId: row.id,
          ip: request.ip,
          details: configChange(auditable(current), auditable(row)),
        });
      });
      return (await view(app.db, request.params.id))[0] as Static<typeof InboundNumber>;
    },
  );
};
