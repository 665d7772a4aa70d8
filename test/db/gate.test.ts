import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseBusyError } from '../../src/db/availability.js';
import { DatabaseGate } from '../../src/db/gate.js';
import { tickets } from '../../src/db/schema/index.js';
import { buildApp } from '../../src/app.js';
import { createTestUser, login, testEnv, type TestApp } from '../helpers/app.js';
import { createTestDatabase, testDriver } from '../helpers/db.js';

/** An operation that runs until `finish()` is called. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { operation: () => done, finish };
}

/** Issue 12 item 8: bounded waiting in front of the embedded database (pure). */
describe('the gate in front of the embedded database', () => {
  it('given one operation running and the queue full, when another comes, then it is refused at once as busy', async () => {
    const gate = new DatabaseGate({ maxWaiting: 1, waitTimeoutMs: 60_000 });
    const first = held();
    const running = gate.run(first.operation);
    const waiting = gate.run(async () => 'second');
    await expect(gate.run(async () => 'third')).rejects.toBeInstanceOf(DatabaseBusyError);
    first.finish();
    await running;
    await expect(waiting).resolves.toBe('second');
    await expect(gate.run(async () => 'fourth')).resolves.toBe('fourth');
  });

  it('given an operation that waits longer than the wait timeout, then it is refused as busy and never runs', async () => {
    const gate = new DatabaseGate({ maxWaiting: 10, waitTimeoutMs: 10 });
    const first = held();
    const running = gate.run(first.operation);
    let ran = false;
    await expect(gate.run(async () => (ran = true))).rejects.toThrow('waited too long');
    first.finish();
    await running;
    expect(ran).toBe(false);
  });

  it('given an operation that fails, then the next one still gets its turn', async () => {
    const gate = new DatabaseGate({ maxWaiting: 10, waitTimeoutMs: 1_000 });
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'after')).resolves.toBe('after');
  });
});

/**
 * Issue 12 item 8: 40 clients creating tickets at once. On PGlite with a queue of 2, the ones that cannot wait are
 * answered 503 DATABASE_BUSY with Retry-After at once, never a 500 or a request left hanging; every 201 is stored. On
 * PostgreSQL (a pool of connections, no gate) every one is created.
 */
describe(`many clients at once (${testDriver()})`, () => {
  let t: TestApp;
  let cookie = '';

  beforeAll(async () => {
    const database = await createTestDatabase({ pglite: { maxWaiting: 2, waitTimeoutMs: 5_000 } });
    const app = await buildApp({ env: testEnv(), database, logger: false });
    await app.ready();
    t = { app, database, close: async () => { await app.close(); await database.close(); } };
    await createTestUser(t, 'dtv-dong', 'operator');
    cookie = await login(t, 'dtv-dong');
  });
  afterAll(() => t.close());

  it('given 40 ticket creations at once, then each is 201 or 503 DATABASE_BUSY with Retry-After, and every 201 is stored', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie }, payload: { channel: 'phone', content: `Phản ánh số ${i}` } }),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    const busy = responses.filter((r) => r.statusCode === 503);
    expect(created.length + busy.length).toBe(40);
    for (const response of busy) {
      expect(response.json()).toMatchObject({ code: 'DATABASE_BUSY', message: expect.stringContaining('quá tải') });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    if (testDriver() === 'pglite') expect(busy.length).toBeGreaterThan(0);
    else expect(created).toHaveLength(40);
    expect(await t.database.db.$count(tickets)).toBe(created.length);
  });
});
