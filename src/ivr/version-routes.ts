import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { principalOf } from '../auth/access-plugin.js';
import { ivrMenus } from '../db/schema/index.js';
import { errorResponses } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import { IvrMenu, IvrMenuVersion, IvrMenuVersionSummary, toMenu, toVersionSummary, VersionNote } from './schemas.js';
import { requireSavableDefinition } from './service.js';
import { getVersion, listVersions, menuNotFound, publishDefinition } from './versions.js';

const tags = ['ivr'];
const VersionNumber = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const VersionParams = Type.Object({ id: Uuid, version: VersionNumber });

/** The published versions of an IVR menu: list, read one, restore one (published again as a new version). */
export const ivrVersionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const findMenu = async (id: string) => {
    const [row] = await app.db.select().from(ivrMenus).where(eq(ivrMenus.id, id));
    if (!row) throw menuNotFound();
    return row;
  };

  app.get(
    '/:id/versions',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags,
        summary: 'The published versions of a menu, newest first (who, when, note; the one in force marked current)',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }) }),
        response: { 200: Type.Object({ items: Type.Array(IvrMenuVersionSummary), total: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { items, total } = await listVersions(app.db, await findMenu(request.params.id), request.query);
      return { items: items.map(toVersionSummary), total };
    },
  );

  app.get(
    '/:id/versions/:version',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: { tags, summary: 'One published version with its definition', params: VersionParams, response: { 200: IvrMenuVersion, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const version = await getVersion(app.db, await findMenu(request.params.id), request.params.version);
      return { ...toVersionSummary(version), definition: version.definition };
    },
  );

  app.post(
    '/:id/versions/:version/restore',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Publish an earlier version again (as a new version): the next call runs it',
        description:
          'Send the version in force you saw (`currentVersion`): 409 VERSION_CONFLICT when another was published since. The old definition is ' +
          'checked again (400 INVALID_IVR_MENU if, say, a field it enqueues to is gone). Audited as ivr_menu.restore.',
        params: VersionParams,
        body: Type.Object({ currentVersion: VersionNumber, note: Type.Optional(VersionNote) }, { additionalProperties: false }),
        response: { 200: IvrMenu, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const menu = await findMenu(request.params.id);
      const old = await getVersion(app.db, menu, request.params.version);
      const definition = await requireSavableDefinition(app.db, old.definition);
      const row = await publishDefinition(app.db, menu.id, {
        actor: principalOf(request),
        ip: request.ip,
        baseVersion: request.body.currentVersion,
        definition,
        note: request.body.note ?? `Khôi phục phiên bản ${request.params.version}`,
        restoredFrom: request.params.version,
      });
      return toMenu(row);
    },
  );
};
