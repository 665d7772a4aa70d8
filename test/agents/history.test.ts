import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStateHistory, agentStates, calls } from '../../src/db/schema/index.js';
import { createTestUser, startTestApp, type TestApp } from '../helpers/app.js';

describe('operator state history', () => {
  let t: TestApp;
  let userId = '';
  let callId = '';
  beforeAll(async () => {
    t = await startTestApp();
    userId = (await createTestUser(t, 'dtv', 'operator')).id;
    await t.app.agents.bindEndpoint(userId, 'PJSIP/op101', 'ip_phone');
    const [call] = await t.database.db
      .insert(calls)
      .values({ channelId: 'c-1', callerNumber: '0912345678', dialledNumber: '1022', status: 'queued' })
      .returning();
    callId = call!.id;
  });
  afterAll(async () => t?.close());

  const history = () =>
    t.database.db.select().from(agentStateHistory).where(eq(agentStateHistory.userId, userId)).orderBy(asc(agentStateHistory.startedAt));

  it('given an operator, when they go available → ringing → on_call → wrap_up → available through the service, then one history row per state, each closed when the next opens', async () => {
    // A few milliseconds between transitions so the rows sort by their start.
    const step = async (event: Parameters<typeof t.app.agents.apply>[1]) => {
      const agent = await t.app.agents.apply(userId, event);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return agent;
    };
    await step({ type: 'login' });
    await step({ type: 'offer', callId });
    await step({ type: 'answered' });
    await step({ type: 'call_ended' });
    const last = await step({ type: 'wrapup_done' });

    await t.app.agents.flushed(userId); // states are written behind the transition
    const rows = await history();
    expect(rows.map((r) => [r.state, r.callId, r.reason])).toEqual([
      ['available', null, null],
      ['ringing', callId, null],
      ['on_call', callId, null],
      ['wrap_up', callId, null],
      ['available', null, null],
    ]);
    for (const [i, row] of rows.entries()) {
      const following = rows[i + 1];
      if (following) expect(row.endedAt).toEqual(following.startedAt);
      else expect(row.endedAt).toBeNull();
    }
    // The open row is the current state, begun when agent_states says.
    const [current] = await t.database.db.select().from(agentStates).where(eq(agentStates.userId, userId));
    expect(current).toMatchObject({ state: 'available', since: rows[4]!.startedAt });
    expect(last.since).toEqual(rows[4]!.startedAt);
  });

  it('given a refused transition, when applied, then no history row is written', async () => {
    const before = (await history()).length;
    await expect(t.app.agents.apply(userId, { type: 'answered' })).rejects.toMatchObject({ statusCode: 409 });
    await t.app.agents.flushed(userId);
    expect((await history()).length).toBe(before);
    await t.app.agents.apply(userId, { type: 'pause', reason: 'break' });
    await t.app.agents.flushed(userId); // states are written behind the transition
    const rows = await history();
    expect(rows.filter((r) => r.endedAt === null).map((r) => [r.state, r.reason])).toEqual([['paused', 'break']]);
  });
});
