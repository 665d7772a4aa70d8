import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, fields } from '../../src/db/schema/index.js';
import { defaultIvrFieldCodes, defaultIvrMenu } from '../../src/ivr/default-menu.js';
import type { Role } from '../../src/auth/roles.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

const unknownId = '00000000-0000-4000-8000-000000000000';

describe('IVR menu admin API', () => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  let menuId = '';

  beforeAll(async () => {
    t = await startTestApp();
    await t.database.db.insert(fields).values(Object.entries(defaultIvrFieldCodes).map(([code, name]) => ({ code, name })));
    for (const [role, name] of [['admin', 'quantri'], ['supervisor', 'giamsat'], ['operator', 'dtv'], ['agency_officer', 'daumoi']] as const) {
      await createTestUser(t, name, role, role === 'agency_officer' ? await agencyId() : undefined);
      cookies[role] = await login(t, name);
    }
    const created = await as('admin', 'POST', '/api/ivr-menus', { code: 'mac-dinh', name: 'Mặc định', definition: defaultIvrMenu });
    expect(created.statusCode, created.body).toBe(201);
    menuId = created.json().id;
  });
  afterAll(() => t.close());

  const agencyId = async () => (await createAgency(t, 'so-y-te')).id;
  const as = (role: Role | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, ...(role ? { headers: { cookie: cookies[role] } } : {}), ...(payload ? { payload } : {}) });
  const auditActions = async (id: string) =>
    (await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, id))).map((a) => a.action);

  describe('happy paths', () => {
    it('given an admin, when they create a menu, then 201 with version 1, active, the definition, and an audit entry', async () => {
      const response = await as('admin', 'POST', '/api/ivr-menus', { code: 'thu-nghiem', name: 'Thử nghiệm', definition: defaultIvrMenu, active: false });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ code: 'thu-nghiem', name: 'Thử nghiệm', version: 1, active: false, definition: defaultIvrMenu });
      expect(await auditActions(response.json().id)).toEqual(['ivr_menu.create']);
    });

    it('given a supervisor, when they list menus, then they get summaries without definitions', async () => {
      const response = await as('supervisor', 'GET', '/api/ivr-menus');
      expect(response.statusCode).toBe(200);
      const menu = response.json().find((m: { id: string }) => m.id === menuId);
      expect(menu).toMatchObject({ code: 'mac-dinh', name: 'Mặc định', active: true, version: expect.any(Number) });
      expect(menu).not.toHaveProperty('definition');
    });

    it('given a supervisor, when they read a menu, then they get its definition', async () => {
      const response = await as('supervisor', 'GET', `/api/ivr-menus/${menuId}`);
      expect(response.statusCode).toBe(200);
      expect(response.json().definition).toEqual(defaultIvrMenu);
    });

    it('given the current version, when an admin replaces the definition, then it is saved, the version goes up by one, and it is audited', async () => {
      const before = (await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json();
      const definition = structuredClone(defaultIvrMenu);
      if (definition.nodes.main?.kind === 'menu') definition.nodes.main.timeoutSeconds = 8;
      const response = await as('admin', 'PUT', `/api/ivr-menus/${menuId}/definition`, { version: before.version, definition });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ version: before.version + 1, definition: { nodes: { main: { timeoutSeconds: 8 } } } });
      expect(await auditActions(menuId)).toContain('ivr_menu.publish');
    });

    it('given an admin, when they rename and deactivate a menu, then it changes, the version does not, and it is audited', async () => {
      const before = (await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json();
      const response = await as('admin', 'PATCH', `/api/ivr-menus/${menuId}`, { name: 'Kịch bản chính', active: false });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ name: 'Kịch bản chính', active: false, version: before.version });
      const entries = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, menuId));
      expect(entries.at(-1)).toMatchObject({ action: 'ivr_menu.update', details: { fields: ['name', 'active'] } });
      await as('admin', 'PATCH', `/api/ivr-menus/${menuId}`, { active: true });
    });

    it('given a supervisor, when they simulate the stored menu with timeout, 7, 1, then they get the commands, the path and the exit', async () => {
      const response = await as('supervisor', 'POST', `/api/ivr-menus/${menuId}/simulate`, { events: ['timeout', '7', '1'] });
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json();
      expect(result).toMatchObject({ finished: true, currentNode: null, exit: { type: 'enqueue', fieldCode: 'y-te', priority: 10 } });
      expect(result.steps[0]).toEqual({ event: 'start', commands: [{ type: 'play', prompts: ['vi/greeting', 'vi/recording-notice'], bargeIn: true }] }); // interruptible (issue 11 item 3)
      expect(result.path.map((p: { event: string }) => p.event)).toEqual(['enter', 'enter', 'timeout', 'invalid', 'digit', 'exit']);
    });

    it('given an admin with an unsaved draft, when they simulate it, then the draft runs and nothing is saved', async () => {
      const draft = structuredClone(defaultIvrMenu);
      if (draft.nodes.main?.kind === 'menu') draft.nodes.main.options['7'] = { type: 'hangup', prompt: 'vi/goodbye' };
      const before = (await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json();
      const response = await as('admin', 'POST', `/api/ivr-menus/${menuId}/simulate`, { events: ['7'], definition: draft });
      expect(response.json().exit).toEqual({ type: 'hangup', prompt: 'vi/goodbye' });
      expect((await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json()).toEqual(before);
    });
  });

  describe('refusals', () => {
    it('given an invalid definition, when an admin creates a menu, then 400 INVALID_IVR_MENU names every problem', async () => {
      const definition = structuredClone(defaultIvrMenu) as unknown as { nodes: { main: Record<string, unknown> & { options: Record<string, unknown> } } };
      definition.nodes.main.timeoutSeconds = 0;
      definition.nodes.main.options['7'] = { type: 'goto', node: 'x' };
      const response = await as('admin', 'POST', '/api/ivr-menus', { code: 'hong', name: 'Hỏng', definition });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('INVALID_IVR_MENU');
      expect(response.json().message).toContain('nodes.main.timeoutSeconds: must be an integer from 1 to 60');
      expect(response.json().message).toContain('nodes.main.options.7.node: unknown node "x"');
    });

    it('given a definition that enqueues to a field that does not exist, then 400 INVALID_IVR_MENU names the field', async () => {
      const definition = structuredClone(defaultIvrMenu);
      if (definition.nodes.main?.kind === 'menu') definition.nodes.main.options['6'] = { type: 'enqueue', fieldCode: 'khong-co', priority: 0 };
      const response = await as('admin', 'POST', '/api/ivr-menus', { code: 'khong-co', name: 'Không có', definition });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_IVR_MENU', message: expect.stringContaining('nodes.main.options.6.fieldCode: unknown field "khong-co"') });
    });

    it('given a definition that is not an object, or a bad code, then 400', async () => {
      expect((await as('admin', 'POST', '/api/ivr-menus', { code: 'x-y', name: 'X', definition: 'menu' })).statusCode).toBe(400);
      expect((await as('admin', 'POST', '/api/ivr-menus', { code: 'Mac Dinh', name: 'X', definition: defaultIvrMenu })).json().code).toBe('VALIDATION_FAILED');
    });

    it('given an invalid definition, when an admin replaces one, then 400 and the stored menu is unchanged', async () => {
      const before = (await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json();
      const response = await as('admin', 'PUT', `/api/ivr-menus/${menuId}/definition`, { version: before.version, definition: { start: 'x', nodes: {} } });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('INVALID_IVR_MENU');
      expect((await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json()).toEqual(before);
    });

    it('given an invalid draft, when it is simulated, then 400 INVALID_IVR_MENU; a bad event, then 400', async () => {
      const draft = await as('admin', 'POST', `/api/ivr-menus/${menuId}/simulate`, { events: [], definition: { start: 'x', nodes: {} } });
      expect(draft.json().code).toBe('INVALID_IVR_MENU');
      const bad = await as('admin', 'POST', `/api/ivr-menus/${menuId}/simulate`, { events: ['12'] });
      expect(bad.statusCode).toBe(400);
    });

    it('given a node nothing leads to, when an admin publishes or creates the menu, then 400 INVALID_IVR_MENU names the node (issue 14: every node reachable)', async () => {
      const before = (await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json();
      const definition = { ...structuredClone(defaultIvrMenu), nodes: { ...structuredClone(defaultIvrMenu.nodes), orphan: { kind: 'announcement', prompts: ['vi/greeting'], next: { type: 'goto', node: 'main' } } } };
      const published = await as('admin', 'PUT', `/api/ivr-menus/${menuId}/definition`, { version: before.version, definition });
      expect(published.statusCode).toBe(400);
      expect(published.json()).toMatchObject({ code: 'INVALID_IVR_MENU', message: expect.stringContaining('nodes.orphan: no key, timeout path or "next" leads here') });
      expect((await as('admin', 'POST', '/api/ivr-menus', { code: 'mo-coi', name: 'Mồ côi', definition })).statusCode).toBe(400);
      expect((await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json().version).toBe(before.version);
    });

    it('given a draft with a dangling key, an unreachable node and an unknown field, when it is checked, then 200 with each problem in its node; a body without definition, 400', async () => {
      const good = await as('supervisor', 'POST', '/api/ivr-menus/check', { definition: defaultIvrMenu });
      expect(good.json()).toEqual({ valid: true, problems: [] });
      const draft = structuredClone(defaultIvrMenu) as unknown as { nodes: Record<string, { options?: Record<string, unknown> }> };
      delete draft.nodes.emergency;
      draft.nodes.orphan = { kind: 'announcement', prompts: ['vi/greeting'], next: { type: 'hangup' } } as never;
      const checked = await as('admin', 'POST', '/api/ivr-menus/check', { definition: draft });
      expect(checked.statusCode).toBe(200);
      expect(checked.json()).toEqual({
        valid: false,
        problems: [
          { path: 'nodes.main.options.5.node', node: 'main', code: 'unknown_node', message: 'unknown node "emergency"', target: 'emergency' },
          { path: 'nodes.orphan', node: 'orphan', code: 'unreachable', message: expect.any(String) },
        ],
      });
      draft.nodes.main!.options!['5'] = { type: 'enqueue', fieldCode: 'khong-co', priority: 0 };
      delete draft.nodes.orphan;
      const field = (await as('admin', 'POST', '/api/ivr-menus/check', { definition: draft })).json();
      expect(field.problems).toEqual([{ path: 'nodes.main.options.5.fieldCode', node: 'main', code: 'unknown_field', message: 'unknown field "khong-co"', target: 'khong-co' }]);
      expect((await as('admin', 'POST', '/api/ivr-menus/check', { definition: { start: 'x' } })).json()).toMatchObject({ valid: false, problems: [{ path: 'nodes', node: null, code: 'invalid' }, { path: 'start', node: null }] });
      expect((await as('admin', 'POST', '/api/ivr-menus/check', { definition: 'menu' })).json().code).toBe('VALIDATION_FAILED');
      expect((await as('admin', 'POST', '/api/ivr-menus/check', {})).statusCode).toBe(400);
      expect((await as('admin', 'POST', '/api/ivr-menus/check', { definition: defaultIvrMenu, extra: 1 })).statusCode).toBe(400);
    });

    it('given a code already taken, when an admin creates a menu, then 409', async () => {
      const response = await as('admin', 'POST', '/api/ivr-menus', { code: 'mac-dinh', name: 'Trùng', definition: defaultIvrMenu });
      expect(response.statusCode).toBe(409);
    });

    it('given a stale version, when an admin replaces the definition, then 409 VERSION_CONFLICT and the newer definition stays', async () => {
      const current = (await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json();
      const first = await as('admin', 'PUT', `/api/ivr-menus/${menuId}/definition`, { version: current.version, definition: defaultIvrMenu });
      expect(first.statusCode).toBe(200);
      const second = await as('admin', 'PUT', `/api/ivr-menus/${menuId}/definition`, { version: current.version, definition: current.definition });
      expect(second.statusCode).toBe(409);
      expect(second.json().code).toBe('VERSION_CONFLICT');
      const after = (await as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json();
      expect(after).toMatchObject({ version: current.version + 1, definition: defaultIvrMenu });
    });

    const unknown: Array<[string, 'GET' | 'POST' | 'PUT' | 'PATCH', string, object | undefined]> = [
      ['read', 'GET', `/api/ivr-menus/${unknownId}`, undefined],
      ['replace the definition of', 'PUT', `/api/ivr-menus/${unknownId}/definition`, { version: 1, definition: defaultIvrMenu }],
      ['rename', 'PATCH', `/api/ivr-menus/${unknownId}`, { name: 'X' }],
      ['simulate', 'POST', `/api/ivr-menus/${unknownId}/simulate`, { events: ['1'] }],
    ];
    for (const [what, method, url, payload] of unknown) {
      it(`given an unknown id, when an admin tries to ${what} it, then 404`, async () => {
        const response = await as('admin', method, url, payload);
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('NOT_FOUND');
      });
    }

    it('given an id that is not a UUID or an empty patch, then 400', async () => {
      expect((await as('admin', 'GET', '/api/ivr-menus/abc')).statusCode).toBe(400);
      expect((await as('admin', 'PATCH', `/api/ivr-menus/${menuId}`, {})).statusCode).toBe(400);
      expect((await as('admin', 'PATCH', `/api/ivr-menus/${menuId}`, { version: 3 })).statusCode).toBe(400);
    });
  });

  describe('who may call what', () => {
    const routes: Array<{ what: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH'; url: () => string; payload?: () => object; allowed: Role[] }> = [
      { what: 'list menus', method: 'GET', url: () => '/api/ivr-menus', allowed: ['admin', 'supervisor'] },
      { what: 'read a menu', method: 'GET', url: () => `/api/ivr-menus/${menuId}`, allowed: ['admin', 'supervisor'] },
      { what: 'simulate a menu', method: 'POST', url: () => `/api/ivr-menus/${menuId}/simulate`, payload: () => ({ events: ['1'] }), allowed: ['admin', 'supervisor'] },
      { what: 'check a draft', method: 'POST', url: () => '/api/ivr-menus/check', payload: () => ({ definition: defaultIvrMenu }), allowed: ['admin', 'supervisor'] },
      { what: 'create a menu', method: 'POST', url: () => '/api/ivr-menus', payload: () => ({ code: 'quyen', name: 'Q', definition: defaultIvrMenu }), allowed: ['admin'] },
      { what: 'replace a definition', method: 'PUT', url: () => `/api/ivr-menus/${menuId}/definition`, payload: () => ({ version: 1, definition: defaultIvrMenu }), allowed: ['admin'] },
      { what: 'rename a menu', method: 'PATCH', url: () => `/api/ivr-menus/${menuId}`, payload: () => ({ name: 'Q' }), allowed: ['admin'] },
    ];
    for (const route of routes) {
      for (const role of ['supervisor', 'operator', 'agency_officer'] as const) {
        if (route.allowed.includes(role)) continue;
        it(`given a ${role}, when they ${route.what}, then 403`, async () => {
          const response = await as(role, route.method, route.url(), route.payload?.());
          expect(response.statusCode).toBe(403);
          expect(response.json().code).toBe('FORBIDDEN');
        });
      }
      it(`given nobody signed in, when they ${route.what}, then 401`, async () => {
        const response = await as(null, route.method, route.url(), route.payload?.());
        expect(response.statusCode).toBe(401);
      });
    }
  });
});
