import { eq } from 'drizzle-orm';
import { agencies, fields, slaRules } from '../../src/db/schema/index.js';
import { seed } from '../../src/seed/seed.js';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

/** The seeded province (agencies incl. Sở TT&TT, fields, calendar with 2026–2027 holidays, R13 rules) and one account per role. */
export async function startTicketApp(envOverrides: Record<string, string> = {}) {
  const t = await startTestApp(envOverrides);
  await seed(t.database.db, { year: 2026, demoUsers: false });
  const agency = async (code: string) => {
    const [row] = await t.database.db.select().from(agencies).where(eq(agencies.code, code));
    if (!row) throw new Error(`no agency ${code}`);
    return row;
  };
  const health = await agency('so-y-te');
  const transport = await agency('so-gtvt');
  const ict = await agency('so-tttt');
  const users = {
    operator: await createTestUser(t, 'dtv', 'operator'),
    supervisor: await createTestUser(t, 'giamsat', 'supervisor'),
    admin: await createTestUser(t, 'quantri', 'admin'),
    health: await createTestUser(t, 'daumoi-yte', 'agency_officer', health.id),
    transport: await createTestUser(t, 'daumoi-gt', 'agency_officer', transport.id),
    ict: await createTestUser(t, 'daumoi-tttt', 'agency_officer', ict.id),
  };
  const cookies = {} as Record<keyof typeof users, string>;
  for (const [who, user] of Object.entries(users)) cookies[who as keyof typeof users] = await login(t, user.username);
  return { t, agencies: { health, transport, ict }, users, cookies };
}

export async function fieldId(t: TestApp, code: string): Promise<string> {
  const [row] = await t.database.db.select({ id: fields.id }).from(fields).where(eq(fields.code, code));
  if (!row) throw new Error(`no field ${code}`);
  return row.id;
}

export async function ruleId(t: TestApp, code: string): Promise<string> {
  const [row] = await t.database.db.select({ id: slaRules.id }).from(slaRules).where(eq(slaRules.code, code));
  if (!row) throw new Error(`no rule ${code}`);
  return row.id;
}
