import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../web/errors.js';
import { DateTime } from '../web/schemas.js';
import type { PublicChallenges } from './challenge.js';

/** Headers a browser sends the solved challenge in, with `POST /api/public/requests`. */
export const challengeHeaders = { challenge: 'x-pow-challenge', nonce: 'x-pow-nonce' } as const;

/** The solved challenge a request carries (undefined when absent). */
export function solvedChallenge(request: FastifyRequest): { challenge: string | undefined; nonce: string | undefined } {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return { challenge: header(challengeHeaders.challenge), nonce: header(challengeHeaders.nonce) };
}

/** `GET /api/public/challenge`: a fresh proof-of-work challenge for the public form (R16). */
export const publicChallengeRoutes: FastifyPluginAsyncTypebox<{ challenges: PublicChallenges; perMinute: number }> = async (app, options) => {
  app.get(
    '/challenge',
    {
      config: { access: 'public', rateLimit: { max: options.perMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'A proof-of-work challenge to send with a request (no third-party service)',
        description:
          `Find a nonce (up to 64 characters, e.g. a counter) such that SHA-256 of the UTF-8 text "<challenge>:<nonce>" begins with \`bits\` ` +
          `zero bits, then send both with POST /api/public/requests in the headers ${challengeHeaders.challenge} and ${challengeHeaders.nonce}. ` +
          'Each challenge is accepted once, before expiresAt. bits = 0: no challenge is needed (PUBLIC_CHALLENGE_BITS).',
        security: [],
        response: {
          200: Type.Object({
            challenge: Type.String({ maxLength: 512 }),
            bits: Type.Integer({ minimum: 0, maximum: 32 }),
            algorithm: Type.Literal('sha256'),
            expiresAt: DateTime,
          }),
          ...errorResponses(429),
        },
      },
    },
    async (_request, reply) => {
      const issued = await options.challenges.issue();
      void reply.header('cache-control', 'no-store');
      return { challenge: issued.challenge, bits: issued.bits, algorithm: 'sha256' as const, expiresAt: issued.expiresAt.toISOString() };
    },
  );
};
