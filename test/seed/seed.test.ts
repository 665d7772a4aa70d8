import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, calendarDays, fields, inboundNumbers, ivrMenus, lineCapacitySchedules, sipEndpoints, slaRules, users } from '../../src/db/schema/index.js';
import { seed } from '../../src/seed/seed.js';
import { defaultIvrMenu } from '../../src/ivr/default-menu.js';
import { validateMenuDefinition } from '../../src/ivr/validate.js';
import { demoPassword } from '../../src/seed/data.js';
import { login, startTestApp, type TestApp } from '../helpers/app.js';

describe('npm run seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const total = async (table: typeof fields | typeof agencies | typeof calendarDays | typeof users) =>
    (await t.database.db.select({ n: count() }).from(table))[0]?.n;

  it('given an empty database, when seeded twice, then the second run inserts nothing and changes nothing', async () => {
    const first = await seed(t.database.db, { year: 2026, demoUsers: true });
    expect(first).toMatchObject({ fields: 13, lineCapacity: 2, inboundNumbers: 2, slaRules: 4 });
    expect(first.agencies).toBeGreaterThanOrEqual(20);
    const counts = [await total(fields), await total(agencies), await total(calendarDays), await total(users)];
    const second = await seed(t.database.db, { year: 2026, demoUsers: true });
    expect(second).toEqual({ fields: 0, agencies: 0, holidays: 0, lineCapacity: 0, inboundNumbers: 0, slaRules: 0, users: [] });
    expect([await total(fields), await total(agencies), await total(calendarDays), await total(users)]).toEqual(counts);
  });

  it('then the R2 schedule is 15 lines by day and 2 by night, and R1 numbers 1022 and 02511022 exist', async () => {
    const schedules = await t.database.db.select().from(lineCapacitySchedules);
    expect(schedules.map((s) => [s.startsAt.slice(0, 5), s.endsAt.slice(0, 5), s.capacity]).sort()).toEqual([
      ['07:00', '18:00', 15],
      ['18:00', '07:00', 2],
    ]);
    const numbers = await t.database.db.select().from(inboundNumbers);
    expect(numbers.map((n) => n.number).sort()).toEqual(['02511022', '1022']);
    const [menu] = await t.database.db.select().from(ivrMenus);
    expect(numbers.every((n) => n.ivrMenuId === menu?.id)).toBe(true);
    expect(validateMenuDefinition(menu?.definition).ok).toBe(true);
  });

  it('then Tết and Giỗ Tổ of this year and next are holidays (R13)', async () => {
    const days = (await t.database.db.select().from(calendarDays)).map((d) => d.date);
    expect(days).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-02', '2027-02-06', '2027-04-16']));
  });

  it('then Sở TT&TT takes unclear jurisdiction (R12) and the urgent-health rule is 4 clock hours on the health field', async () => {
    const [tttt] = await t.database.db.select().from(agencies).where(eq(agencies.code, 'so-tttt'));
    expect(tttt?.handlesUnclearJurisdiction).toBe(true);
    const [urgent] = await t.database.db.select().from(slaRules).where(eq(slaRules.code, 'dong-nai-urgent-health-4h'));
    const [health] = await t.database.db.select().from(fields).where(eq(fields.code, 'y-te'));
    expect(urgent).toMatchObject({ kind: 'clock_hours', hours: 4, urgency: 'urgent', fieldId: health?.id });
  });

  it('then one demo account per role signs in, the officer bound to Sở Y tế and the operator to PJSIP/op101', async () => {
    for (const username of ['quantri', 'giamsat', 'dtv01', 'daumoi.soyte']) {
      await expect(login(t, username, demoPassword)).resolves.toMatch(/^sid=/);
    }
    const [officer] = await t.database.db.select().from(users).where(eq(users.username, 'daumoi.soyte'));
    const [soYTe] = await t.database.db.select().from(agencies).where(eq(agencies.code, 'so-y-te'));
    expect(officer?.agencyId).toBe(soYTe?.id);
    const [phone] = await t.database.db.select().from(sipEndpoints).where(eq(sipEndpoints.endpoint, 'PJSIP/op101'));
    expect(phone?.userId).toBeDefined();
  });
});

describe('migration 0020: the default menu of a database seeded before issue 11', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seed(t.database.db, { year: 2026, demoUsers: false });
  });
  afterAll(() => t.close());

  const upgrade = async () => {
    const { readFileSync } = await import('node:fs');
    const { sql } = await import('drizzle-orm');
    await t.database.db.execute(sql.raw(readFileSync(new URL('../../migrations/0020_i11_default_menu_barge_in.sql', import.meta.url), 'utf8')));
  };
  const stored = async () => (await t.database.db.select().from(ivrMenus).where(eq(ivrMenus.code, 'mac-dinh')))[0]!.definition as { nodes: Record<string, Record<string, unknown>> };
  const oldDefault = () => {
    const old = structuredClone(defaultIvrMenu) as unknown as { nodes: Record<string, Record<string, unknown>> };
    old.nodes.greeting!.bargeIn = false;
    return old;
  };

  it('given the untouched old default (greeting not interruptible), then it becomes the new default (issue 11 item 3, R3)', async () => {
    await t.database.db.update(ivrMenus).set({ definition: oldDefault() }).where(eq(ivrMenus.code, 'mac-dinh'));
    await upgrade();
    expect(await stored()).toEqual(defaultIvrMenu);
  });

  it('given a default menu an admin has edited, then the migration leaves it as it is', async () => {
    const edited = oldDefault();
    edited.nodes.main!.timeoutSeconds = 9;
    await t.database.db.update(ivrMenus).set({ definition: edited }).where(eq(ivrMenus.code, 'mac-dinh'));
    await upgrade();
    expect(await stored()).toEqual(edited);
  });
});
