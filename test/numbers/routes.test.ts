import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ivrMenus } from '../../src/db/schema/index.js';
import { defaultIvrMenu } from '../../src/ivr/default-menu.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';

const unknownId = '00000000-0000-4000-8000-000000000000';

describe('inbound numbers API (R1, R24)', () => {
  let t: TestApp;
  let s: Staff;
  let menuId = '';
  let numberId = '';
  beforeAll(async () => {
    t = await startTestApp();
    s = await signInStaff(t, 'num');
    const [menu] = await t.database.db.insert(ivrMenus).values({ code: 'mac-dinh', name: 'Mặc định', definition: defaultIvrMenu }).returning();
    menuId = menu!.id;
  });
  afterAll(() => t.close());

  it('given an admin, when they serve the long number with the default menu, then it is listed with its menu and audited', async () => {
    const response = await s.as('admin', 'POST', '/api/inbound-numbers', { number: '02511022', label: 'Số dài Đồng Nai', ivrMenuId: menuId });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ number: '02511022', label: 'Số dài Đồng Nai', ivrMenuId: menuId, ivrMenuCode: 'mac-dinh', ivrMenuActive: true, active: true });
    numberId = response.json().id;
    const list = await s.as('supervisor', 'GET', '/api/inbound-numbers');
    expect(list.json().items.map((n: { number: string }) => n.number)).toEqual(['02511022']);
    expect((await s.audits(numberId))[0]).toMatchObject({ action: 'inbound_number.create', details: { before: null, after: { number: '02511022', ivrMenuId: menuId, active: true } } });
  });

  it('given a served number, when an admin disables it and removes its menu, then the audit has before and after', async () => {
    const response = await s.as('admin', 'PATCH', `/api/inbound-numbers/${numberId}`, { active: false, ivrMenuId: null });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ active: false, ivrMenuId: null, ivrMenuCode: null });
    expect((await s.audits(numberId)).at(-1)).toMatchObject({
      action: 'inbound_number.update',
      details: { fields: ['ivrMenuId', 'active'], before: { ivrMenuId: menuId, active: true }, after: { ivrMenuId: null, active: false } },
    });
  });

  describe('refusals', () => {
    it.each([
      ['not signed in', null, 'GET', '/api/inbound-numbers', undefined, 401, 'UNAUTHENTICATED'],
      ['an operator', 'operator', 'GET', '/api/inbound-numbers', undefined, 403, 'FORBIDDEN'],
      ['a supervisor writing', 'supervisor', 'POST', '/api/inbound-numbers', { number: '1022', label: 'x' }, 403, 'FORBIDDEN'],
      ['letters in the number', 'admin', 'POST', '/api/inbound-numbers', { number: '10a2', label: 'x' }, 400, 'VALIDATION_FAILED'],
      ['a number taken', 'admin', 'POST', '/api/inbound-numbers', { number: '02511022', label: 'x' }, 409, 'NUMBER_TAKEN'],
      ['an unknown menu', 'admin', 'POST', '/api/inbound-numbers', { number: '1022', label: 'x', ivrMenuId: unknownId }, 400, 'UNKNOWN_IVR_MENU'],
      ['an empty label', 'admin', 'POST', '/api/inbound-numbers', { number: '1022', label: '' }, 400, 'VALIDATION_FAILED'],
      ['an empty patch', 'admin', 'PATCH', `/api/inbound-numbers/${unknownId}`, {}, 400, 'VALIDATION_FAILED'],
      ['an unknown number', 'admin', 'PATCH', `/api/inbound-numbers/${unknownId}`, { active: true }, 404, 'NOT_FOUND'],
    ] as const)('given %s (%s %s %s %o), then %i %s', async (_case, role, method, url, payload, status, code) => {
      const response = await s.as(role, method, url, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
    });

    it('given another number, when renumbered to a taken number, then 409 NUMBER_TAKEN', async () => {
      const other = (await s.as('admin', 'POST', '/api/inbound-numbers', { number: '1022', label: '1022' })).json();
      const response = await s.as('admin', 'PATCH', `/api/inbound-numbers/${other.id}`, { number: '02511022' });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('NUMBER_TAKEN');
    });
  });
});
