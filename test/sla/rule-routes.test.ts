import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicketApp } from '../tickets/support.js';
import { signInStaff, type Staff } from '../helpers/roles.js';
import type { TestApp } from '../helpers/app.js';

describe('deadline rules API: create, edit, deactivate, preview (R13, R24)', () => {
  let t: TestApp;
  let s: Staff;
  let ruleId = '';
  beforeAll(async () => {
    t = (await startTicketApp()).t;
    s = await signInStaff(t, 'rule');
  });
  afterAll(() => t.close());

  it('given an admin, when they create a 16 working hours rule for urgent tickets, then it is listed, previewable and audited', async () => {
    const response = await s.as('admin', 'POST', '/api/sla/rules', { code: 'khan-16wh', name: 'Khẩn: 16 giờ làm việc', kind: 'working_hours', hours: 16, urgency: 'urgent' });
    expect(response.statusCode, response.body).toBe(201);
    ruleId = response.json().id;
    expect(response.json()).toMatchObject({ code: 'khan-16wh', kind: 'working_hours', hours: 16, urgency: 'urgent', fieldId: null, calendarId: null, active: true });
    const preview = await s.as('supervisor', 'POST', '/api/sla/preview', { ruleId, start: '2026-03-06T15:00:00+07:00' });
    expect(preview.json().dueAt).toBe('2026-03-10T15:00:00+07:00');
    expect((await s.audits(ruleId))[0]).toMatchObject({ action: 'sla_rule.create', details: { before: null, after: { code: 'khan-16wh', hours: 16 } } });
  });

  it('given the rule, when an admin changes its hours and then deactivates it, then each change is audited with before and after', async () => {
    const edited = await s.as('admin', 'PATCH', `/api/sla/rules/${ruleId}`, { hours: 8.5 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().hours).toBe(8.5);
    const deactivated = await s.as('admin', 'PATCH', `/api/sla/rules/${ruleId}`, { active: false });
    expect(deactivated.json().active).toBe(false);
    const audits = await s.audits(ruleId);
    expect(audits.map((a) => a.details)).toMatchObject([
      { before: null },
      { fields: ['hours'], before: { hours: 16 }, after: { hours: 8.5 } },
      { fields: ['active'], before: { active: true }, after: { active: false } },
    ]);
  });

  it('given a deactivated urgent rule, when an urgent ticket is created, then another rule is chosen', async () => {
    const operator = (await s.as('operator', 'GET', '/api/auth/me')).json();
    const { ticket } = await t.app.tickets.create({ id: operator.id, role: 'operator', agencyId: null }, { channel: 'phone', content: 'Khẩn', urgency: 'urgent' });
    expect(ticket.slaRuleId).not.toBe(ruleId);
  });

  describe('refusals', () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const rule = { code: 'x-rule', name: 'X', kind: 'clock_hours', hours: 4 };
    it.each([
      ['not signed in', null, 'POST', '/api/sla/rules', rule, 401, 'UNAUTHENTICATED'],
      ['a supervisor creating', 'supervisor', 'POST', '/api/sla/rules', rule, 403, 'FORBIDDEN'],
      ['an agency officer editing', 'agency_officer', 'PATCH', `/api/sla/rules/${unknown}`, { hours: 2 }, 403, 'FORBIDDEN'],
      ['zero hours', 'admin', 'POST', '/api/sla/rules', { ...rule, hours: 0 }, 400, 'VALIDATION_FAILED'],
      ['hours that are not quarters', 'admin', 'POST', '/api/sla/rules', { ...rule, hours: 1.1 }, 400, 'VALIDATION_FAILED'],
      ['more than 2000 hours', 'admin', 'POST', '/api/sla/rules', { ...rule, hours: 2001 }, 400, 'VALIDATION_FAILED'],
      ['an unknown kind', 'admin', 'POST', '/api/sla/rules', { ...rule, kind: 'days' }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', 'admin', 'POST', '/api/sla/rules', { ...rule, fieldId: unknown }, 400, 'UNKNOWN_FIELD'],
      ['an unknown calendar', 'admin', 'POST', '/api/sla/rules', { ...rule, calendarId: unknown }, 400, 'UNKNOWN_CALENDAR'],
      ['a code taken', 'admin', 'POST', '/api/sla/rules', { ...rule, code: 'dong-nai-24h' }, 409, 'RULE_CODE_TAKEN'],
      ['an unknown rule', 'admin', 'PATCH', `/api/sla/rules/${unknown}`, { hours: 2 }, 404, 'NOT_FOUND'],
      ['an empty patch', 'admin', 'PATCH', `/api/sla/rules/${unknown}`, {}, 400, 'VALIDATION_FAILED'],
    ] as const)('given %s (%s %s %s %o), then %i %s', async (_case, role, method, url, payload, status, code) => {
      const response = await s.as(role, method, url, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
    });
  });
});
