import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fields } from '../../src/db/schema/index.js';
import type { Role } from '../../src/auth/roles.js';
import { createTestUser, login, type TestApp } from '../helpers/app.js';
import { callRow, expectNothingLeft, menuPlayed, startTelephony, testMenu, waitForEnd, waitForStatus, type Telephony } from './support.js';

/** "HH:MM" in Asia/Ho_Chi_Minh, `minutes` from now. */
function localClock(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

describe('configuration changed through the admin API applies to the next call, without a restart (R2, R3, R24)', () => {
  let t: Telephony;
  let admin = '';
  beforeAll(async () => {
    // Two windows covering the whole week, "night" being the one in force now (from an hour ago to three hours ahead).
    const nightStart = localClock(-60);
    const nightEnd = localClock(180);
    t = await startTelephony({
      capacity: [
        { startsAt: nightStart, endsAt: nightEnd, capacity: 2 },
        { startsAt: nightEnd, endsAt: nightStart, capacity: 15 },
      ],
    });
    await createTestUser({ app: t.app, database: t.database } as TestApp, 'cfg-quantri', 'admin' as Role);
    admin = await login({ app: t.app, database: t.database } as TestApp, 'cfg-quantri');
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    expectNothingLeft(t);
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });

  it('given the night window in force with 2 lines, when an admin lowers it to 1 through the API, then of the next two simultaneous calls one is admitted and one hears the over-capacity message', async () => {
    const schedule = (await api('GET', '/api/line-capacity/windows')).json();
    const night = schedule.items.find((w: { capacity: number }) => w.capacity === 2);
    const preview = (await api('GET', '/api/line-capacity/preview')).json();
    expect(preview.now.capacity).toBe(2);

    const patched = await api('PATCH', `/api/line-capacity/windows/${night.id}`, { name: 'Ban đêm', capacity: 1 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await api('GET', '/api/line-capacity/preview')).json().now).toEqual({ capacity: 1, window: 'Ban đêm' });

    const calls = [t.fake.placeCall({ from: '0911000001', to: '1022' }), t.fake.placeCall({ from: '0911000002', to: '1022' })];
    const overCapacity = await t.fake.waitForEvent('PlaybackStarted', (e) => (e.playback as { media_uri: string }).media_uri === 'sound:vi/over-capacity');
    const refused = calls.find((c) => (overCapacity.playback as { target_uri: string }).target_uri === `channel:${c.channelId}`)!;
    const admitted = calls.find((c) => c !== refused)!;
    await menuPlayed(t, admitted.channelId);
    expect((await callRow(t, admitted.channelId))?.overCapacityAt).toBeNull();
    t.fake.hangupFromFarEnd(admitted.channelId);
    expect(await waitForEnd(t, refused.channelId)).toMatchObject({ outcome: 'over_capacity' });
    await waitForEnd(t, admitted.channelId);
  });

  it('given the test menu, when an admin adds option 6 to a new field through the API and publishes it, then the next caller pressing 6 is queued under that field', async () => {
    const field = await api('POST', '/api/fields', { code: 'giao-duc', name: 'Giáo dục' });
    expect(field.statusCode, field.body).toBe(201);
    const menus = (await api('GET', '/api/ivr-menus')).json();
    const menu = (await api('GET', `/api/ivr-menus/${menus[0].id}`)).json();
    const definition = structuredClone(testMenu);
    const main = definition.nodes.main;
    if (main?.kind === 'menu') main.options['6'] = { type: 'enqueue', fieldCode: 'giao-duc', priority: 0 };
    const published = await api('PUT', `/api/ivr-menus/${menu.id}/definition`, { version: menu.version, definition, note: 'Phím 6: giáo dục' });
    expect(published.statusCode, published.body).toBe(200);

    const call = t.fake.placeCall({ from: '0911000006', to: '1022' });
    await menuPlayed(t, call.channelId);
    await t.fake.sendDtmf(call.channelId, '6');
    const row = await waitForStatus(t, call.channelId, 'queued');
    const [giaoDuc] = await t.database.db.select().from(fields).where(eq(fields.code, 'giao-duc'));
    expect(row.fieldId).toBe(giaoDuc?.id);
    expect((row.ivrPath as Array<{ digit?: string }>).some((e) => e.digit === '6')).toBe(true);
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
  });

  it('given an inbound number disabled through the API, when it is called, then the caller hears that the number is not served', async () => {
    const numbers = (await api('GET', '/api/inbound-numbers')).json();
    const longNumber = numbers.items.find((n: { number: string }) => n.number === '02511022');
    const patched = await api('PATCH', `/api/inbound-numbers/${longNumber.id}`, { active: false });
    expect(patched.statusCode, patched.body).toBe(200);
    const call = t.fake.placeCall({ from: '0911000007', to: '02511022' });
    const row = await waitForEnd(t, call.channelId);
    expect(row).toMatchObject({ outcome: 'failed' });
    expect((await callRow(t, call.channelId))?.ivrPath).toEqual([]);
  });
});
