import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineCapacitySchedules } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';

const unknownId = '00000000-0000-4000-8000-000000000000';

describe('line capacity schedule API (R2, R24)', () => {
  let t: TestApp;
  let s: Staff;
  beforeAll(async () => {
    t = await startTestApp({ LINE_CAPACITY_FALLBACK: '3' });
    s = await signInStaff(t);
  });
  afterAll(() => t.close());

  it('given no window stored, when a supervisor reads the schedule, then R2 default applies with no gap', async () => {
    const response = await s.as('supervisor', 'GET', '/api/line-capacity/windows');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ items: [], usingDefault: true, gaps: [], fallback: 3 });
  });

  it('given no window stored, when an admin adds a Sunday window that overlaps the default day window, then 409 names both windows and nothing is stored', async () => {
    const response = await s.as('admin', 'POST', '/api/line-capacity/windows', { name: 'Chủ nhật', daysOfWeek: [0], startsAt: '08:00', endsAt: '12:00', capacity: 5 });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CAPACITY_WINDOW_OVERLAP' });
    expect(response.json().message).toContain('“Giờ hành chính” trùng với “Chủ nhật” (Chủ nhật 08:00–12:00)');
    expect(await t.database.db.select().from(lineCapacitySchedules)).toEqual([]);
  });

  let dayId = '';
  let nightId = '';
  it('given no window stored, when an admin narrows the day window by patching after a first write, then the default becomes stored windows and the change is audited with before/after', async () => {
    // A first write that fits: the default windows are stored, then this one (deactivated, so no overlap).
    const created = await s.as('admin', 'POST', '/api/line-capacity/windows', { name: 'Tết', startsAt: '07:00', endsAt: '18:00', capacity: 4, active: false });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ window: { name: 'Tết', startsAt: '07:00', endsAt: '18:00', capacity: 4, active: false, daysOfWeek: null }, gaps: [], fallback: 3 });
    const listed = (await s.as('admin', 'GET', '/api/line-capacity/windows')).json();
    expect(listed.usingDefault).toBe(false);
    expect(listed.items.map((w: { name: string; capacity: number }) => [w.name, w.capacity])).toEqual([['Giờ hành chính', 15], ['Tết', 4], ['Ngoài giờ', 2]]);
    dayId = listed.items[0].id;
    nightId = listed.items[2].id;

    const patched = await s.as('admin', 'PATCH', `/api/line-capacity/windows/${nightId}`, { capacity: 1 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().window).toMatchObject({ id: nightId, capacity: 1 });
    const audit = (await s.audits(nightId)).at(-1);
    expect(audit).toMatchObject({ action: 'line_capacity.update', actorUsername: 'cfg-admin', details: { fields: ['capacity'], before: { capacity: 2 }, after: { capacity: 1 } } });
    expect((await s.audits(created.json().window.id))[0]).toMatchObject({ action: 'line_capacity.create', details: { before: null, after: { name: 'Tết', capacity: 4 } } });
  });

  it('given day and night windows, when an admin shortens the day window, then the gap is reported as a warning', async () => {
    const response = await s.as('admin', 'PATCH', `/api/line-capacity/windows/${dayId}`, { endsAt: '17:00', daysOfWeek: [1, 2, 3, 4, 5, 6, 0] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().gaps).toHaveLength(7);
    expect(response.json().gaps[0]).toEqual({ where: 'Chủ nhật 17:00–18:00' });
  });

  it('given a window for every day, when an admin patches it sending daysOfWeek null (as the admin console does), then it stays every day (was coerced to [0], Sunday only)', async () => {
    const response = await s.as('admin', 'PATCH', `/api/line-capacity/windows/${nightId}`, { daysOfWeek: null, capacity: 1 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().window).toMatchObject({ id: nightId, daysOfWeek: null, capacity: 1 });
  });

  it('given a preview request, when read, then it starts now and covers 24 h in segments of the stored schedule', async () => {
    const response = await s.as('supervisor', 'GET', '/api/line-capacity/preview?hours=24');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.timeZone).toBe('Asia/Ho_Chi_Minh');
    const first = body.segments[0];
    const last = body.segments.at(-1);
    expect(new Date(last.to).getTime() - new Date(first.from).getTime()).toBe(24 * 3_600_000);
    expect(body.now).toEqual({ capacity: first.capacity, window: first.window });
    expect(new Set(body.segments.map((x: { capacity: number }) => x.capacity))).toEqual(new Set([15, 1, 3]));
  });

  it('given a proposed schedule, when checked, then overlaps, gaps and the 24 h are answered and nothing is saved', async () => {
    const before = await t.database.db.select().from(lineCapacitySchedules);
    const response = await s.as('admin', 'POST', '/api/line-capacity/check', {
      windows: [
        { name: 'A', startsAt: '07:00', endsAt: '18:00', capacity: 15 },
        { name: 'B', startsAt: '17:00', endsAt: '06:00', capacity: 2 },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().overlaps).toEqual([{ first: 'A', second: 'B', where: 'Chủ nhật 17:00–18:00' }]);
    expect(response.json().gaps[0]).toEqual({ where: 'Chủ nhật 06:00–07:00' });
    expect(await t.database.db.select().from(lineCapacitySchedules)).toEqual(before);
  });

  it('given a window, when an admin deletes it, then it is gone, the hours are a gap and the deletion is audited', async () => {
    const tet = (await s.as('admin', 'GET', '/api/line-capacity/windows')).json().items.find((w: { name: string }) => w.name === 'Tết');
    const response = await s.as('admin', 'DELETE', `/api/line-capacity/windows/${tet.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items.map((w: { name: string }) => w.name)).not.toContain('Tết');
    expect((await s.audits(tet.id)).at(-1)).toMatchObject({ action: 'line_capacity.delete', details: { after: null, before: { name: 'Tết' } } });
  });

  describe('refusals', () => {
    const window = { name: 'X', startsAt: '07:00', endsAt: '08:00', capacity: 1 };
    it.each([
      ['not signed in', null, 'GET', '/api/line-capacity/windows', undefined, 401],
      ['an operator reading', 'operator', 'GET', '/api/line-capacity/windows', undefined, 403],
      ['an agency officer previewing', 'agency_officer', 'GET', '/api/line-capacity/preview', undefined, 403],
      ['a supervisor writing', 'supervisor', 'POST', '/api/line-capacity/windows', window, 403],
      ['a time that is not HH:MM', 'admin', 'POST', '/api/line-capacity/windows', { ...window, startsAt: '7h' }, 400],
      ['25:00', 'admin', 'POST', '/api/line-capacity/windows', { ...window, endsAt: '25:00' }, 400],
      ['a negative capacity', 'admin', 'POST', '/api/line-capacity/windows', { ...window, capacity: -1 }, 400],
      ['a day 7', 'admin', 'POST', '/api/line-capacity/windows', { ...window, daysOfWeek: [7] }, 400],
      ['a repeated day', 'admin', 'POST', '/api/line-capacity/windows', { ...window, daysOfWeek: [1, 1] }, 400],
      ['an unknown property', 'admin', 'POST', '/api/line-capacity/windows', { ...window, colour: 'red' }, 400],
      ['an empty patch', 'admin', 'PATCH', `/api/line-capacity/windows/${unknownId}`, {}, 400],
      ['an unknown window', 'admin', 'PATCH', `/api/line-capacity/windows/${unknownId}`, { capacity: 2 }, 404],
      ['deleting an unknown window', 'admin', 'DELETE', `/api/line-capacity/windows/${unknownId}`, undefined, 404],
      ['a bad id', 'admin', 'DELETE', '/api/line-capacity/windows/abc', undefined, 400],
      ['a preview of 0 hours', 'admin', 'GET', '/api/line-capacity/preview?hours=0', undefined, 400],
      ['a preview of more than a week', 'admin', 'GET', '/api/line-capacity/preview?hours=169', undefined, 400],
    ] as const)('given %s (%s %s %s %o), then %i', async (_case, role, method, url, payload, status) => {
      const response = await s.as(role, method, url, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toEqual(expect.any(String));
    });

    it('given an overlapping change to an existing window, when patched, then 409 and the window is unchanged', async () => {
      const response = await s.as('admin', 'PATCH', `/api/line-capacity/windows/${nightId}`, { startsAt: '16:00' });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().message).toContain('“Giờ hành chính” trùng với “Ngoài giờ”');
      const listed = (await s.as('admin', 'GET', '/api/line-capacity/windows')).json();
      expect(listed.items.find((w: { id: string }) => w.id === nightId).startsAt).toBe('18:00');
    });
  });
});
