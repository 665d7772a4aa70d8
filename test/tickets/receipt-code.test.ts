import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { createTicket } from '../../src/tickets/service.js';
import { businessYear, formatReceiptCode } from '../../src/tickets/receipt-code.js';
import { defaultTicketSettings } from '../../src/tickets/settings.js';
import { createTestDatabase, testDriver } from '../helpers/db.js';

/** R18: one receipt code per ticket, unique, never reused — "several or wrong receipt codes" was the 2018 complaint. */
describe(`receipt codes (${testDriver()})`, () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const file = (now: Date, content = 'Phản ánh') => createTicket(database.db, null, { channel: 'web', content }, { now });

  it('given 60 tickets created at once, then their codes are unique and sequential, with no gap', async () => {
    const now = new Date('2026-05-04T03:00:00Z');
    const created = await Promise.all(Array.from({ length: 60 }, (_, i) => file(now, `Phản ánh số ${i}`)));
    const codes = created.map((c) => c.ticket.receiptCode).sort();
    expect(new Set(codes).size).toBe(60);
    expect(codes).toEqual(Array.from({ length: 60 }, (_, i) => formatReceiptCode('1022', 2026, i + 1)));
  });

  it('given a creation that fails inside its transaction, then its number is not lost and the next ticket takes it', async () => {
    const now = new Date('2026-05-04T03:00:00Z');
    await expect(
      createTicket(database.db, null, { channel: 'web', content: 'x' }, { now, inTransaction: async () => Promise.reject(new Error('boom')) }),
    ).rejects.toThrow('boom');
    expect((await file(now)).ticket.receiptCode).toBe('1022-2026-000061');
  });

  it('given 00:30 on 1 January in Vietnam (still 31 December in UTC), then the code is of the new year, counted from 1', async () => {
    const now = new Date('2026-12-31T17:30:00Z');
    expect(businessYear(now, 'Asia/Ho_Chi_Minh')).toBe(2027);
    expect((await file(now)).ticket.receiptCode).toBe('1022-2027-000001');
  });

  it('given a province prefix, then codes carry it', async () => {
    const { ticket } = await createTicket(database.db, null, { channel: 'email', content: 'x' }, { now: new Date('2027-02-01T03:00:00Z'), settings: { ...defaultTicketSettings, receiptPrefix: 'TH1022' } });
    expect(ticket.receiptCode).toBe('TH1022-2027-000002');
  });
});
