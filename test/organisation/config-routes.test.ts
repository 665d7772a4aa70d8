import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fields, ivrMenus, tickets } from '../../src/db/schema/index.js';
import { defaultIvrFieldCodes, defaultIvrMenu } from '../../src/ivr/default-menu.js';
import { createAgency, createTestUser, startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';

const unknown = '00000000-0000-4000-8000-000000000000';

describe('agencies’ focal officers, fields, accounts and operators’ phones (R4, R24)', () => {
  let t: TestApp;
  let s: Staff;
  let otherAgencyId = '';
  let operatorId = '';
  beforeAll(async () => {
    t = await startTestApp();
    s = await signInStaff(t, 'org');
    otherAgencyId = (await createAgency(t, 'so-khac')).id;
    await createTestUser(t, 'daumoi-2', 'agency_officer', s.agencyId);
    operatorId = (await createTestUser(t, 'dtv-phone', 'operator')).id;
    await t.database.db.insert(fields).values(Object.entries(defaultIvrFieldCodes).map(([code, name]) => ({ code, name })));
    await t.database.db.insert(ivrMenus).values({ code: 'mac-dinh', name: 'Mặc định', definition: defaultIvrMenu });
  });
  afterAll(() => t.close());

  describe('focal officers', () => {
    it('given an agency with two officers, when an admin or the agency’s officer lists them, then both are listed', async () => {
      for (const role of ['admin', 'agency_officer'] as const) {
        const response = await s.as(role, 'GET', `/api/agencies/${s.agencyId}/officers`);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().items.map((o: { username: string }) => o.username).sort()).toEqual(['daumoi-2', 'org-agency-officer']);
      }
    });

    it.each([
      ['another agency’s officers, as an officer', 'agency_officer', (): string => `/api/agencies/${otherAgencyId}/officers`, 403, 'OTHER_AGENCY'],
      ['an operator', 'operator', (): string => `/api/agencies/${otherAgencyId}/officers`, 403, 'FORBIDDEN'],
      ['an unknown agency', 'admin', (): string => `/api/agencies/${unknown}/officers`, 404, 'NOT_FOUND'],
    ] as const)('given %s, then %s', async (_case, role, url, status, code) => {
      const response = await s.as(role, 'GET', url());
      expect(response.statusCode).toBe(status);
      expect(response.json().code).toBe(code);
    });
  });

  describe("focal officers' phone and e-mail (R24)", () => {
    const officerId = async () =>
      (await s.as('admin', 'GET', `/api/agencies/${s.agencyId}/officers`)).json().items.find((o: { username: string }) => o.username === 'daumoi-2').id as string;

    it("given the agency's own officer, when they change a colleague's phone and e-mail, then it is saved and audited by name, without the values", async () => {
      const id = await officerId();
      const response = await s.as('agency_officer', 'PATCH', `/api/agencies/${s.agencyId}/officers/${id}`, { phone: '0912 345 678', email: 'daumoi2@soyte.dongnai.gov.vn' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ id, username: 'daumoi-2', phone: '0912 345 678', email: 'daumoi2@soyte.dongnai.gov.vn' });
      const listed = (await s.as('agency_officer', 'GET', `/api/agencies/${s.agencyId}/officers`)).json().items;
      expect(listed.find((o: { id: string }) => o.id === id)).toMatchObject({ phone: '0912 345 678' });
      const audit = (await s.audits(id)).at(-1);
      expect(audit).toMatchObject({ action: 'agency.officer.update', entityType: 'user', details: { agencyId: s.agencyId, fields: ['phone', 'email'] } });
      expect(JSON.stringify(audit?.details)).not.toContain('0912');
      expect((await s.as('admin', 'PATCH', `/api/agencies/${s.agencyId}/officers/${id}`, { email: null })).json()).toMatchObject({ email: null });
    });

    it.each([
      ['no session', null, 'other', { phone: '0912345678' }, 401, undefined],
      ['an operator', 'operator', 'own', { phone: '0912345678' }, 403, 'FORBIDDEN'],
      ['a supervisor', 'supervisor', 'own', { phone: '0912345678' }, 403, 'FORBIDDEN'],
      ["another agency's officer", 'agency_officer', 'other', { phone: '0912345678' }, 403, 'OTHER_AGENCY'],
      ['an account that is not a focal officer of the agency', 'admin', 'not-officer', { phone: '0912345678' }, 404, 'NOT_FOUND'],
      ['a phone that is not one', 'admin', 'own', { phone: 'goi toi' }, 400, 'VALIDATION_FAILED'],
      ['an e-mail that is not one', 'admin', 'own', { email: 'khong-co-a-cong' }, 400, 'VALIDATION_FAILED'],
      ['nothing to change', 'admin', 'own', {}, 400, 'VALIDATION_FAILED'],
      ['a name (the account is the admins’)', 'agency_officer', 'own', { fullName: 'Tên khác' }, 400, 'VALIDATION_FAILED'],
    ] as const)('given %s, then %s', async (_case, role, target, body, status, code) => {
      const id = await officerId();
      const url =
        target === 'other' ? `/api/agencies/${otherAgencyId}/officers/${id}` : `/api/agencies/${s.agencyId}/officers/${target === 'not-officer' ? operatorId : id}`;
      const response = await s.as(role, 'PATCH', url, body);
      expect(response.statusCode, response.body).toBe(status);
      if (code) expect(response.json().code).toBe(code);
    });
  });

  describe('fields', () => {
    it('given a field the active IVR menu sends callers to, when an admin disables it, then 409 FIELD_USED_BY_IVR', async () => {
      const list = (await s.as('admin', 'GET', '/api/fields')).json();
      const health = list.find((f: { code: string }) => f.code === 'y-te');
      const response = await s.as('admin', 'PATCH', `/api/fields/${health.id}`, { active: false });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json()).toMatchObject({ code: 'FIELD_USED_BY_IVR' });
      expect(response.json().message).toContain('mac-dinh');
    });

    it('given a field no menu uses, when an admin disables it, then it is inactive and the audit has before and after', async () => {
      const created = (await s.as('admin', 'POST', '/api/fields', { code: 'du-lich', name: 'Du lịch' })).json();
      const response = await s.as('admin', 'PATCH', `/api/fields/${created.id}`, { active: false });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().active).toBe(false);
      expect((await s.audits(created.id)).at(-1)).toMatchObject({ action: 'field.update', details: { fields: ['active'], before: { active: true }, after: { active: false } } });
    });

    it('given an unknown field, when patched, then 404', async () => {
      expect((await s.as('admin', 'PATCH', `/api/fields/${unknown}`, { active: false })).statusCode).toBe(404);
    });

    it('given a field tickets are filed under, when an admin deletes it, then 409 FIELD_IN_USE says how many and to deactivate instead, and it stays', async () => {
      const created = (await s.as('admin', 'POST', '/api/fields', { code: 'nong-nghiep', name: 'Nông nghiệp' })).json();
      await t.database.db.insert(tickets).values({ receiptCode: '1022-2026-990001', channel: 'phone', content: 'Hỏi về giống lúa', fieldId: created.id });
      const response = await s.as('admin', 'DELETE', `/api/fields/${created.id}`);
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json()).toMatchObject({ code: 'FIELD_IN_USE' });
      expect(response.json().message).toContain('1 phiếu');
      expect(response.json().message).toContain('ngừng dùng');
      expect((await s.as('admin', 'GET', '/api/fields')).json().map((f: { code: string }) => f.code)).toContain('nong-nghiep');
    });

    it('given a field the active IVR menu sends callers to, when an admin deletes it, then 409 FIELD_USED_BY_IVR', async () => {
      const health = (await s.as('admin', 'GET', '/api/fields')).json().find((f: { code: string }) => f.code === 'y-te');
      const response = await s.as('admin', 'DELETE', `/api/fields/${health.id}`);
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().code).toBe('FIELD_USED_BY_IVR');
    });

    it('given a field nothing uses, when an admin renames then deletes it, then it is gone and both are audited with before and after', async () => {
      const created = (await s.as('admin', 'POST', '/api/fields', { code: 'thu-nghiem', name: 'Thử nghiệm' })).json();
      expect((await s.as('admin', 'PATCH', `/api/fields/${created.id}`, { name: 'Thử nghiệm 2' })).json().name).toBe('Thử nghiệm 2');
      const response = await s.as('admin', 'DELETE', `/api/fields/${created.id}`);
      expect(response.statusCode, response.body).toBe(204);
      expect((await s.as('admin', 'GET', '/api/fields')).json().map((f: { code: string }) => f.code)).not.toContain('thu-nghiem');
      expect((await s.audits(created.id)).map((a) => [a.action, a.details])).toMatchObject([
        ['field.create', { before: null }],
        ['field.update', { fields: ['name'], before: { name: 'Thử nghiệm' }, after: { name: 'Thử nghiệm 2' } }],
        ['field.delete', { before: { code: 'thu-nghiem', name: 'Thử nghiệm 2' }, after: null }],
      ]);
    });

    it.each([
      ['a code already used', 'admin', 'POST', (): string => '/api/fields', { code: 'y-te', name: 'Y tế 2' }, 409, 'FIELD_CODE_TAKEN'],
      ['a code with capitals', 'admin', 'POST', (): string => '/api/fields', { code: 'Y-TE', name: 'Y tế' }, 400, 'VALIDATION_FAILED'],
      ['a supervisor creating', 'supervisor', 'POST', (): string => '/api/fields', { code: 'moi', name: 'Mới' }, 403, 'FORBIDDEN'],
      ['an operator deleting', 'operator', 'DELETE', (): string => `/api/fields/${unknown}`, undefined, 403, 'FORBIDDEN'],
      ['an unknown field deleted', 'admin', 'DELETE', (): string => `/api/fields/${unknown}`, undefined, 404, 'NOT_FOUND'],
    ] as const)('given %s, then %s', async (_case, role, method, url, body, status, code) => {
      const response = await s.as(role, method, url(), body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
    });
  });

  describe('agencies', () => {
    it('given a new agency with a hotline, when an admin changes its hotline and deletes it, then each step is audited with before and after', async () => {
      const created = await s.as('admin', 'POST', '/api/agencies', { code: 'so-du-lich', name: 'Sở Du lịch', kind: 'department', hotline: '0236 3550 550' });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await s.as('admin', 'PATCH', `/api/agencies/${id}`, { hotline: '0236 3550 551' })).json().hotline).toBe('0236 3550 551');
      expect((await s.as('admin', 'DELETE', `/api/agencies/${id}`)).statusCode).toBe(204);
      expect((await s.audits(id)).map((a) => [a.action, a.details])).toMatchObject([
        ['agency.create', { before: null, after: { code: 'so-du-lich', hotline: '0236 3550 550' } }],
        ['agency.update', { fields: ['hotline'], before: { hotline: '0236 3550 550' }, after: { hotline: '0236 3550 551' } }],
        ['agency.delete', { before: { code: 'so-du-lich' }, after: null }],
      ]);
    });

    it('given an agency with officers, when an admin deletes it, then 409 AGENCY_IN_USE names the accounts', async () => {
      const response = await s.as('admin', 'DELETE', `/api/agencies/${s.agencyId}`);
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json()).toMatchObject({ code: 'AGENCY_IN_USE' });
      expect(response.json().message).toContain('2 tài khoản');
    });

    it.each([
      ['a code already used', 'admin', 'POST', (): string => '/api/agencies', { code: 'so-khac', name: 'Sở khác', kind: 'department' }, 409, 'AGENCY_CODE_TAKEN'],
      ['a hotline that is no phone number', 'admin', 'POST', (): string => '/api/agencies', { code: 'so-moi', name: 'Sở mới', kind: 'department', hotline: 'gọi tôi' }, 400, 'VALIDATION_FAILED'],
      ['an officer deleting their own agency', 'agency_officer', 'DELETE', (): string => `/api/agencies/${s.agencyId}`, undefined, 403, 'FORBIDDEN'],
      ['an unknown agency deleted', 'admin', 'DELETE', (): string => `/api/agencies/${unknown}`, undefined, 404, 'NOT_FOUND'],
    ] as const)('given %s, then %s', async (_case, role, method, url, body, status, code) => {
      const response = await s.as(role, method, url(), body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
    });
  });

  describe('accounts', () => {
    it('given an officer moved to another agency and disabled, when listed by agency and state, then the filters apply and the audit has before and after', async () => {
      const officer = await createTestUser(t, 'daumoi-3', 'agency_officer', s.agencyId);
      const response = await s.as('admin', 'PATCH', `/api/users/${officer.id}`, { agencyId: otherAgencyId, active: false, phone: '0909000000' });
      expect(response.statusCode, response.body).toBe(200);
      const disabled = (await s.as('supervisor', 'GET', `/api/users?role=agency_officer&agencyId=${otherAgencyId}&active=false`)).json();
      expect(disabled.map((u: { username: string }) => u.username)).toEqual(['daumoi-3']);
      const audit = (await s.audits(officer.id)).at(-1);
      expect(audit).toMatchObject({ action: 'user.update', details: { fields: ['agencyId', 'active', 'phone'], before: { agencyId: s.agencyId, active: true }, after: { agencyId: otherAgencyId, active: false } } });
      expect(JSON.stringify(audit?.details)).not.toContain('0909000000');
    });
  });

  describe('operators’ phones', () => {
    it('given an operator, when an admin binds a phone and later unbinds it, then the phone list follows and both are audited', async () => {
      const bound = await s.as('admin', 'PUT', `/api/agents/${operatorId}/endpoint`, { endpoint: 'PJSIP/op107', kind: 'ip_phone' });
      expect(bound.statusCode, bound.body).toBe(200);
      expect((await s.as('supervisor', 'GET', '/api/agents/phones')).json().items).toMatchObject([{ endpoint: 'PJSIP/op107', kind: 'ip_phone', userId: operatorId }]);
      const unbound = await s.as('admin', 'DELETE', `/api/agents/${operatorId}/endpoint`);
      expect(unbound.statusCode, unbound.body).toBe(200);
      expect(unbound.json()).toMatchObject({ endpoint: null, state: 'offline' });
      expect((await s.as('admin', 'GET', '/api/agents/phones')).json().items).toMatchObject([{ endpoint: 'PJSIP/op107', userId: null }]);
      expect((await s.audits(operatorId)).map((a) => [a.action, a.details])).toMatchObject([
        ['agent.phone_bind', { before: { endpoint: null }, after: { endpoint: 'PJSIP/op107' } }],
        ['agent.phone_unbind', { before: { endpoint: 'PJSIP/op107' }, after: { endpoint: null } }],
      ]);
    });

    it.each([
      ['a supervisor unbinding', 'supervisor', 'DELETE', (): string => `/api/agents/${operatorId}/endpoint`, 403],
      ['an unknown operator', 'admin', 'DELETE', (): string => `/api/agents/${unknown}/endpoint`, 404],
      ['an operator reading the phones', 'operator', 'GET', (): string => '/api/agents/phones', 403],
    ] as const)('given %s, then %s', async (_case, role, method, url, status) => {
      expect((await s.as(role, method, url())).statusCode).toBe(status);
    });

    it('given a phone bound to one operator, when an admin binds it to another, then 409 PHONE_TAKEN names who has it, and binding another phone replaces the first', async () => {
      const other = await createTestUser(t, 'dtv-phone-2', 'operator');
      expect((await s.as('admin', 'PUT', `/api/agents/${operatorId}/endpoint`, { endpoint: 'PJSIP/op108' })).statusCode).toBe(200);
      const taken = await s.as('admin', 'PUT', `/api/agents/${other.id}/endpoint`, { endpoint: 'PJSIP/op108' });
      expect(taken.statusCode, taken.body).toBe(409);
      expect(taken.json().code).toBe('PHONE_TAKEN');
      expect(taken.json().message).toContain('dtv-phone');
      expect((await s.as('admin', 'PUT', `/api/agents/${operatorId}/endpoint`, { endpoint: 'PJSIP/op109' })).json().endpoint).toBe('PJSIP/op109');
      const phones = (await s.as('admin', 'GET', '/api/agents/phones')).json().items as Array<{ endpoint: string; userId: string | null }>;
      expect(phones.filter((p) => p.userId === operatorId).map((p) => p.endpoint)).toEqual(['PJSIP/op109']);
      expect((await s.as('admin', 'PUT', `/api/agents/${other.id}/endpoint`, { endpoint: 'PJSIP/op108' })).statusCode).toBe(200);
    });

    it.each([
      ['an agency’s id for an account', (): string => `/api/agents/${s.agencyId}/endpoint`, { endpoint: 'PJSIP/op110' }, 404, 'NOT_FOUND'],
      ['an endpoint without technology', (): string => `/api/agents/${operatorId}/endpoint`, { endpoint: 'op110' }, 400, 'VALIDATION_FAILED'],
      ['an unknown technology', (): string => `/api/agents/${operatorId}/endpoint`, { endpoint: 'Local/op110@default' }, 400, 'VALIDATION_FAILED'],
      ['an unknown account', (): string => `/api/agents/${unknown}/endpoint`, { endpoint: 'PJSIP/op110' }, 404, 'NOT_FOUND'],
    ] as const)('given a phone bound to %s, then %s', async (_case, url, body, status, code) => {
      const response = await s.as('admin', 'PUT', url(), body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
    });

    it('given an agency officer’s account, when an admin binds a phone to it, then 409 ROLE_WITHOUT_PHONE', async () => {
      const [officer] = (await s.as('admin', 'GET', '/api/users?role=agency_officer')).json() as Array<{ id: string }>;
      const response = await s.as('admin', 'PUT', `/api/agents/${officer!.id}/endpoint`, { endpoint: 'PJSIP/op111' });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().code).toBe('ROLE_WITHOUT_PHONE');
    });
  });
});
