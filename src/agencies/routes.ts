import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { and, asc, eq } from 'drizzle-orm';
import { agencies, kbEntries, kbImports, notifications, smsMessages, ticketEvents, tickets, users } from '../db/schema/index.js';
import { requireUnreferenced } from '../db/references.js';
import { changedFields, configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone } from '../auth/roles.js';
import { conflict, errorResponses, forbidden, notFound } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';

const Kind = Type.Enum(['department', 'district', 'commune', 'police', 'insurance', 'other']);
const Phone = Type.String({ pattern: '^[0-9+][0-9 .-]{2,19}$', description: 'a phone number' });
const NullableText = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const Agency = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    kind: Kind,
    parentId: Type.Union([Uuid, Type.Null()]),
    hotline: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    handlesUnclearJurisdiction: Type.Boolean(),
    active: Type.Boolean(),
  },
  { $id: 'Agency', title: 'Agency' },
);

/** What an agency's own officers may change about it (R24): contact points, not identity. */
const ContactPatch = {
  hotline: Type.Optional(Type.Union([Phone, Type.Null()])),
  email: Type.Optional(NullableText(200)),
  address: Type.Optional(NullableText(500)),
};
const AgencyPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    kind: Type.Optional(Kind),
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    handlesUnclearJurisdiction: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
    ...ContactPatch,
  },
  { minProperties: 1, additionalProperties: false },
);
const contactFields = new Set(Object.keys(ContactPatch));

const toAgency = (a: typeof agencies.$inferSelect): Static<typeof Agency> => ({
  id: a.id,
  code: a.code,
  name: a.name,
  kind: a.kind,
  parentId: a.parentId,
  hotline: a.hotline,
  email: a.email,
  address: a.address,
  handlesUnclearJurisdiction: a.handlesUnclearJurisdiction,
  active: a.active,
});

/** What an agency's audit entry records before and after a change: its view without the id (the entry names it). */
const auditable = (a: typeof agencies.$inferSelect) => {
  const { id: _id, ...rest } = toAgency(a);
  return rest;
};

export const Officer = Type.Object(
  {
    id: Uuid,
    username: Type.String({ maxLength: 64 }),
    fullName: Type.String({ maxLength: 200 }),
    email: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    phone: Type.Union([Type.String({ maxLength: 30 }), Type.Null()]),
    active: Type.Boolean(),
  },
  { $id: 'AgencyOfficer', title: 'Focal officer (cán bộ đầu mối)' },
);

const officerColumns = { id: users.id, username: users.username, fullName: users.fullName, email: users.email, phone: users.phone, active: users.active };

/** What an agency's officers keep up to date about its focal officers (R24): how to reach them; the account is the admins'. */
const OfficerContactPatch = Type.Object(
  {
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
  },
  { minProperties: 1, additionalProperties: false },
);

