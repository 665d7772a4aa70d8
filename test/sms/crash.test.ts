import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { smsMessages } from '../../src/db/schema/index.js';
import { HttpBrandnameProvider } from '../../src/sms/http-provider.js';
import { kickSmsOutbox } from '../../src/sms/outbox.js';
import type { SmsOutgoing, SmsProvider } from '../../src/sms/provider.js';
import { createTestDatabase } from '../helpers/db.js';
import { testEnv } from '../helpers/app.js';
import { startFakeGateway, type FakeGateway } from './fake-gateway.js';
import { insertTicket, resolveWithSms, smsOf, worker } from './support.js';

/**
 * R15 and the "done when": a process that dies between the resolution commit and the SMS
 * send neither loses nor duplicates the SMS. A "process" here is an app on the shared database; it
 * dies by being dropped without its worker having run, or with its gateway call frozen mid-flight.
 */
describe('SMS across a crash', () => {
  let database: DatabaseHandle;
  let gateway: FakeGateway;
  const apps: FastifyInstance[] = [];

  const startProcess = async () => {
    const env = testEnv({
      SMS_PROVIDER: 'http',
      SMS_HTTP_URL: gateway.url,
      SMS_API_KEY: 'key',
      SMS_SECRET_KEY: 'secret',
      SMS_BRANDNAME: 'TONGDAI1022',
      SMS_HTTP_TIMEOUT_MS: '2000',
    });
    const app = await buildApp({ env, database, logger: false });
    await app.ready();
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    gateway = await startFakeGateway();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await gateway.close();
    await database.close();
  });
  beforeEach(async () => {
    gateway.requests.length = 0;
    gateway.delivered.clear();
    await database.db.update(smsMessages).set({ status: 'sent' }).where(eq(smsMessages.status, 'pending'));
  });

  it('given a resolution committed and the process killed before sending, when a new process starts, then exactly one SMS goes out', async () => {
    const ticket = await insertTicket(database.db);
    // Process 1 commits the resolution (and its queued SMS), then dies before its worker runs.
    await resolveWithSms(database.db, ticket.id);
    expect(gateway.requests).toHaveLength(0);

    // Process 2 on the same database: its worker finds the committed row.
    const second = await startProcess();
    expect(await second.smsOutbox.runOnce()).toMatchObject({ sent: 1 });
    expect(await second.smsOutbox.runOnce()).toMatchObject({ sent: 0 });

    const rows = await smsOf(database.db, ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', provider: 'http', providerMessageId: gateway.delivered.get(rows[0]!.id)?.smsId, attempts: 1 });
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.delivered.size).toBe(1);
    expect(gateway.requests[0]).toMatchObject({ Phone: '0912345678', RequestId: rows[0]?.id, Brandname: 'TONGDAI1022' });
  });

  it('given the gateway accepted the SMS but the process died before marking it sent, when a new process retries after the lease, then the gateway deduplicates: one SMS delivered, row sent', async () => {
    const ticket = await insertTicket(database.db);
    await resolveWithSms(database.db, ticket.id);

    // Process 1: the gateway accepts the message, then the process freezes for good (killed) before the row is updated.
    const http = new HttpBrandnameProvider({ url: gateway.url, apiKey: 'key', secretKey: 'secret', brandname: 'TONGDAI1022', timeoutMs: 2000 });
    let accepted!: () => void;
    const gatewayAccepted = new Promise<void>((resolve) => (accepted = resolve));
    const dyingProvider: SmsProvider = {
      name: 'http',
      async send(message: SmsOutgoing) {
        await http.send(message);
        accepted();
        return new Promise<never>(() => undefined); // never returns: the process is gone
      },
    };
    void worker(database.db, dyingProvider).runOnce();
    await gatewayAccepted;
    let [row] = await smsOf(database.db, ticket.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now()); // leased: invisible to other workers meanwhile

    const second = await startProcess();
    expect(await second.smsOutbox.runOnce()).toMatchObject({ sent: 0 }); // still leased to the dead process
    await database.db.update(smsMessages).set({ nextAttemptAt: new Date(Date.now() - 1) }).where(eq(smsMessages.id, row!.id)); // the lease runs out
    expect(await second.smsOutbox.runOnce()).toMatchObject({ sent: 1 });

    [row] = await smsOf(database.db, ticket.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: gateway.delivered.get(row!.id)?.smsId });
    expect(gateway.requests).toHaveLength(2); // the same RequestId twice…
    expect(gateway.requests.map((r) => r.RequestId)).toEqual([row!.id, row!.id]);
    expect(gateway.delivered.size).toBe(1); // …one message delivered and billed
    expect(await smsOf(database.db, ticket.id)).toHaveLength(1);
  });

  it('given a running process, when the workflow kicks the outbox after commit, then the SMS goes out without waiting for the schedule', async () => {
    await startProcess();
    const ticket = await insertTicket(database.db);
    await resolveWithSms(database.db, ticket.id);
    kickSmsOutbox();
    await expect.poll(async () => (await smsOf(database.db, ticket.id))[0]?.status, { timeout: 5_000 }).toBe('sent');
    expect(gateway.delivered.size).toBe(1);
  });
});
