import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import {
  agencies,
  calendarDays,
  fields,
  inboundNumbers,
  ivrMenus,
  lineCapacitySchedules,
  sipEndpoints,
  slaRules,
  users,
  workCalendars,
} from '../db/schema/index.js';
import { defaultWeeklyHours, R13_DEADLINE_RULES, vietnamPublicHolidays } from '../calendar/index.js';
import { recordAudit } from '../audit/service.js';
import { createUser } from '../users/service.js';
import { defaultIvrMenu, defaultIvrMenuCode, defaultIvrMenuName } from '../ivr/default-menu.js';
import { demoPassword, demoUsers, seedAgencies, seedFields, seedInboundNumbers, seedLineCapacity } from './data.js';

export interface SeedOptions {
  /** The current year in the business time zone: holidays are seeded for it and the next. */
  year: number;
  demoUsers: boolean;
}

export interface SeedReport {
  fields: number;
  agencies: number;
  holidays: number;
  lineCapacity: number;
  inboundNumbers: number;
  slaRules: number;
  users: string[];
}

/**
 * Idempotent: inserts what is missing and never overwrites what admins changed since.
 * Running it twice changes nothing the second time.
 */
export async function seed(db: Executor, options: SeedOptions): Promise<SeedReport> {
  const inserted = (rows: unknown[]) => rows.length;
  const report: SeedReport = { fields: 0, agencies: 0, holidays: 0, lineCapacity: 0, inboundNumbers: 0, slaRules: 0, users: [] };

  report.fields = inserted(
    await db.insert(fields).values(seedFields.map((f, i) => ({ ...f, sortOrder: (i + 1) * 10 }))).onConflictDoNothing().returning(),
  );
  report.agencies = inserted(await db.insert(agencies).values([...seedAgencies]).onConflictDoNothing().returning());

  await db
    .insert(workCalendars)
    .values({ code: 'co-quan-hanh-chinh', name: 'Giờ hành chính cơ quan nhà nước', weeklyHours: defaultWeeklyHours(), isDefault: true })
    .onConflictDoNothing();
  const [calendar] = await db.select().from(workCalendars).where(eq(workCalendars.code, 'co-quan-hanh-chinh'));
  if (!calendar) throw new Error('default work calendar missing after insert');
  const holidays = [options.year, options.year + 1].flatMap((y) => vietnamPublicHolidays(y));
  report.holidays = inserted(
    await db
      .insert(calendarDays)
      .values(holidays.map((h) => ({ calendarId: calendar.id, date: h.date, kind: h.kind, name: h.name })))
      .onConflictDoNothing()
      .returning(),
  );

  const existingSchedules = await db.select({ id: lineCapacitySchedules.id }).from(lineCapacitySchedules).limit(1);
  if (existingSchedules.length === 0) {
    report.lineCapacity = inserted(await db.insert(lineCapacitySchedules).values([...seedLineCapacity]).returning());
  }
  await db.insert(ivrMenus).values({ code: defaultIvrMenuCode, name: defaultIvrMenuName, definition: defaultIvrMenu }).onConflictDoNothing();
  const [menu] = await db.select({ id: ivrMenus.id }).from(ivrMenus).where(eq(ivrMenus.code, defaultIvrMenuCode));
  report.inboundNumbers = inserted(
    await db
      .insert(inboundNumbers)
      .values(seedInboundNumbers.map((n) => ({ ...n, ivrMenuId: menu?.id ?? null })))
      .onConflictDoNothing()
      .returning(),
  );

  const [healthField] = await db.select().from(fields).where(eq(fields.code, 'y-te'));
  report.slaRules = inserted(
    await db
      .insert(slaRules)
      .values(
        R13_DEADLINE_RULES.map((r) => ({
          code: r.id,
          name: r.name,
          kind: r.kind,
          hours: r.hours,
          calendarId: calendar.id,
          ...(r.id === 'dong-nai-urgent-health-4h' ? { urgency: 'urgent' as const, fieldId: healthField?.id ?? null } : {}),
        })),
      )
      .onConflictDoNothing()
      .returning(),
  );

  if (options.demoUsers) report.users = await seedDemoUsers(db);
  return report;
}

async function seedDemoUsers(db: Executor): Promise<string[]> {
  const created: string[] = [];
  for (const demo of demoUsers) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, demo.username));
    if (existing) continue;
    let agencyId: string | null = null;
    if ('agencyCode' in demo) {
      const [agency] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, demo.agencyCode));
      agencyId = agency?.id ?? null;
    }
    const user = await createUser(db, { username: demo.username, fullName: demo.fullName, password: demoPassword, role: demo.role, agencyId });
    if ('endpoint' in demo) {
      await db.insert(sipEndpoints).values({ endpoint: demo.endpoint, kind: 'softphone', label: demo.fullName, userId: user.id }).onConflictDoNothing();
    }
    await recordAudit(db, { actor: null, action: 'user.create', entityType: 'user', entityId: user.id, details: { role: demo.role, source: 'seed' } });
    created.push(demo.username);
  }
  return created;
}
