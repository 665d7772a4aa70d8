import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket, transition } from '../../src/tickets/service.js';
import { testDriver } from '../helpers/db.js';
import { fieldId, startTicketApp } from './support.js';

type Ctx = Awaited<ReturnType<typeof startTicketApp>>;

/** The agency side: list with filters and accent-insensitive search (đ → d), on PGlite and PostgreSQL. */
describe(`listing and searching tickets (${testDriver()})`, () => {
  let c: Ctx;
  const ids: Record<string, string> = {};
  const list = async (who: keyof Ctx['cookies'], query: string) => {
    const response = await c.t.app.inject({ url: `/api/tickets?${query}`, headers: { cookie: c.cookies[who] } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: string; receiptCode: string; overdue: boolean; status: string }[]; total: number };
  };
  /** The names (keys of `ids`) of the tickets a query finds, sorted. */
  const found = async (query: string, who: keyof Ctx['cookies'] = 'operator') => {
    const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return (await list(who, query)).items.map((i) => names.get(i.id) ?? i.id).sort();
  };

  beforeAll(async () => {
    c = await startTicketApp();
    const db = c.t.database.db;
    const transport = await fieldId(c.t, 'giao-thong');
    const health = await fieldId(c.t, 'y-te');
    const hourAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    const make = async (key: string, input: Parameters<typeof createTicket>[2], forwardTo?: string) => {
      const { ticket } = await createTicket(db, c.users.operator, input);
      ids[key] = ticket.id;
      if (forwardTo) await transition(db, c.users.operator, ticket.id, 'forward', { agencyId: forwardTo });
    };
    await make('leLoi', { channel: 'phone', content: 'Ổ gà lớn trên Đường Lê Lợi, phường Quang Vinh', fieldId: transport }, c.agencies.transport.id);
    await make('duong', { channel: 'web', content: 'Hỏi lịch tiêm', citizenName: 'Dương Thị Hoa', citizenPhone: '0912345678', fieldId: health, urgency: 'urgent' }, c.agencies.health.id);
    // Received 23 hours ago under the 24-hour rule: due within the hour.
    await make('dueSoon', { channel: 'zalo', content: 'Mất điện khu phố 3', citizenAddress: 'Tổ 5, khu phố 3, Trảng Dài', receivedAt: hourAgo(23) });
    // Received 30 hours ago: overdue.
    await make('overdue', { channel: 'email', content: 'Rác thải chưa được thu gom 100%', receivedAt: hourAgo(30) }, c.agencies.transport.id);
    await make('closed', { channel: 'phone', content: 'Đường Lê Lợi có đèn hỏng', receivedAt: hourAgo(30) });
    await transition(db, c.users.operator, ids.closed!, 'answer', { resultText: 'Đã báo Điện lực' });
  });
  afterAll(() => c.t.close());

  it('given "duong le loi", then "Đường Lê Lợi" is found, whatever the case and diacritics', async () => {
    expect(await found('q=duong%20le%20loi')).toEqual(['closed', 'leLoi']);
    expect(await found(`q=${encodeURIComponent('ĐƯỜNG LÊ LỢI')}`)).toEqual(['closed', 'leLoi']);
    expect(await found(`q=${encodeURIComponent('đường lê lợi, phường')}`)).toEqual(['leLoi']);
  });

  it('given "duong", then "Dương" in the citizen name matches too (f_unaccent folds Đ and D alike)', async () => {
    expect(await found('q=duong%20thi')).toEqual(['duong']);
    expect(await found('q=duong')).toEqual(['closed', 'duong', 'leLoi']);
  });

  it('given an address or a receipt code, then they are searched too; LIKE wildcards are literal', async () => {
    expect(await found('q=trang%20dai')).toEqual(['dueSoon']);
    const { items } = await list('operator', 'q=rac%20thai');
    expect(await found(`q=${items[0]!.receiptCode}`)).toEqual(['overdue']);
    // Its year and number without the prefix ("2026-000123") are words of the code, not a phone number.
    expect(await found(`q=${items[0]!.receiptCode.split('-').slice(1).join('-')}`)).toEqual(['overdue']);
    expect(await found('q=100%25')).toEqual(['overdue']);
    expect(await found('q=%25%25%25')).toEqual([]);
    expect(await found('q=_')).toEqual([]);
  });

  it('given words still being typed, then the last one is a prefix, the others whole words, all in a row', async () => {
    expect(await found('q=duong%20le%20lo')).toEqual(['closed', 'leLoi']);
    expect(await found('q=duong%20l')).toEqual(['closed', 'leLoi']);
    // A space typed after it: the last word is whole too ("l" is not a word of either ticket).
    expect(await found('q=duong%20l%20')).toEqual([]);
    expect(await found(`q=${encodeURIComponent('lê lợi, ')}`)).toEqual(['closed', 'leLoi']);
  });

  it('given words of a ticket that are not in a row, or in another order, then it is not found', async () => {
    expect(await found('q=duong%20phuong')).toEqual([]);
    expect(await found('q=loi%20le')).toEqual([]);
    expect(await found('q=lon%20tren%20duong')).toEqual(['leLoi']);
  });

  it('given a part of a word that does not begin it, then nothing is found ("uong" is inside "duong", not a word)', async () => {
    expect(await found('q=uong')).toEqual([]);
    expect(await found('q=uong%20le%20loi')).toEqual([]);
    expect(await found('q=ien')).toEqual([]);
    expect(await found('q=dien')).toEqual(['dueSoon']);
  });

  it('given only punctuation or LIKE wildcards, then they separate words and match nothing themselves', async () => {
    for (const q of ['!?', ' - ', '%', '%_%', '“”']) {
      const result = await list('operator', `q=${encodeURIComponent(q)}`);
      expect(result.items, q).toEqual([]);
      expect(result.total, q).toBe(0);
    }
    expect(await found(`q=${encodeURIComponent('duong_le%loi')}`)).toEqual(['closed', 'leLoi']);
    expect(await found(`q=${encodeURIComponent('d%ng')}`)).toEqual([]);
    expect(await found(`q=${encodeURIComponent('l_i')}`)).toEqual([]);
  });

  it('given a phone number typed with dots, spaces or +84, then the citizen\'s tickets are found by their number', async () => {
    expect(await found(`q=${encodeURIComponent('0912.345.678')}`)).toEqual(['duong']);
    expect(await found(`q=${encodeURIComponent('+84 912 345 678')}`)).toEqual(['duong']);
    expect(await found('q=0999999999')).toEqual([]);
  });

  it('given an agency officer, when they search, then only their agency’s tickets are found', async () => {
    expect(await found('q=duong', 'transport')).toEqual(['leLoi']);
    expect(await found('q=duong', 'health')).toEqual(['duong']);
  });

  it('given due filters, then overdue and due soon are derived from dueAt at read time, closed tickets never overdue', async () => {
    expect(await found('due=overdue')).toEqual(['overdue']);
    expect(await found('due=due_soon')).toEqual(['dueSoon']);
    const all = await list('supervisor', 'limit=50');
    expect(all.items.filter((i) => i.overdue).map((i) => i.id)).toEqual([ids.overdue]);
  });

  it('given status, field, channel and urgency filters with pagination, then the total counts every match', async () => {
    expect(await found('status=forwarded')).toEqual(['duong', 'leLoi', 'overdue']);
    expect(await found('status=received&status=answered')).toEqual(['closed', 'dueSoon']);
    expect(await found(`fieldId=${await fieldId(c.t, 'y-te')}`)).toEqual(['duong']);
    expect(await found('channel=zalo')).toEqual(['dueSoon']);
    expect(await found('urgency=urgent')).toEqual(['duong']);
    const page = await list('supervisor', 'limit=2&offset=1');
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(5);
  });

  it('given bad filters, then 400', async () => {
    for (const query of ['due=late', 'status=lost', 'limit=0', 'q=', 'fieldId=abc']) {
      const response = await c.t.app.inject({ url: `/api/tickets?${query}`, headers: { cookie: c.cookies.operator } });
      expect(response.statusCode, query).toBe(400);
    }
  });
});
