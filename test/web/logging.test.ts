import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { CallRecords } from '../../src/calls/repository.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { loggerOptions } from '../../src/logging.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTestUser, login, testEnv, type TestApp } from '../helpers/app.js';

/** The citizen's data this test submits: none of it may reach a log line (R22). */
const citizen = {
  citizenName: 'Trần Thị Bích Ngọc',
  citizenPhone: '0987654321',
  citizenAddress: '12 Lê Lợi, phường Quyết Thắng',
  content: 'Cống thoát nước trước nhà bà Ngọc bị vỡ, mùi hôi từ chối-ghi-nhận',
};
const secrets = [citizen.citizenName, citizen.citizenPhone, citizen.citizenAddress, 'Lê Lợi', 'Quyết Thắng', 'Bích Ngọc', 'Cống thoát nước'];

/**
 * Issue 12 item 1 (R22): a query that fails is logged without the values it carried — neither drizzle's
 * "Failed query … params: …" message nor the driver's own `params`/`parameters`/`detail` (PGlite, postgres).
 */
describe('errors are logged without personal data', () => {
  let database: DatabaseHandle;
  let t: TestApp;
  const lines: string[] = [];
  const stream = { write: (line: string) => void lines.push(line) };
  let cookie = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const app = await buildApp({ env: testEnv({ LOG_LEVEL: 'info' }), database, logStream: stream });
    await app.ready();
    t = { app, database, close: async () => { await app.close(); await database.close(); } };
    await createTestUser(t, 'dtv-log', 'operator');
    cookie = await login(t, 'dtv-log');
    // Any insert of a ticket whose content holds "từ chối-ghi-nhận" fails in the database: a check constraint (whose
    // error detail lists the whole row) and a trigger (an exception raised in PL/pgSQL).
    await database.db.execute(sql.raw(`ALTER TABLE tickets ADD CONSTRAINT test_refuse CHECK (content NOT LIKE '%từ chối-ghi-nhận%') NOT VALID`));
    await database.db.execute(sql.raw(`CREATE FUNCTION test_refuse_call() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.caller_number = '0987654321' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`));
    await database.db.execute(sql.raw(`CREATE TRIGGER test_refuse_call BEFORE INSERT ON calls FOR EACH ROW EXECUTE FUNCTION test_refuse_call()`));
  });
  afterAll(() => t.close());

  const expectNoPersonalData = (text: string) => {
    for (const secret of secrets) expect(text).not.toContain(secret);
  };

  it('given a ticket the database refuses, when created, then 500 and the logged error has its code and stack but no name, phone, address or content', async () => {
    lines.length = 0;
    const response = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie }, payload: { channel: 'phone', ...citizen } });
    expect(response.statusCode).toBe(500);
    const failed = lines.map((l) => JSON.parse(l) as { msg?: string; err?: { type?: string; stack?: string; cause?: { code?: string; constraint?: string } } }).find((l) => l.msg === 'request failed');
    expect(failed?.err?.type).toBe('DrizzleQueryError');
    expect(failed?.err?.cause).toMatchObject({ code: '23514', constraint: 'test_refuse' });
    expect(failed?.err?.stack).toContain('at ');
    expectNoPersonalData(lines.join('\n'));
  });

  it('given the probe’s request (an address ending in NUL), when a ticket is created, then nothing personal is logged', async () => {
    lines.length = 0;
    const response = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: { cookie },
      payload: { channel: 'phone', ...citizen, content: 'Đèn đường hỏng', citizenAddress: `${citizen.citizenAddress}\u0000` },
    });
    expect(response.statusCode).toBeLessThan(600);
    expect(lines.length).toBeGreaterThan(0);
    expectNoPersonalData(lines.join('\n'));
  });

  it('given a call record the database refuses in the write-behind queue, when call control logs the failure, then the log has the call id but not the caller’s number', async () => {
    const captured: string[] = [];
    const log = pino(loggerOptions({ LOG_LEVEL: 'info' }), { write: (line: string) => void captured.push(line) });
    const records = new CallRecords(database.db, log);
    const id = records.newId();
    // As call control does with a failed arrival (src/calls/control.ts: 'call flow failed').
    await records.arrive({ id, channelId: 'ch-log-1', callerNumber: citizen.citizenPhone, dialledNumber: '1022' }).catch((error: unknown) => log.error({ err: error, callId: id }, 'call flow failed'));
    const failed = captured.find((l) => l.includes('call flow failed'));
    expect(failed).toContain(id);
    expect(failed).toContain('refused by the test');
    expect(captured.join('\n')).not.toContain(citizen.citizenPhone);
  });
});
