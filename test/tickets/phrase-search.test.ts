import { eq, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { agencies, tickets } from '../../src/db/schema/index.js';
import { wordsAndPairs } from '../../src/search/fold.js';
import { pairsQuery, parseSearch, phraseInFolded } from '../../src/search/typed.js';
import { newestWithPhrase, phraseSearchSteps, type PhraseSearchScope, type PhraseSearchSteps } from '../../src/tickets/phrase-search.js';
import { listTickets, wordSearchCountLimit } from '../../src/tickets/queries.js';
import { createTestDatabase, testDriver } from '../helpers/db.js';

const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

/**
 * Issue 6: the newest tickets holding a phrase are found in steps — tickets read newest first, the word index within
 * a window of time, the index for everything older — chosen by how common the phrase looks. Whichever steps are
 * taken, the answer is the one of checking every ticket.
 */
describe(`newest tickets holding a phrase (${testDriver()})`, () => {
  let database: DatabaseHandle;
  let scopes: Record<string, PhraseSearchScope> = {};
  const operator: Principal = { id: '00000000-0000-4000-8000-000000000001', username: 'dtv', fullName: 'Điện thoại viên', role: 'operator', agencyId: null, sessionId: 's' };
  const context = { now: new Date(Date.UTC(2026, 11, 1)), dueSoonMinutes: 120 };

  /** What checking every ticket finds: LIKE on the folded text, newest first. */
  const everyTicket = async (q: string, wanted: number, { among, filters, selective }: PhraseSearchScope = {}) => {
    const pattern = `%${phraseInFolded(parseSearch(q))}%`;
    const found = await database.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(sql`${among ?? sql`true`} and ${filters ?? sql`true`} and ${selective ?? sql`true`} and ${tickets.searchText} like ${pattern}`)
      .orderBy(sql`${tickets.receivedAt} desc, ${tickets.id} desc`)
      .limit(wanted);
    return found.map((row) => row.id);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const [roads, power] = await database.db
      .insert(agencies)
      .values([
        { code: 'so-gtvt', name: 'Sở Giao thông vận tải', kind: 'department' },
        { code: 'dien-luc', name: 'Công ty Điện lực', kind: 'other' },
      ])
      .returning();
    // 400 tickets, two at each instant, 12 hours apart (oldest first): a common phrase (one in 3), a middling one
    // (one in 20), a rare one (3 old tickets), and the rare one's words apart; a quarter with each agency.
    const start = Date.UTC(2025, 0, 1);
    const values = Array.from({ length: 400 }, (_, i) => {
      const content = [
        i % 3 === 0 ? 'Mất điện khu phố 3 từ sáng.' : 'Hỏi thủ tục cấp giấy phép.',
        i % 20 === 7 ? 'Ổ gà trên Đường Lê Lợi.' : '',
        [5, 17, 33].includes(i) ? 'Bà Đặng Thu Hà hỏi trợ cấp.' : '',
        i % 11 === 4 ? 'Ông Đặng Văn Thu ở Hà Nội.' : '',
      ].join(' ');
      const channel = i % 7 === 0 ? ('zalo' as const) : ('phone' as const);
      const agencyId = [null, roads!.id, power!.id, null][i % 4];
      return { receiptCode: `1022-2026-${String(i).padStart(6, '0')}`, channel, content, agencyId, receivedAt: new Date(start + Math.floor(i / 2) * 43_200_000) };
    });
    await database.db.insert(tickets).values(values);
    // Microseconds, as PostgreSQL keeps them and JavaScript dates do not: where a step stops must be exact.
    await database.db.execute(sql`update tickets set received_at = received_at + (right(receipt_code, 1)::int % 3) * interval '1 microsecond'`);
    const zalo = eq(tickets.channel, 'zalo');
    const roadsOnly = eq(tickets.agencyId, roads!.id);
    scopes = {
      'all tickets': {},
      'on Zalo': { filters: zalo },
      'of an agency': { among: roadsOnly },
      'of an agency, on Zalo': { among: roadsOnly, filters: zalo },
      'on Zalo as the selective condition (like overdue)': { selective: zalo },
      'of an agency, open, on Zalo as the selective condition': { among: roadsOnly, filters: ne(tickets.status, 'resolved'), selective: zalo },
    };
  });
  afterAll(() => database.close());

  it('given the words typed, then the index lexemes of a text are its words and its pairs of adjacent words', async () => {
    const holds = async (text: string, q: string) => {
      const [row] = rows<{ hit: boolean }>(await database.db.execute(sql`select ${wordsAndPairs(sql`${` ${text} `}::text`)} @@ ${pairsQuery(parseSearch(q))}::tsquery as hit`));
      return row?.hit;
    };
    expect(pairsQuery(parseSearch('Đường Lê Lợ'))).toBe("'duong le' & 'le lo':*");
    expect(pairsQuery(parseSearch('lợi '))).toBe("'loi'");
    expect(await holds('o ga tren duong le loi', 'duong le lo')).toBe(true);
    expect(await holds('o ga tren duong le loi', 'tren duong')).toBe(true);
    expect(await holds('o ga tren duong le loi', 'le duong')).toBe(false);
    expect(await holds('o ga tren duong le loi', 'uong')).toBe(false);
    expect(await holds('o ga tren duong le loi', 'loi ')).toBe(true);
    expect(await holds('o ga tren duong le loi', 'lo ')).toBe(false);
  });

  const stepSets: Record<string, PhraseSearchSteps> = {
    'the default steps (400 tickets: one read in order)': phraseSearchSteps,
    'small steps: reads in order and index windows': { firstRows: 10, scanRows: 40, indexMatches: 3, growth: 2, maxSteps: 8 },
    'index windows only, then everything older': { firstRows: 5, scanRows: 0, indexMatches: 0, growth: 2, maxSteps: 5 },
    'reads in order only after the first': { firstRows: 3, scanRows: 10_000, indexMatches: 0, growth: 8, maxSteps: 6 },
  };
  const phrases = ['khu pho 3', 'duong le lo', 'dang thu ha', 'dang thu h', 'thu ', 'ha noi', 'nobody wrote this'];

  for (const [name, steps] of Object.entries(stepSets)) {
    it(`given ${name}, then the newest matches are those of checking every ticket, in the list's order`, async () => {
      for (const [among, scope] of Object.entries(scopes)) {
        for (const q of phrases) {
          for (const wanted of [1, 7, 50, 101, 500]) {
            const expected = await everyTicket(q, wanted, scope);
            expect(await newestWithPhrase(database.db, scope, parseSearch(q), wanted, steps), `"${q}", ${wanted} wanted, ${among}`).toEqual(expected);
          }
        }
      }
    });
  }

  it(`given a phrase in more than ${wordSearchCountLimit} tickets, then the total stops there and says so; pages go on`, async () => {
    const common = await listTickets(database.db, operator, { q: 'khu pho 3', limit: 50, offset: 0 }, context);
    expect(common.items.map((t) => t.id)).toEqual(await everyTicket('khu pho 3', 50));
    expect({ total: common.total, totalCapped: common.totalCapped }).toEqual({ total: wordSearchCountLimit, totalCapped: true });
    const third = await listTickets(database.db, operator, { q: 'khu pho 3', limit: 50, offset: 100 }, context);
    expect(third.items.map((t) => t.id)).toEqual((await everyTicket('khu pho 3', 150)).slice(100));
    expect(third.items.length).toBe(34);
    const few = await listTickets(database.db, operator, { q: 'duong le lo', limit: 50, offset: 0 }, context);
    expect({ items: few.items.length, total: few.total, totalCapped: few.totalCapped }).toEqual({ items: 20, total: 20, totalCapped: false });
  });
});
