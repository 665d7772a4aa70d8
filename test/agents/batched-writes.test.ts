import { asc, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Agents } from '../../src/agents/service.js';
import type { Database, DatabaseHandle } from '../../src/db/client.js';
import { agentStateHistory, agentStates, calls, sipEndpoints, users } from '../../src/db/schema/index.js';
import { createTestDatabase } from '../helpers/db.js';

/**
 * Issue 11 item 10 ("~26 database transactions per call"): an operator's transitions that come while their previous
 * state write is running go together as one statement, with every interval kept in the history (R8 reports).
 */
describe('operator state writes batched behind the transitions', () => {
  let database: DatabaseHandle;
  let statements = 0;
  let counted: Database;
  let userId = '';
  let callId = '';
  beforeAll(async () => {
    database = await createTestDatabase();
    const [user] = await database.db.insert(users).values({ username: 'dtv', fullName: 'Điện thoại viên', passwordHash: 'x', role: 'operator' }).returning();
    userId = user?.id ?? '';
    await database.db.insert(sipEndpoints).values({ endpoint: 'PJSIP/op101', kind: 'ip_phone', userId });
    const [call] = await database.db.insert(calls).values({ channelId: 'c-1', callerNumber: '0912345678', dialledNumber: '1022', status: 'queued' }).returning();
    callId = call?.id ?? '';
    // The service's statements, counted: every state write goes through `execute`.
    counted = new Proxy(database.db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'execute' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          statements += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  });
  afterAll(async () => database?.close());

  it('given a whole call\'s transitions applied back to back (no wrap-up time), when written, then fewer statements than transitions and every interval is in the history, each closed where the next opens', async () => {
    const agents = new Agents(counted, pino({ level: 'silent' }));
    await agents.load();
    const events = [{ type: 'login' }, { type: 'offer', callId }, { type: 'answered' }, { type: 'call_ended' }, { type: 'wrapup_done' }] as const;
    // One second between transitions on the clock (only Date is faked): the history sorts by start.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const event of events) {
        vi.setSystemTime(Date.now() + 1_000);
        await agents.apply(userId, event);
      }
    } finally {
      vi.useRealTimers();
    }
    await agents.flushed(userId);
    expect(statements).toBeLessThan(events.length);
    const rows = await database.db.select().from(agentStateHistory).where(eq(agentStateHistory.userId, userId)).orderBy(asc(agentStateHistory.startedAt));
    expect(rows.map((r) => r.state)).toEqual(['available', 'ringing', 'on_call', 'wrap_up', 'available']);
    for (const [i, row] of rows.entries()) expect(row.endedAt).toEqual(rows[i + 1]?.startedAt ?? null);
    const [state] = await database.db.select().from(agentStates).where(eq(agentStates.userId, userId));
    expect(state).toMatchObject({ state: 'available', callId: null, since: rows[4]?.startedAt });
    expect(state?.lastCallEndedAt).toBeInstanceOf(Date);
  });
});
