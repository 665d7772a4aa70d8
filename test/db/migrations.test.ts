import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { agencies, tickets } from '../../src/db/schema/index.js';
import { createTestDatabase, testDriver } from '../helpers/db.js';

const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

describe(`database on ${testDriver()}`, () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('given an empty database, when migrated, then every table of the model exists', async () => {
    const result = await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rows<{ table_name: string }>(result).map((r) => r.table_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'agencies', 'fields', 'users', 'sessions', 'sip_endpoints', 'calls', 'recordings', 'callback_requests',
        'tickets', 'ticket_events', 'ticket_calls', 'attachments', 'receipt_code_counters', 'sms_messages',
        'kb_entries', 'ivr_menus', 'inbound_numbers', 'line_capacity_schedules', 'work_calendars',
        'calendar_days', 'sla_rules', 'audit_log',
      ]),
    );
  });

  it('given a migrated database, when migrated again, then nothing changes and nothing fails', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it('given the extension migration, then accents and đ fold for Vietnamese search (R3, R19)', async () => {
    const result = await database.db.execute(sql`select f_unaccent('Đường Lê Lợi, Biên Hòa') as folded, similarity('duong', 'duong le loi') > 0 as trgm`);
    expect(rows<{ folded: string; trgm: boolean }>(result)[0]).toEqual({ folded: 'Duong Le Loi, Bien Hoa', trgm: true });
  });

  it('given a ticket, when a second ticket takes the same receipt code, then the database refuses it (R18)', async () => {
    await database.db.insert(tickets).values({ receiptCode: '1022-2026-000001', channel: 'phone', content: 'Hỏi về BHYT' });
    await expect(
      database.db.insert(tickets).values({ receiptCode: '1022-2026-000001', channel: 'web', content: 'Khác' }),
    ).rejects.toThrow();
  });

  it('given an agency officer without an agency, then the database refuses the account', async () => {
    const [agency] = await database.db.insert(agencies).values({ code: 'so-y-te', name: 'Sở Y tế', kind: 'department' }).returning();
    expect(agency).toBeDefined();
    await expect(
      database.db.execute(
        sql`insert into users (username, full_name, password_hash, role) values ('x', 'X', 'h', 'agency_officer')`,
      ),
    ).rejects.toThrow();
  });
});
