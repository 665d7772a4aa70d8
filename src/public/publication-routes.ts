import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/access-plugin.js';
import { errorResponses } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { previewPublication, publicationOf, publish, unpublish } from './publication.js';

const publishers = ['supervisor', 'admin'] as const;
const Params = Type.Object({ id: Uuid });
const Text = (what: string) => Type.String({ minLength: 1, maxLength: 10_000, description: what });
const MaskedKinds = Type.Array(
  Type.Enum(['name', 'phone', 'email', 'address', 'id_number', 'receipt_code', 'house_number']),
  { description: 'What the automatic masking found and hid' },
);
const Publication = Type.Object(
  { published: Type.Boolean(), question: Nullable(Type.String()), answer: Nullable(Type.String()), publishedAt: Nullable(DateTime) },
  { $id: 'Publication' },
);

/**
 * Publishing answers on the public page (R17): supervisors and admins, on answered or resolved tickets. Preview, then
 * publish the masked version shown (edited if needed), or withdraw it. See src/public/README.md.
 */
export const publicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id/publication',
    {
      config: { access: publishers },
      schema: { tags: ['public'], summary: 'The published version of a ticket’s question and answer, if any', params: Params, response: { 200: Publication, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => publicationOf(app.db, request.params.id),
  );

  app.post(
    '/:id/publication/preview',
    {
      config: { access: publishers },
      schema: {
        tags: ['public'],
        summary: 'What would be published: question and answer (given, or the ticket’s) with personal data masked',
        params: Params,
        body: Type.Object({ question: Type.Optional(Text('the public question, as edited')), answer: Type.Optional(Text('the public answer, as edited')) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ question: Type.String(), answer: Type.String(), masked: MaskedKinds, published: Type.Boolean() }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => previewPublication(app.db, request.params.id, request.body),
  );

  app.put(
    '/:id/publication',
    {
      config: { access: publishers },
      schema: {
        tags: ['public'],
        summary: 'Publish (or replace) the masked version confirmed after the preview; 409 PUBLICATION_NOT_MASKED if personal data remains',
        params: Params,
        body: Type.Object({ question: Text('the public question'), answer: Text('the public answer') }, { additionalProperties: false }),
        response: { 200: Publication, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => publish(app.db, principalOf(request), request.params.id, request.body, request.ip),
  );

  app.delete(
    '/:id/publication',
    {
      config: { access: publishers },
      schema: { tags: ['public'], summary: 'Withdraw the published answer', params: Params, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await unpublish(app.db, principalOf(request), request.params.id, request.ip);
      return reply.status(204).send(null);
    },
  );
};
