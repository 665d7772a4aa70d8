import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { allowedFileTypes } from '../attachments/file-types.js';
import { AttachmentStore } from '../attachments/store.js';
import { recogniseUpload, stageUpload, type StagedUpload } from '../attachments/upload.js';
import { errorResponses } from '../web/errors.js';
import { receiveFiles } from '../web/multipart.js';
import { challengeHeaders, solvedChallenge } from './challenge-routes.js';
import type { PublicChallenges } from './challenge.js';
import { parsePublicRequest } from './request-input.js';
import { PublicRequestBody, PublicRequestLimits, PublicRequestReceipt } from './schemas.js';
import { submitPublicRequest, type CreateCitizenTicket } from './submit.js';

export interface PublicRequestRouteOptions {
  challenges: PublicChallenges;
  create: CreateCitizenTicket;
}

/** The text fields of the form with their largest size in bytes (the content: 5,000 characters of up to 3 bytes). */
const fieldSizeBytes = 32 * 1024;

/**
 * `POST /api/public/requests`: a citizen's request (R9 web channel, R16), as JSON, or as multipart/form-data with the
 * same fields and up to PUBLIC_REQUEST_MAX_FILES files (photos, PDF, Word… — the ticket attachments' checks). With
 * files, the proof-of-work challenge is checked before a byte of them is read; they are staged in the attachment
 * store's temporary folder and become the ticket's evidence only with the ticket (same transaction): a refused
 * request keeps nothing.
 */
export const publicRequestRoutes: FastifyPluginAsyncTypebox<PublicRequestRouteOptions> = async (app, { challenges, create }) => {
  const env = app.env;
  const maxBytes = env.ATTACHMENT_MAX_BYTES;
  const maxFiles = env.PUBLIC_REQUEST_MAX_FILES;
  const store = new AttachmentStore(env.DATA_DIR);
  // Encapsulated: multipart parsing exists for this route only.
  await app.register(multipart, {
    limits: { fileSize: maxBytes + 1, files: maxFiles, fields: 10, parts: maxFiles + 10, fieldSize: fieldSizeBytes, headerPairs: 50 },
  });
  /** The files a request brought, staged until the request is answered. */
  const staged = new WeakMap<FastifyRequest, StagedUpload[]>();
  const discardStaged = async (request: FastifyRequest) => {
    for (const upload of staged.get(request) ?? []) await store.discard(upload.staged);
    staged.delete(request);
  };
  // Before any answer goes out (a refusal by the schema too), the staged files are gone.
  app.addHook('onSend', async (request, _reply, payload) => {
    await discardStaged(request);
    return payload;
  });

  app.get(
    '/request-limits',
    {
      config: { access: 'public', rateLimit: { max: env.PUBLIC_ANSWERS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'What files a request may carry: how many, how large, which types (for the form to check before sending)',
        security: [],
        response: { 200: PublicRequestLimits, ...errorResponses(429) },
      },
    },
    async () => ({ maxFiles, maxFileBytes: maxBytes, fileTypes: allowedFileTypes.map(({ mimeType, extension }) => ({ mimeType, extension })) }),
  );

  app.post(
    '/requests',
    {
      bodyLimit: 64 * 1024,
      config: { access: 'public', maxFiles, rateLimit: { max: env.PUBLIC_SUBMIT_PER_HOUR, timeWindow: '1 hour' } },
      schema: {
        tags: ['public'],
        summary: 'A citizen files a request (góp ý, phản ánh, kiến nghị) through the web form, with photos or documents',
        description:
          `With a solved proof-of-work challenge (GET /api/public/challenge) in the headers ${challengeHeaders.challenge} and ` +
          `${challengeHeaders.nonce}, unless PUBLIC_CHALLENGE_BITS is 0. JSON, or multipart/form-data with the same text fields ` +
          `and up to PUBLIC_REQUEST_MAX_FILES files (any field name; each up to ATTACHMENT_MAX_BYTES; PDF, JPEG, PNG, HEIC, ` +
          'DOC(X), XLS(X), recognised from the bytes): 413 FILE_TOO_LARGE, 415 FILE_TYPE_NOT_ALLOWED, 400 TOO_MANY_FILES.',
        security: [],
        consumes: ['application/json', 'multipart/form-data'],
        body: PublicRequestBody,
        response: { 201: PublicRequestReceipt, ...errorResponses(400, 409, 413, 415, 429) },
      },
      // Multipart: the challenge first, then the files staged and the text fields made the body the schema checks.
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const solved = solvedChallenge(request);
        await challenges.verify(solved.challenge, solved.nonce);
        const uploads: StagedUpload[] = [];
        staged.set(request, uploads);
        const { fields } = await receiveFiles(
          request,
          async (file) => {
            const upload = await stageUpload(store, file, maxBytes);
            uploads.push(upload);
            return upload;
          },
          (upload) => store.discard(upload.staged),
          maxFiles,
        );
        request.body = fields;
      },
    },
    async (request, reply) => {
      try {
        const input = parsePublicRequest(request.body);
        const uploads = [];
        for (const upload of staged.get(request) ?? []) uploads.push({ upload, type: await recogniseUpload(store, upload) });
        const solved = solvedChallenge(request);
        await challenges.consume(solved.challenge, solved.nonce);
        const receipt = await submitPublicRequest(app.db, input, {
          create,
          acknowledgeBySms: env.SMS_ACK_WEB_REQUESTS,
          files: uploads.length > 0 ? { store, uploads, ip: request.ip } : undefined,
        });
        request.log.info({ ticketId: receipt.ticketId, files: uploads.length }, 'web request received');
        return await reply.status(201).send({ receiptCode: receipt.receiptCode, message: receipt.message });
      } finally {
        await discardStaged(request);
      }
    },
  );
};
