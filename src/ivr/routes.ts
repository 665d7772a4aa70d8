import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { asc, eq } from 'drizzle-orm';
import { ivrMenus } from '../db/schema/index.js';
import { configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { errorResponses } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import { IvrMenu, IvrMenuSummary, MenuCheck, MenuCode, MenuDefinitionJson, MenuName, ScriptedEvents, SimulationResult, toMenu, toSummary, VersionNote } from './schemas.js';
import { requireRunnableDefinition, requireSavableDefinition, savingProblems } from './service.js';
import { simulateCall } from './simulate.js';
import { ivrVersionRoutes } from './version-routes.js';
import { keepFirstVersion, menuNotFound, publishDefinition } from './versions.js';

const tags = ['ivr'];
const Params = Type.Object({ id: Uuid });
const readers = ['admin', 'supervisor'] as const;

/** IVR menus as data (R3): admins edit them, try them on a scripted caller, and the call side runs them. */
export const ivrMenuRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const findMenu = async (id: string) => {
    const [row] = await app.db.select().from(ivrMenus).where(eq(ivrMenus.id, id));
    if (!row) throw menuNotFound();
    return row;
  };

  app.get(
    '',
    {
      config: { access: readers },
      schema: { tags, summary: 'List IVR menus (without their definitions)', response: { 200: Type.Array(IvrMenuSummary), ...errorResponses(401, 403) } },
    },
    async () => (await app.db.select().from(ivrMenus).orderBy(asc(ivrMenus.code))).map(toSummary),
  );

  app.get(
    '/:id',
    {
      config: { access: readers },
      schema: { tags, summary: 'An IVR menu with its definition', params: Params, response: { 200: IvrMenu, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => toMenu(await findMenu(request.params.id)),
  );

  app.post(
    '',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Create an IVR menu',
        description: 'The definition is validated: 400 INVALID_IVR_MENU lists every problem with its path.',
        body: Type.Object(
          { code: MenuCode, name: MenuName, definition: MenuDefinitionJson, active: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 201: IvrMenu, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const definition = await requireSavableDefinition(app.db, request.body.definition);
      const row = await app.db.transaction(async (tx) => {
        const [created] = await tx.insert(ivrMenus).values({ ...request.body, definition }).returning();
        if (!created) throw new Error('insert returned no row');
        await keepFirstVersion(tx, created, principalOf(request));
        await recordAudit(tx, {
          actor: principalOf(request),
          action: 'ivr_menu.create',
          entityType: 'ivr_menu',
          entityId: created.id,
          ip: request.ip,
          details: { code: created.code, fields: ['code', 'name', 'active', 'definition'], before: null, after: { code: created.code, name: created.name, active: created.active, version: created.version } },
        });
        return created;
      });
      return reply.status(201).send(toMenu(row));
    },
  );

  app.put(
    '/:id/definition',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Publish a new definition of an IVR menu (the next call runs it)',
        description:
          'Send the version you edited: 409 VERSION_CONFLICT when someone published another version since. The version is bumped, the ' +
          'new definition kept with the earlier ones (GET /:id/versions) and audited as ivr_menu.publish with the nodes changed, before and after.',
        params: Params,
        body: Type.Object(
          { version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), definition: MenuDefinitionJson, note: Type.Optional(VersionNote) },
          { additionalProperties: false },
        ),
        response: { 200: IvrMenu, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const definition = await requireSavableDefinition(app.db, request.body.definition);
      const row = await publishDefinition(app.db, request.params.id, {
        actor: principalOf(request),
        ip: request.ip,
        baseVersion: request.body.version,
        definition,
        note: request.body.note,
      });
      return toMenu(row);
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Rename, activate or deactivate an IVR menu',
        params: Params,
        body: Type.Object({ name: Type.Optional(MenuName), active: Type.Optional(Type.Boolean()) }, { minProperties: 1, additionalProperties: false }),
        response: { 200: IvrMenu, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const row = await app.db.transaction(async (tx) => {
        const [current] = await tx.select().from(ivrMenus).where(eq(ivrMenus.id, request.params.id));
        if (!current) throw menuNotFound();
        const [updated] = await tx.update(ivrMenus).set({ ...request.body, updatedAt: new Date() }).where(eq(ivrMenus.id, request.params.id)).returning();
        if (!updated) throw menuNotFound();
        await recordAudit(tx, {
          actor: principalOf(request),
          action: 'ivr_menu.update',
          entityType: 'ivr_menu',
          entityId: updated.id,
          ip: request.ip,
          details: configChange({ name: current.name, active: current.active }, { name: updated.name, active: updated.active }),
        });
        return updated;
      });
      return toMenu(row);
    },
  );

  app.post(
    '/check',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Check a draft definition as publishing would, with every problem and the node it is in (the editor, live)',
        description:
          'Never 400 for a bad draft: answers { valid, problems } with each problem`s path, node and code — unknown_node (a key or path to a ' +
          'node that does not exist), unreachable (nothing leads to the node from the start), unknown_field, loop, key, range, prompts… ' +
          'Prompt files are checked by POST /prompts-check.',
        body: Type.Object({ definition: MenuDefinitionJson }, { additionalProperties: false }),
        response: { 200: MenuCheck, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const problems = await savingProblems(app.db, request.body.definition);
      return { valid: problems.length === 0, problems };
    },
  );

  app.post(
    '/:id/simulate',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Run an IVR menu against a scripted caller',
        description:
          'Runs the stored definition, or the draft `definition` in the body (not saved), with the caller pressing `events` in order ' +
          '(e.g. ["timeout", "7", "1"]); every playback is heard to its end. Returns the commands the call side would receive and the path.',
        params: Params,
        body: Type.Object({ events: ScriptedEvents, definition: Type.Optional(MenuDefinitionJson) }, { additionalProperties: false }),
        response: { 200: SimulationResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stored = await findMenu(request.params.id);
      const definition = requireRunnableDefinition(request.body.definition ?? stored.definition);
      return simulateCall(definition, request.body.events);
    },
  );

  await app.register(ivrVersionRoutes);
};
