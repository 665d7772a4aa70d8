/**
 * The channels' webhooks (issue 15): Zalo OA and Facebook Page post here. Bodies are taken as raw bytes — the
 * signature is over them — so the global control-character check (which would answer 400 and make Zalo and
 * Facebook retry for hours) does not see them; text is cleaned instead when it is stored (src/channels/text.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Bodies of these routes stay Buffers: parsed by the channel after its signature check.
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded', 'text/plain'], { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => {
    done(null, body);
  });
};
