/**
 * The `kb-import` scenario (issue 16): an agency's spreadsheet of N rows (default 10,000) imported into the knowledge
 * base through the same code as POST /api/kb/imports → PUT …/mapping → POST …/run, on the embedded database (PGlite,
 * in memory: what a trial runs on) — and on PostgreSQL too when the bench database is there. Figures: reading the
 * .xlsx and the .xls, the preview, the one-transaction run creating every row, the same file again (every row an
 * update), and the heap the process grew to.
 */
import { eq } from 'drizzle-orm';
import type { Principal } from '../../src/auth/roles.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { agencies, fields, kbImports, users } from '../../src/db/schema/index.js';
import { KbImportRunner } from '../../src/kb/import-runner.js';
import { createImport, previewImport, startImport } from '../../src/kb/import-service.js';
import { readSpreadsheet } from '../../src/kb/spreadsheet.js';
import { createUser } from '../../src/users/service.js';
import { xlsOf, xlsxOf } from '../../test/kb/samples.js';
import type { BenchDatabase } from '../lib/database.js';
import { pick, seededRandom } from '../lib/random.js';
import { round } from '../lib/stats.js';
import { msSince, nowNs, progress } from '../lib/timing.js';
import type { Figure, ScenarioResult } from '../lib/types.js';
import { answerBodies, answerClosings, answerOpenings, audiences, questionForms, topics } from '../kb/vocabulary.js';

export interface KbImportOptions {
  rows: number;
  /** The PostgreSQL bench database, when there is one: the run is timed there as well. */
  database?: BenchDatabase | undefined;
}

const silentLog = { info: () => undefined, error: () => undefined, warn: () => undefined } as never;

function sheetRows(count: number): string[][] {
  const random = seededRandom(16);
  const rows: string[][] = [['STT', 'Câu hỏi', 'Trả lời', 'Từ khóa', 'Lĩnh vực', 'Đơn vị']];
  for (let i = 1; i <= count; i++) {
    const question = `${pick(random, questionForms).replace('{t}', pick(random, topics).topic)}${pick(random, audiences)} (mục ${i})`;
    const answer = `${pick(random, answerOpenings)} ${pick(random, answerBodies)} ${pick(random, answerClosings)}`;
    rows.push([String(i), question, answer, 'thủ tục, hồ sơ', `linh-vuc-${i % 20}`, `don-vi-${i % 30}`]);
  }
  return rows;
}

async function timedRun(label: string, handle: DatabaseHandle, file: Buffer, figures: Figure[], expectCreated: boolean): Promise<void> {
  const db = handle.db;
  const [user] = await db.select().from(users).limit(1);
  const principal: Principal = { id: user!.id, username: user!.username, fullName: user!.fullName, role: 'admin', agencyId: null, sessionId: 'bench' };
  let t0 = nowNs();
  const { created } = await createImport(db, principal, { fileName: 'bench.xlsx', bytes: file });
  const uploadMs = msSince(t0);
  t0 = nowNs();
  const { plan } = await previewImport(db, principal, created.id, { question: 1, answer: 2, keywords: 3, field: 4, agency: 5 });
  const previewMs = msSince(t0);
  await startImport(db, { principal, ip: '127.0.0.1' }, created.id, { skipRowsWithProblems: false });
  const runner = new KbImportRunner(db, silentLog, null);
  t0 = nowNs();
  await runner.kick();
  const runMs = msSince(t0);
  const [done] = await db.select().from(kbImports).where(eq(kbImports.id, created.id));
  if (done?.status !== 'done') throw new Error(`import ${done?.status}: ${done?.errorMessage}`);
  const what = expectCreated ? 'create' : 'update';
  progress(`  ${label}: upload ${round(uploadMs)} ms, preview ${round(previewMs)} ms, run (${what}) ${round(runMs)} ms, ${plan.length} rows`);
  figures.push(
    { name: `${label}: upload (read + keep rows)`, value: round(uploadMs), unit: 'ms' },
    { name: `${label}: preview (plan every row)`, value: round(previewMs), unit: 'ms' },
    { name: `${label}: run, every row a ${what} (one transaction)`, value: round(runMs), unit: 'ms', note: `${Math.round((plan.length / runMs) * 1000)} rows/s` },
  );
}

async function onDatabase(label: string, handle: DatabaseHandle, file: Buffer, figures: Figure[]): Promise<void> {
  const db = handle.db;
  await db.insert(fields).values(Array.from({ length: 20 }, (_, i) => ({ code: `linh-vuc-${i}`, name: `Lĩnh vực ${i}` }))).onConflictDoNothing();
  await db.insert(agencies).values(Array.from({ length: 30 }, (_, i) => ({ code: `don-vi-${i}`, name: `Đơn vị ${i}`, kind: 'department' as const }))).onConflictDoNothing();
  await createUser(db, { username: `bench-import-${Date.now()}`, fullName: 'Bench', password: 'bench-password-16', role: 'admin' });
  await timedRun(label, handle, file, figures, true);
  await timedRun(label, handle, file, figures, false);
}

export async function runKbImportScenario(options: KbImportOptions): Promise<ScenarioResult> {
  const started = nowNs();
  const figures: Figure[] = [];
  const rows = sheetRows(options.rows);
  const xlsx = await xlsxOf(rows);
  const xls = xlsOf(rows);
  progress(`kb-import: ${options.rows} rows, .xlsx ${Math.round(xlsx.length / 1024)} KiB, .xls ${Math.round(xls.length / 1024)} KiB`);
  for (const [name, bytes] of [['.xlsx', xlsx], ['.xls', xls]] as const) {
    const t0 = nowNs();
    const sheet = readSpreadsheet(bytes);
    figures.push({ name: `read ${options.rows} rows from ${name}`, value: round(msSince(t0)), unit: 'ms', note: `${sheet.rows.length} rows read` });
  }
  const heapBefore = process.memoryUsage().heapUsed;
  const pglite = await openDatabase({ dataDir: 'memory://' });
  try {
    await pglite.migrate();
    await onDatabase('PGlite', pglite, xlsx, figures);
  } finally {
    await pglite.close();
  }
  if (options.database) await onDatabase('PostgreSQL', options.database.handle, xlsx, figures);
  figures.push({ name: 'heap grown during the imports', value: round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024), unit: 'MiB' });
  return { scenario: 'kb-import', params: { rows: options.rows, postgres: Boolean(options.database) }, figures, seconds: round(Number(nowNs() - started) / 1e9) };
}
