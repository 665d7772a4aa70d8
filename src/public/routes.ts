import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { fields } from '../db/schema/index.js';
import { createTicket, ticketSettingsOf } from '../tickets/service.js';
import { errorResponses } from '../web/errors.js';
import { Uuid, Offset } from '../web/schemas.js';
import { publishedAnswers } from './answers.js';
import { lookupTicket } from './lookup.js';
import { PublicAnswerPage, PublicField, PublicTicket } from './schemas.js';
import type { CreateCitizenTicket } from './submit.js';
import { publicRequestRoutes } from './request-routes.js';
import { PublicChallenges } from './challenge.js';
import { publicChallengeRoutes } from './challenge-routes.js';

/**
 * The citizen's side, without login (R9 web channel, R16, R17): file a request, follow it with the
 * receipt code and phone number, read the published answers. Every route is rate-limited per IP.
 */
export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const env = app.env;
  const settings = ticketSettingsOf(env);
  // app.tickets (tickets plugin) also emits the live "ticket created" event; the bare service is the
  // fallback while that plugin is not registered in app.ts.
  // Proof-of-work against scripted submissions (issue 14): GET /challenge, solved in the browser, checked once here.
  const challenges = new PublicChallenges(app.db, { bits: env.PUBLIC_CHALLENGE_BITS, ttlSeconds: env.PUBLIC_CHALLENGE_TTL_SECONDS, secret: env.PUBLIC_CHALLENGE_SECRET });
  await app.register(publicChallengeRoutes, { challenges, perMinute: env.PUBLIC_ANSWERS_PER_MINUTE });
  const create: CreateCitizenTicket = (input, options) =>
    app.hasDecorator('tickets') ? app.tickets.create(null, input, options) : createTicket(app.db, null, input, { ...options, settings });

  await app.register(publicRequestRoutes, { challenges, create });

  app.get(
    '/tickets/lookup',
    {
      config: { access: 'public', rateLimit: { max: env.PUBLIC_LOOKUP_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'Follow a ticket by receipt code and phone number (personal data masked)',
        security: [],
        querystring: Type.Object({
          receiptCode: Type.String({ minLength: 1, maxLength: 64 }),
          phone: Type.String({ minLength: 1, maxLength: 40 }),
        }),
        response: { 200: PublicTicket, ...errorResponses(400, 404, 429) },
      },
    },
    async (request) => lookupTicket(app.db, request.query.receiptCode, request.query.phone),
  );

  app.get(
    '/answers',
    {
      config: { access: 'public', rateLimit: { max: env.PUBLIC_ANSWERS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'Published answers (R17), newest first; q searches ignoring case and diacritics',
        security: [],
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          fieldId: Type.Optional(Uuid),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          offset: Offset,
        }),
        response: { 200: PublicAnswerPage, ...errorResponses(400, 429) },
      },
    },
    async (request) => publishedAnswers(app.db, request.query),
  );

  app.get(
    '/fields',
    {
      config: { access: 'public', rateLimit: { max: env.PUBLIC_ANSWERS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'The fields (lĩnh vực) a citizen can choose on the form',
        security: [],
        response: { 200: Type.Object({ items: Type.Array(PublicField) }), ...errorResponses(429) },
      },
    },
    async () => {
      const rows = await app.db
        .select({ id: fields.id, code: fields.code, name: fields.name })
        .from(fields)
        .where(eq(fields.active, true))
        .orderBy(asc(fields.sortOrder), asc(fields.name));
      return { items: rows };
    },
  );
};