/** Level-2 agencies. Everyone signed in may list them (operators forward to them); officers see only their own. */
export const agencyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: everyone },
      schema: { tags: ['agencies'], summary: 'List agencies', response: { 200: Type.Array(Agency), ...errorResponses(401) } },
    },
    async (request) => {
      const principal = principalOf(request);
      const query = app.db.select().from(agencies);
      const rows = principal.role === 'agency_officer' && principal.agencyId
        ? await query.where(eq(agencies.id, principal.agencyId))
        : await query.orderBy(asc(agencies.kind), asc(agencies.name));
      return rows.map(toAgency);
    },
  );

  app.get(
    '/:id',
    {
      config: { access: everyone },
      schema: { tags: ['agencies'], summary: 'One agency', params: Type.Object({ id: Uuid }), response: { 200: Agency, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.role === 'agency_officer' && principal.agencyId !== request.params.id) {
        throw forbidden('OTHER_AGENCY', 'Bạn chỉ xem được thông tin đơn vị của mình');
      }
      const [row] = await app.db.select().from(agencies).where(eq(agencies.id, request.params.id));
      if (!row) throw notFound('đơn vị');
      return toAgency(row);
    },
  );

  app.post(
    '',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['agencies'],
        summary: 'Create an agency',
        body: Type.Object({
          code: Type.String({ pattern: '^[a-z0-9-]{2,64}$', description: 'a-z 0-9 -' }),
          name: Type.String({ minLength: 1, maxLength: 300 }),
          kind: Kind,
          parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          hotline: Type.Optional(Type.Union([Phone, Type.Null()])),
          email: Type.Optional(NullableText(200)),
          address: Type.Optional(NullableText(500)),
          handlesUnclearJurisdiction: Type.Optional(Type.Boolean()),
        }),
        response: { 201: Agency, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const [taken] = await app.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, request.body.code));
      if (taken) throw conflict('AGENCY_CODE_TAKEN', `Mã đơn vị “${request.body.code}” đã có: chọn mã khác`);
      const [row] = await app.db.insert(agencies).values(request.body).returning();
      if (!row) throw new Error('insert returned no row');
      await recordAudit(app.db, { actor: principalOf(request), action: 'agency.create', entityType: 'agency', entityId: row.id, ip: request.ip, details: configChange(null, auditable(row)) });
      return reply.status(201).send(toAgency(row));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ['admin', 'agency_officer'] },
      schema: {
        tags: ['agencies'],
        summary: 'Change an agency; its own officers may change hotline, email and address (R24)',
        params: Type.Object({ id: Uuid }),
        body: AgencyPatch,
        response: { 200: Agency, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const fields = changedFields(request.body);
      if (principal.role === 'agency_officer') {
        if (principal.agencyId !== request.params.id) throw forbidden('OTHER_AGENCY', 'Bạn chỉ sửa được thông tin đơn vị của mình');
        const notAllowed = fields.filter((f) => !contactFields.has(f));
        if (notAllowed.length > 0) throw forbidden('FIELD_NOT_EDITABLE', `Cán bộ đầu mối không sửa được: ${notAllowed.join(', ')}`);
      }
      const [current] = await app.db.select().from(agencies).where(eq(agencies.id, request.params.id));
      if (!current) throw notFound('đơn vị');
      const [row] = await app.db
        .update(agencies)
        .set({ ...request.body, updatedAt: new Date() })
        .where(eq(agencies.id, request.params.id))
        .returning();
      if (!row) throw notFound('đơn vị');
      // The agency's public contact points (R24) are configuration, not a citizen's data: their values are audited.
      await recordAudit(app.db, { actor: principal, action: 'agency.update', entityType: 'agency', entityId: row.id, ip: request.ip, details: configChange(auditable(current), auditable(row)) });
      return toAgency(row);
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['agencies'],
        summary: 'Delete an agency never used: one with tickets, accounts, knowledge-base entries, SMS or sub-agencies is deactivated instead',
        description: '409 AGENCY_IN_USE names what uses it (deactivate it with PATCH active: false).',
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const [current] = await app.db.select().from(agencies).where(eq(agencies.id, request.params.id));
      if (!current) throw notFound('đơn vị');
      await app.db.transaction(async (tx) => {
        await requireUnreferenced(
          tx,
          current.id,
          [
            { table: tickets, column: tickets.agencyId, what: 'phiếu' },
            { table: ticketEvents, column: ticketEvents.actorAgencyId, what: 'bước xử lý phiếu' },
            { table: users, column: users.agencyId, what: 'tài khoản' },
            { table: kbEntries, column: kbEntries.agencyId, what: 'mục tri thức' },
            { table: kbImports, column: kbImports.agencyScope, what: 'lần nhập tri thức' },
            { table: smsMessages, column: smsMessages.agencyId, what: 'tin nhắn SMS' },
            { table: notifications, column: notifications.recipientAgencyId, what: 'thông báo' },
            { table: agencies, column: agencies.parentId, what: 'đơn vị trực thuộc' },
          ],
          'AGENCY_IN_USE',
          `đơn vị “${current.name}”`,
        );
        await tx.delete(agencies).where(eq(agencies.id, current.id));
        await recordAudit(tx, { actor: principalOf(request), action: 'agency.delete', entityType: 'agency', entityId: current.id, ip: request.ip, details: configChange(auditable(current), null) });
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/:id/officers',
    {
      config: { access: ['admin', 'supervisor', 'agency_officer'] },
      schema: {
        tags: ['agencies'],
        summary: "The agency's focal officers (cán bộ đầu mối, R24): its agency-officer accounts; officers see their own agency's",
        description: 'Accounts are made and bound to the agency by admins (POST /api/users with role agency_officer and agencyId).',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ active: Type.Optional(Type.Boolean({ description: 'only enabled (true) or disabled (false) accounts' })) }),
        response: { 200: Type.Object({ items: Type.Array(Officer) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.role === 'agency_officer' && principal.agencyId !== request.params.id) {
        throw forbidden('OTHER_AGENCY', 'Bạn chỉ xem được thông tin đơn vị của mình');
      }
      const [agency] = await app.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, request.params.id));
      if (!agency) throw notFound('đơn vị');
      const rows = await app.db
        .select(officerColumns)
        .from(users)
        .where(and(eq(users.agencyId, agency.id), eq(users.role, 'agency_officer'), request.query.active === undefined ? undefined : eq(users.active, request.query.active)))
        .orderBy(asc(users.fullName));
      return { items: rows };
    },
  );

  app.patch(
    '/:id/officers/:userId',
    {
      config: { access: ['admin', 'agency_officer'] },
      schema: {
        tags: ['agencies'],
        summary: "A focal officer's phone and e-mail (R24): admins any agency's, officers their own agency's",
        params: Type.Object({ id: Uuid, userId: Uuid }),
        body: OfficerContactPatch,
        response: { 200: Officer, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { id, userId } = request.params;
      if (principal.role === 'agency_officer' && principal.agencyId !== id) {
        throw forbidden('OTHER_AGENCY', 'Bạn chỉ sửa được cán bộ đầu mối của đơn vị mình');
      }
      const ofTheAgency = and(eq(users.id, userId), eq(users.agencyId, id), eq(users.role, 'agency_officer'));
      const [before] = await app.db.select(officerColumns).from(users).where(ofTheAgency);
      if (!before) throw notFound('cán bộ đầu mối');
      const [officer] = await app.db
        .update(users)
        .set({ ...request.body, updatedAt: new Date() })
        .where(ofTheAgency)
        .returning(officerColumns);
      if (!officer) throw notFound('cán bộ đầu mối');
      // A staff member's own phone and e-mail: named, not recorded (as for PATCH /api/users).
      const fields = (['phone', 'email'] as const).filter((k) => request.body[k] !== undefined && request.body[k] !== before[k]);
      await recordAudit(app.db, { actor: principal, action: 'agency.officer.update', entityType: 'user', entityId: officer.id, ip: request.ip, details: { agencyId: id, fields } });
      return officer;
    },
  );
};
