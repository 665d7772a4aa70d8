/**
 * Text search of the ticket list: the newest tickets holding a phrase, at a bounded cost whatever the phrase
 * (issue 6: p95 ≤ 50 ms at 1,000,000 tickets; bench/FINDINGS.md, finding 1).
 *
 * Matching: the words typed, in a row, each a whole word of the ticket's folded receipt code, citizen name, address
 * and content (tickets.search_text, src/search/fold.ts), the last one perhaps only begun: "duong le lo" finds
 * "Đường Lê Lợi", "uong" does not. The phrase is checked on search_text (LIKE '% duong le lo%', written as strpos,
 * which is 2–3 times cheaper); the word index (tickets_search_words_idx: every word and every pair of adjacent
 * words) finds the tickets that may hold it without reading the others.
 *
 * Cost: the list wants the newest matches, and the cheapest way to them depends on how common the phrase is:
 * - common ("khu pho 3", one ticket in 40): read tickets newest first, checking each (≈ 1 µs a row); going through
 *   the index would read and sort every one of its tens of thousands of matches;
 * - rare (a citizen's name, a phrase nobody wrote): the index finds its few tickets wherever they are;
 * - in between: the index within a window of time (its bitmap ∩ the received_at range), so that only the
 *   matches of the window are read.
 * So the first step reads the newest `firstRows` tickets; then, from the share of the rows seen that matched, each
 * step estimates how many more rows hold the matches still wanted and how many matches the older tickets hold:
 * few rows → read them in order; few matches → the index for everything older; else the index for a window of
 * about that many rows' time. Each step starts where the previous one stopped, so matches come newest first without
 * sorting them all; the last allowed step takes everything older.
 */
