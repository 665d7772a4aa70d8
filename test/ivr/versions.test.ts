import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fields, ivrMenus } from '../../src/db/schema/index.js';
import { defaultIvrFieldCodes, defaultIvrMenu } from '../../src/ivr/default-menu.js';
import type { IvrMenuDefinition } from '../../src/ivr/types.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';

const withOption6 = (fieldCode: string): IvrMenuDefinition => {
  const definition = structuredClone(defaultIvrMenu);
  const main = definition.nodes.main;
  if (main?.kind === 'menu') main.options['6'] = { type: 'enqueue', fieldCode, priority: 0 };
  return definition;
};

describe('IVR menu versions: kept, listed, restorable (R3, R24)', () => {
  let t: TestApp;
  let s: Staff;
  let menuId = '';
  beforeAll(async () => {
    t = await startTestApp();
    s = await signInStaff(t, 'ver');
    await t.database.db.insert(fields).values([...Object.entries(defaultIvrFieldCodes).map(([code, name]) => ({ code, name })), { code: 'giao-duc', name: 'Giáo dục' }]);
    // A menu written before versions were kept (as the seed writes it): no version row yet.
    const [menu] = await t.database.db.insert(ivrMenus).values({ code: 'mac-dinh', name: 'Mặc định', definition: defaultIvrMenu }).returning();
    menuId = menu!.id;
  });
  afterAll(() => t.close());

  it('given a seeded menu, when its versions are listed, then its version in force is there', async () => {
    const response = await s.as('supervisor', 'GET', `/api/ivr-menus/${menuId}/versions`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ total: 1, items: [{ version: 1, current: true, publishedBy: null }] });
  });

  it('given version 1, when an admin publishes option 6 with a note, then version 2 is in force, version 1 is kept, and the audit shows the node before and after', async () => {
    const response = await s.as('admin', 'PUT', `/api/ivr-menus/${menuId}/definition`, { version: 1, definition: withOption6('giao-duc'), note: 'thêm phím 6' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().version).toBe(2);
    const list = (await s.as('admin', 'GET', `/api/ivr-menus/${menuId}/versions`)).json();
    expect(list.items).toMatchObject([
      { version: 2, current: true, note: 'thêm phím 6', publishedByName: 'Người dùng ver-admin' },
      { version: 1, current: false },
    ]);
    const one = (await s.as('supervisor', 'GET', `/api/ivr-menus/${menuId}/versions/1`)).json();
    expect(one.definition).toEqual(defaultIvrMenu);
    const audit = (await s.audits(menuId)).at(-1);
    expect(audit).toMatchObject({
      action: 'ivr_menu.publish',
      details: { changedNodes: ['main'], version: 2, previousVersion: 1, note: 'thêm phím 6', after: { nodes: { main: { options: { '6': { fieldCode: 'giao-duc' } } } } } },
    });
    expect((audit?.details as { before: { nodes: { main: { options: Record<string, unknown> } } } }).before.nodes.main.options['6']).toBeUndefined();
  });

  it('given version 2 in force, when an admin restores version 1, then version 3 has the definition of 1 and is audited as a restore', async () => {
    const response = await s.as('admin', 'POST', `/api/ivr-menus/${menuId}/versions/1/restore`, { currentVersion: 2 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ version: 3, definition: defaultIvrMenu });
    const list = (await s.as('admin', 'GET', `/api/ivr-menus/${menuId}/versions?limit=1`)).json();
    expect(list).toMatchObject({ total: 3, items: [{ version: 3, current: true, restoredFrom: 1, note: 'Khôi phục phiên bản 1' }] });
    expect((await s.audits(menuId)).at(-1)).toMatchObject({ action: 'ivr_menu.restore', details: { restoredFrom: 1, version: 3, changedNodes: ['main'] } });
  });

  describe('refusals', () => {
    it('given a stale version, when an admin restores, then 409 VERSION_CONFLICT and nothing is published', async () => {
      const response = await s.as('admin', 'POST', `/api/ivr-menus/${menuId}/versions/2/restore`, { currentVersion: 2 });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().code).toBe('VERSION_CONFLICT');
      expect((await s.as('admin', 'GET', `/api/ivr-menus/${menuId}`)).json().version).toBe(3);
    });

    it('given a version whose field was since removed, when restored, then 400 INVALID_IVR_MENU', async () => {
      const [other] = await t.database.db.insert(ivrMenus).values({ code: 'khac', name: 'Khác', definition: withOption6('da-xoa') }).returning();
      const published = await s.as('admin', 'PUT', `/api/ivr-menus/${other!.id}/definition`, { version: 1, definition: defaultIvrMenu });
      expect(published.statusCode, published.body).toBe(200);
      const response = await s.as('admin', 'POST', `/api/ivr-menus/${other!.id}/versions/1/restore`, { currentVersion: 2 });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_IVR_MENU' });
      expect(response.json().message).toContain('unknown field "da-xoa"');
    });

    it.each([
      ['not signed in', null, 'GET', 'versions', undefined, 401],
      ['an operator', 'operator', 'GET', 'versions', undefined, 403],
      ['a supervisor restoring', 'supervisor', 'POST', 'versions/1/restore', { currentVersion: 3 }, 403],
      ['an unknown version', 'admin', 'GET', 'versions/99', undefined, 404],
      ['version 0', 'admin', 'GET', 'versions/0', undefined, 400],
      ['restoring an unknown version', 'admin', 'POST', 'versions/99/restore', { currentVersion: 3 }, 404],
      ['a restore without the current version', 'admin', 'POST', 'versions/1/restore', {}, 400],
      ['a note of 501 characters', 'admin', 'POST', 'versions/1/restore', { currentVersion: 3, note: 'x'.repeat(501) }, 400],
      ['a limit of 0', 'admin', 'GET', 'versions?limit=0', undefined, 400],
    ] as const)('given %s (%s %s %s %o), then %i', async (_case, role, method, path, payload, status) => {
      const response = await s.as(role, method, `/api/ivr-menus/${menuId}/${path}`, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toEqual(expect.any(String));
    });

    it('given an unknown menu, when its versions are listed, then 404', async () => {
      const response = await s.as('admin', 'GET', '/api/ivr-menus/00000000-0000-4000-8000-000000000000/versions');
      expect(response.statusCode).toBe(404);
    });
  });
});
