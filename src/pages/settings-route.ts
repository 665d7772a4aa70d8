import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { everyone } from '../auth/roles.js';
import { errorResponses } from '../web/errors.js';

export const PagesSettings = Type.Object(
  {
    businessTz: Type.String({ maxLength: 64, description: 'BUSINESS_TZ: every date and time on the pages is shown in it' }),
    wrapUpSeconds: Type.Integer({ minimum: 0, maximum: 86_400, description: 'WRAPUP_SECONDS: the wrap-up countdown after a call' }),
    dueSoonMinutes: Type.Integer({ minimum: 1, maximum: 525_600, description: 'DEADLINE_DUE_SOON_MINUTES' }),
    transferRingSeconds: Type.Integer({ minimum: 1, maximum: 3_600, description: 'TRANSFER_RING_SECONDS: how long a hotline rings on a transfer' }),
  },
  { $id: 'PagesSettings', title: 'What the pages need to know of this server' },
);
export type PagesSettings = Static<typeof PagesSettings>;

/** `GET /api/settings`: the server's settings the pages show or count with (no secret among them). */
export const pagesSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/settings',
    {
      config: { access: everyone },
      schema: { tags: ['pages'], summary: 'Settings the pages need: time zone, wrap-up, deadlines', response: { 200: PagesSettings, ...errorResponses(401) } },
    },
    async (): Promise<PagesSettings> => ({
      businessTz: app.env.BUSINESS_TZ,
      wrapUpSeconds: app.env.WRAPUP_SECONDS,
      dueSoonMinutes: app.env.DEADLINE_DUE_SOON_MINUTES,
      transferRingSeconds: app.env.TRANSFER_RING_SECONDS,
    }),
  );
};
