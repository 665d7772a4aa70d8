import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../auth/access-plugin.js';
import { everyone, type Principal, type Role } from '../auth/roles.js';
import { badRequest, errorResponses, forbidden, type DomainError } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import { listEntries } from './list.js';
import { KbEntryChanges, KbEntryView, KbListItemView, KbListQuery, KbSearchHit, NewKbEntry, SearchQuery, searchTextLength, toEntryView, toListItem, toSearchHit } from './schemas.js';
import { searchKb, kbSearchLimit } from './search.js';
import { createEntry, deactivateEntry, getEntry, updateEntry } from './service.js';

/** Who keeps entries: hotline supervisors and admins any, agency officers their agency's (checked in service.ts). */
const keepers: readonly Role[] = ['admin', 'supervisor', 'agency_officer'];
const Id = Type.Object({ id: Uuid });

const searchTextMessage = `Nhập nội dung cần tìm (q) từ ${searchTextLength.min} đến ${searchTextLength.max} ký tự`;

/** The search box answers in Vietnamese, naming the parameter that is wrong. */
function searchInputError(error: FastifyError): DomainError {
  const issue = error.validation?.[0];
  const missing = (issue?.params as { missingProperty?: string } | undefined)?.missingProperty;
  const parameter = issue?.instancePath ? issue.instancePath.split('/')[1] : missing;
  switch (parameter) {
    case 'q':
      return badRequest('VALIDATION_FAILED', searchTextMessage);
    case 'limit':
      return badRequest('VALIDATION_FAILED', `Số kết quả (limit) phải là số nguyên từ 1 đến ${kbSearchLimit.max}`);
    case 'fieldId':
      return badRequest('VALIDATION_FAILED', 'Mã lĩnh vực (fieldId) không hợp lệ');
    case 'agencyId':
      return badRequest('VALIDATION_FAILED', 'Mã đơn vị (agencyId) không hợp lệ');
    default:
      return badRequest('VALIDATION_FAILED', `Tham số tìm kiếm không hợp lệ: ${error.message}`);
  }
}

/**
 * Whose entries a list or search reads: hotline staff the agency asked for (or every agency); an agency officer their
 * own only (403 for another), null when their account has no agency (nothing to read).
 */
function readableAgency(principal: Principal, asked: string | undefined): string | undefined | null {
  if (principal.role !== 'agency_officer') return asked;
  if (asked && asked !== principal.agencyId) throw forbidden('OTHER_AGENCY', 'Bạn chỉ xem được câu hỏi – trả lời của đơn vị mình');
  return principal.agencyId ?? null;
}

/** The Q&A knowledge base (R19, R24): search as you type during a call; entries kept by the hotline and the agencies. */
export const kbRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      config: { access: everyone },
      attachValidation: true,
      schema: {
        tags: ['kb'],
        summary: 'Search the knowledge base as you type (R19): active entries, question matches first',
        description: "An agency officer searches their agency's entries only.",
        querystring: SearchQuery,
        response: { 200: Type.Array(KbSearchHit), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      if (request.validationError) throw searchInputError(request.validationError as FastifyError);
      const { q, fieldId, limit } = request.query;
      if (q.trim() === '') throw badRequest('VALIDATION_FAILED', searchTextMessage);
      const agencyId = readableAgency(principalOf(request), request.query.agencyId);
      if (agencyId === null) return [];
      const hits = await searchKb(app.db, { q, fieldId, agencyId, limit });
      return hits.map(toSearchHit);
    },
  );

  app.get(
    '',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: 'The entries to keep (R24), newest change first, active or withdrawn; q narrows to those holding every word',
        description: "An agency officer lists their agency's entries only.",
        querystring: KbListQuery,
        response: { 200: Type.Object({ items: Type.Array(KbListItemView), total: Type.Integer({ minimum: 0 }) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const agencyId = readableAgency(principalOf(request), request.query.agencyId);
      if (agencyId === null) return { items: [], total: 0 };
      const { items, total } = await listEntries(app.db, { ...request.query, agencyId });
      return { items: items.map(toListItem), total };
    },
  );

  app.get(
    '/:id',
    {
      config: { access: everyone },
      schema: { tags: ['kb'], summary: 'One entry, with its whole answer', params: Id, response: { 200: KbEntryView, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => toEntryView(await getEntry(app.db, principalOf(request), request.params.id)),
  );

  app.post(
    '',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: "Add an entry (R24); an agency officer adds to their agency's",
        body: NewKbEntry,
        response: { 201: KbEntryView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const entry = await createEntry(app.db, { principal: principalOf(request), ip: request.ip }, request.body);
      return reply.status(201).send(toEntryView(entry));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: "Change an entry (R24); an agency officer changes their agency's",
        params: Id,
        body: KbEntryChanges,
        response: { 200: KbEntryView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => toEntryView(await updateEntry(app.db, { principal: principalOf(request), ip: request.ip }, request.params.id, request.body)),
  );

  app.delete(
    '/:id',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: 'Withdraw an entry: it is kept, inactive, and search no longer finds it',
        params: Id,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deactivateEntry(app.db, { principal: principalOf(request), ip: request.ip }, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