import { and, desc, gte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { tickets } from '../db/schema/index.js';
import { wordsAndPairs } from '../search/fold.js';
import { pairsQuery, phraseInFolded, type TypedSearch } from '../search/typed.js';

/** Which tickets to search. */
export interface PhraseSearchScope {
  /**
   * A condition with an index in the list's order, so that tickets are read newest first among those only: an
   * agency (tickets_agency_received_idx). Without it, all tickets are read (tickets_received_idx).
   */
  among?: SQL | undefined;
  /** Other conditions (status, field…), checked on each ticket. */
  filters?: SQL | undefined;
  /**
   * A condition with an index of its own that keeps few tickets (the deadline filters: open and overdue, or due
   * soon): all its tickets are checked for the phrase at once, instead of reading every ticket newest first for the
   * few that pass it.
   */
  selective?: SQL | undefined;
}

export interface PhraseSearchSteps {
  /** Tickets read newest first before anything else: enough to see how common the phrase is, ≈ 3 ms. */
  firstRows: number;
  /** More rows than this to read in order cost more than the index (≈ 1.3 µs a row; 1.5 µs a match in the index). */
  scanRows: number;
  /** Fewer matches than this in all the older tickets: the index for all of them (a row read each, 3–25 µs). */
  indexMatches: number;
  /** An index window spans at most this many times the rows seen so far: the share seen may be a poor estimate. */
  growth: number;
  /** Steps at most; the last one takes everything older. */
  maxSteps: number;
}

export const phraseSearchSteps: PhraseSearchSteps = { firstRows: 2_000, scanRows: 12_000, indexMatches: 1_000, growth: 8, maxSteps: 6 };

/** The share of matches seen so far is an estimate: read this much more than it says. */
const margin = 1.25;

/** Where a step stopped: a ticket, or a time (id: the smallest uuid). `at` is PostgreSQL's text, exact to the µs. */
interface Boundary {
  at: string;
  id: string;
}

const timeBoundary = (at: Date): Boundary => ({ at: at.toISOString(), id: '00000000-0000-0000-0000-000000000000' });

/** Tickets after `boundary` in the list's order (received_at desc, id desc). */
const after = (boundary: Boundary | undefined): SQL | undefined =>
  boundary && sql`(${tickets.receivedAt}, ${tickets.id}) < (${boundary.at}::timestamptz, ${boundary.id}::uuid)`;

/**
 * Up to `rows` tickets `among` after `boundary`, newest first: the first `wanted` for which `hit` holds, the first
 * and the last ticket read (where the step began and ended), how many it read (fewer than `rows`: there are no
 * more), and when the oldest ticket `among` was received (with the rate of tickets, how many older ones are left).
 * With `wanted` hits, the step is the last: it does not say where it ended.
 */
async function readInOrder(db: Executor, among: SQL | undefined, hit: SQL, boundary: Boundary | undefined, rows: number, wanted: number) {
  const read = db
    .select({ id: tickets.id, receivedAt: tickets.receivedAt, hit: sql<boolean>`(${hit}) is true`.as('hit') })
    .from(tickets)
    .where(and(among, after(boundary)))
    .orderBy(desc(tickets.receivedAt), desc(tickets.id))
    .limit(rows)
    .as('read');
  const numbered = db
    .select({
      id: read.id,
      receivedAt: read.receivedAt,
      hit: read.hit,
      nth: sql<number>`row_number() over (order by ${read.receivedAt} desc, ${read.id} desc)`.as('nth'),
      rows: sql<number>`count(*) over ()`.as('rows'),
    })
    .from(read)
    .as('numbered');
  const picked = await db
    .select({
      id: numbered.id,
      receivedAt: numbered.receivedAt,
      at: sql<string>`${numbered.receivedAt}::text`,
      hit: numbered.hit,
      nth: numbered.nth,
      rows: numbered.rows,
      oldest: sql<Date | null>`(select min(${tickets.receivedAt}) from ${tickets} where ${among ?? sql`true`})`.mapWith(tickets.receivedAt),
    })
    .from(numbered)
    .where(sql`${numbered.hit} or ${numbered.nth} = 1 or ${numbered.nth} = ${numbered.rows}`)
    .orderBy(numbered.nth)
    .limit(wanted + 2);
  const hits = picked.filter((row) => row.hit).slice(0, wanted);
  const first = picked[0];
  const last = picked.find((row) => Number(row.nth) === Number(row.rows));
  return { hits: hits.map((row) => row.id), first, last, rows: Number(first?.rows ?? 0), oldest: first?.oldest ?? null };
}

/**
 * The ids of the newest tickets of `scope` that hold the phrase `typed`, newest first (received_at desc, id desc),
 * at most `wanted`; fewer means there are no more. `typed` has at least one word.
 */
export async function newestWithPhrase(db: Executor, { among, filters, selective }: PhraseSearchScope, typed: TypedSearch, wanted: number, steps = phraseSearchSteps): Promise<string[]> {
  const phrase = sql`strpos(${tickets.searchText}, ${phraseInFolded(typed)}) > 0`;
  if (selective) {
    // Every ticket of the selective condition, checked, then the newest (`offset 0`: planned apart, see lookUp).
    const matches = db.select({ id: tickets.id, receivedAt: tickets.receivedAt }).from(tickets).where(and(among, selective, filters, phrase));
    const hits = await db
      .select({ id: sql<string>`matches.id` })
      .from(sql`(${matches} offset 0) as matches`)
      .orderBy(sql`matches.received_at desc, matches.id desc`)
      .limit(wanted);
    return hits.map((hit) => hit.id);
  }
  const inIndex = sql`${wordsAndPairs(sql`${tickets.searchText}`)} @@ ${pairsQuery(typed)}::tsquery`;
  const found: string[] = [];
  let boundary: Boundary | undefined; // everything newer has been looked at
  let rowsSeen = 0; // tickets looked at (estimated through index windows)
  let newest = 0; // received_at (ms) of the newest ticket, of the oldest looked at, of the oldest of all
  let seenUntil = 0;
  let oldest = 0;

  const scan = async (rows: number) => {
    const step = await readInOrder(db, among, and(filters, phrase) as SQL, boundary, rows, wanted - found.length);
    found.push(...step.hits);
    if (!step.first || !step.last || step.rows < rows) return true;
    newest ||= step.first.receivedAt.getTime();
    oldest ||= step.oldest?.getTime() ?? 0;
    boundary = { at: step.last.at, id: step.last.id };
    seenUntil = step.last.receivedAt.getTime();
    rowsSeen += step.rows;
    return false;
  };

  const lookUp = async (from: Date | undefined) => {
    const limit = wanted - found.length;
    // All the matches, then the newest. `offset 0` plans the subquery apart (drizzle drops .offset(0)), so through the
    // index: with ORDER BY received_at and a LIMIT the planner would read tickets newest first, checking each, for it
    // cannot tell how rare the phrase is.
    const matches = db
      .select({ id: tickets.id, receivedAt: tickets.receivedAt })
      .from(tickets)
      .where(and(among, filters, after(boundary), from ? gte(tickets.receivedAt, from) : undefined, inIndex, phrase));
    const hits = await db
      .select({ id: sql<string>`matches.id` })
      .from(sql`(${matches} offset 0) as matches`)
      .orderBy(sql`matches.received_at desc, matches.id desc`)
      .limit(limit);
    found.push(...hits.map((hit) => hit.id));
    if (!from || hits.length === limit) return true;
    boundary = timeBoundary(from);
    seenUntil = from.getTime();
    return false;
  };

  let exhausted = await scan(steps.firstRows);
  for (let step = 2; !exhausted && found.length < wanted; step += 1) {
    const msPerRow = Math.max(newest - seenUntil, 1) / rowsSeen;
    const olderRows = Math.max(seenUntil - oldest, 0) / msPerRow;
    // The rows holding the matches still wanted at the share seen so far, and the matches all the older tickets hold
    // at a pessimistic share (two more than seen: 0 of 2,000 does not mean none in a million).
    const rows = found.length === 0 ? Infinity : Math.ceil(((wanted - found.length) * rowsSeen * margin) / found.length);
    const olderMatches = ((found.length + 2) / rowsSeen) * olderRows;
    if (rows <= steps.scanRows && step < steps.maxSteps) {
      exhausted = await scan(rows);
    } else if (olderMatches <= steps.indexMatches || step === steps.maxSteps) {
      exhausted = await lookUp(undefined);
    } else {
      const windowRows = Math.min(rows, rowsSeen * steps.growth);
      exhausted = await lookUp(windowRows >= olderRows ? undefined : new Date(seenUntil - windowRows * msPerRow));
      rowsSeen += windowRows;
    }
  }
  return found.slice(0, wanted);
}
