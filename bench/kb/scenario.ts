/**
 * The `kb` scenario: N knowledge-base entries (default 10,000 Vietnamese questions and answers), searched as the
 * operator types: every prefix (from the 3rd character) of what they type, without diacritics, is one query through
 * searchKb (src/kb/search.ts). Target: p95 ≤ 20 ms.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { kbEntries } from '../../src/db/schema/index.js';
import { readMeta, writeMeta, type BenchDatabase } from '../lib/database.js';
import { pick, seededRandom, unaccentVi } from '../lib/random.js';
import { latencyNote, round, summarize } from '../lib/stats.js';
import { msSince, nowNs, progress } from '../lib/timing.js';
import type { Figure, ScenarioResult } from '../lib/types.js';
import { answerBodies, answerClosings, answerOpenings, audiences, questionForms, topics } from './vocabulary.js';

export interface KbOptions {
  database: BenchDatabase;
  entries: number;
  samples: number;
  budgetSeconds: number;
}

export interface KbQuery {
  q: string;
  fieldId?: string;
  agencyId?: string;
  limit?: number;
}

type SearchKb = (db: Database, query: KbQuery) => Promise<unknown>;

const metaKey = 'kb';
const warmup = 10;
const minPrefix = 3;

export async function runKbScenario(options: KbOptions): Promise<ScenarioResult> {
  const started = nowNs();
  const db = options.database.handle.db;
  await ensureEntries(options);
  const { search, name } = await loadSearch();

  const typed = typedPhrases(options.samples + warmup);
  const queries = typed.flatMap((phrase) => prefixes(phrase));
  progress(`search-as-you-type: ${typed.length} phrases typed, ${queries.length} queries through ${name}`);
  for (const q of queries.slice(0, warmup)) await search(db, { q, limit: 10 });
  const samples: number[] = [];
  let results = 0;
  const deadline = nowNs() + BigInt(options.budgetSeconds) * 1_000_000_000n;
  for (const q of queries.slice(warmup)) {
    const t0 = nowNs();
    const found = await search(db, { q, limit: 10 });
    samples.push(msSince(t0));
    if (Array.isArray(found)) results += found.length;
    if (samples.length >= 20 && nowNs() > deadline) {
      progress(`  time budget (${options.budgetSeconds} s) spent after ${samples.length} samples`);
      break;
    }
  }
  const s = summarize(samples);
  progress(`  search-as-you-type p95 ${round(s.p95)} ms (${latencyNote(s)})`);

  // The same queries filtered by field, as when the operator has picked the call's field.
  const fieldIds = ((await db.execute(sql`SELECT id FROM fields ORDER BY sort_order`)) as unknown as Array<{ id: string }>).map((r) => r.id);
  const filtered: number[] = [];
  const filteredQueries = queries.slice(warmup, warmup + Math.min(samples.length, options.samples));
  for (const [i, q] of filteredQueries.entries()) {
    const t0 = nowNs();
    await search(db, { q, limit: 10, fieldId: fieldIds[i % fieldIds.length] ?? '' });
    filtered.push(msSince(t0));
  }
  const f = summarize(filtered);

  const figures: Figure[] = [
    {
      name: 'kb search-as-you-type p95',
      value: s.p95,
      unit: 'ms',
      target: { op: '<=', value: 20 },
      note: latencyNote(s, `${name}; every prefix ≥ ${minPrefix} chars of ${typed.length} unaccented phrases, limit 10; mean ${round(results / Math.max(1, samples.length))} results`),
    },
    { name: 'kb search-as-you-type p95 (with field filter)', value: f.p95, unit: 'ms', target: { op: '<=', value: 20 }, note: latencyNote(f, `${name}, fieldId set`) },
  ];
  return {
    scenario: 'kb',
    params: { entries: options.entries, phrases: typed.length, search: name },
    figures,
    seconds: Math.round(msSince(started) / 100) / 10,
  };
}

/** searchKb from src/kb/search.ts (written separately); until it exists, a stand-in of the same shape, labelled. */
async function loadSearch(): Promise<{ search: SearchKb; name: string }> {
  const modulePath = '../../src/kb/search.js';
  try {
    const mod = (await import(modulePath)) as { searchKb?: unknown };
    if (typeof mod.searchKb === 'function') return { search: mod.searchKb as SearchKb, name: 'searchKb (src/kb/search.ts)' };
    progress('src/kb/search.ts has no searchKb export: using the stand-in query');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    progress('src/kb/search.ts is not there yet: using a stand-in query (f_unaccent ILIKE on question and keywords)');
  }
  return { search: standInSearch, name: 'STAND-IN query (src/kb/search.ts absent)' };
}

const standInSearch: SearchKb = async (db, query) => {
  const needle = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.execute(sql`
    SELECT id, question FROM kb_entries
    WHERE active
      AND (f_unaccent(lower(question)) ILIKE f_unaccent(lower(${needle}::text)) OR f_unaccent(lower(coalesce(keywords, ''))) ILIKE f_unaccent(lower(${needle}::text)))
      ${query.fieldId ? sql`AND field_id = ${query.fieldId}` : sql``}
    ORDER BY updated_at DESC LIMIT ${query.limit ?? 10}`);
};

async function ensureEntries(options: KbOptions): Promise<void> {
  const { database } = options;
  const meta = await readMeta<{ entries: number }>(database.handle, metaKey);
  if (!database.fresh && meta?.entries === options.entries) {
    progress(`reusing ${options.entries.toLocaleString('en')} knowledge-base entries (--keep-db)`);
    return;
  }
  const db = database.handle.db;
  const t0 = nowNs();
  await db.delete(kbEntries);
  const fields = (await db.execute(sql`SELECT id, code FROM fields`)) as unknown as Array<{ id: string; code: string }>;
  const fieldId = new Map(fields.map((f) => [f.code, f.id]));
  const rows = generateEntries(options.entries).map((e) => ({
    ...e,
    fieldId: fieldId.get(e.field) ?? null,
    agencyId: database.people.agencies.get(e.agency)?.id ?? null,
    updatedBy: database.people.supervisorId,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(kbEntries).values(rows.slice(i, i + 1000).map(({ field: _f, agency: _a, ...row }) => row));
  }
  await db.execute(sql`VACUUM (ANALYZE) kb_entries`);
  await writeMeta(database.handle, metaKey, { entries: options.entries });
  progress(`generated ${rows.length.toLocaleString('en')} knowledge-base entries in ${round(msSince(t0) / 1000)} s`);
}

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/** Every topic × question form × audience, in a shuffled order, numbered past the combinations. */
export function generateEntries(count: number) {
  const rand = seededRandom(19);
  const combos: Array<{ topic: (typeof topics)[number]; form: string; audience: string }> = [];
  for (const topic of topics) for (const form of questionForms) for (const audience of audiences) combos.push({ topic, form, audience });
  for (let i = combos.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [combos[i], combos[j]] = [combos[j] as (typeof combos)[number], combos[i] as (typeof combos)[number]];
  }
  const day = 86_400_000;
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const c = combos[i % combos.length] as (typeof combos)[number];
    const round_ = Math.floor(i / combos.length);
    const question = capitalize(c.form.replace('{t}', `${c.topic.topic}${c.audience}`)) + (round_ > 0 ? ` (trường hợp ${round_ + 1})` : '');
    const answer = [pick(rand, answerOpenings), pick(rand, answerBodies), pick(rand, answerBodies), pick(rand, answerClosings)].join(' ').trim();
    const updatedAt = new Date(now - Math.floor(rand() * 700) * day);
    return {
      field: c.topic.field,
      agency: c.topic.agency,
      question,
      answer,
      keywords: c.topic.keywords,
      active: rand() > 0.03,
      createdAt: updatedAt,
      updatedAt,
    };
  });
}

/**
 * What operators type while the citizen talks: 2–5 words of a known question or topic, without diacritics
 * ("cap lai the bao hiem", "dang ky tam tru"), sometimes a keyword ("vneid", "gplx"), sometimes nothing known.
 * Phrases are added until their prefixes give at least `count` queries.
 */
export function typedPhrases(count: number): string[] {
  const rand = seededRandom(2210);
  const phrases: string[] = [];
  let queries = 0;
  while (queries < count) {
    const r = rand();
    let phrase: string;
    if (r < 0.55) {
      const words = unaccentVi(pick(rand, topics).topic).split(' ');
      const n = Math.min(words.length, 2 + Math.floor(rand() * 4));
      const start = Math.floor(rand() * (words.length - n + 1));
      phrase = words.slice(start, start + n).join(' ');
    } else if (r < 0.8) {
      const form = pick(rand, questionForms).replace('{t}', pick(rand, topics).topic);
      phrase = unaccentVi(form).replace(/[?,]/g, '').split(' ').slice(0, 3 + Math.floor(rand() * 3)).join(' ');
    } else if (r < 0.95) {
      phrase = unaccentVi(pick(rand, pick(rand, topics).keywords.split(', ')));
    } else {
      phrase = pick(rand, ['tro cap tien dien mat troi', 'xin visa du lich', 'gia vang hom nay']);
    }
    phrases.push(phrase);
    queries += prefixes(phrase).length;
  }
  return phrases;
}

/** "dang ky" → "dan", "dang", "dang k", "dang ky": each keystroke from the 3rd (a trailing space adds no query). */
export function prefixes(phrase: string): string[] {
  const out: string[] = [];
  for (let i = minPrefix; i <= phrase.length; i += 1) {
    const p = phrase.slice(0, i);
    if (!p.endsWith(' ')) out.push(p);
  }
  return out;
}
