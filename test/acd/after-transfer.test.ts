import { beforeAll, describe, expect, it, vi } from 'vitest';
import { agencies } from '../../src/db/schema/index.js';
import { callRow, waitForEnd, waitForStatus } from '../telephony/support.js';
import { queuedCaller, withOneOperator, type AcdHarness, type Desktop } from './support.js';

type StateEvent = { userId: string; state: string };

/**
 * Issue 11 item 1 (R6, R7): after a completed transfer the operator's phone leg is gone, and so is their call —
 * they go to wrap-up at once and are offered the next caller while the citizen still talks to the agency.
 */
describe('the operator after handing a call to an agency', () => {
  const hotline = 'PJSIP/02513000001@trunk';
  const fixture = withOneOperator({ TRANSFER_RING_SECONDS: '300' });
  let h: AcdHarness;
  let op: Desktop;
  beforeAll(async () => {
    ({ h, op } = fixture);
    await h.t.database.db.insert(agencies).values({ code: 'so-y-te', name: 'Sở Y tế', kind: 'department', hotline: '02513000001' });
  });

  const state = () => h.t.app.agents.get(op.userId)?.state;
  const agencyId = async () => (await h.t.database.db.select().from(agencies))[0]!.id;
  const hotlineLeg = (callId: string) =>
    vi.waitFor(
      () => {
        const found = h.t.fake.requests({ method: 'POST' }).find((r) => r.path.startsWith(`/channels/leg-${callId}-`) && r.query.endpoint === hotline);
        if (!found) throw new Error('hotline not originated yet');
        return found.path.split('/')[2]!;
      },
      { timeout: 5_000, interval: 10 },
    );

  for (const mode of ['attended', 'blind'] as const) {
    it(`given an operator on a call, when a ${mode} transfer completes, then the operator goes to wrap-up at once and the next caller is offered to them while the citizen talks to the agency`, async () => {
      h.t.fake.setEndpoint(hotline, { kind: 'manual' });
      await h.post(op, '/api/agents/me/login');
      const first = await queuedCaller(h.t, '0900000201', '4');
      await waitForStatus(h.t, first.channelId, 'connected');
      await h.t.app.acd.settled();
      expect(state()).toBe('on_call');

      const from = op.events.length;
      const asked = await h.post(op, `/api/calls/${first.callId}/transfer`, { mode, agencyId: await agencyId() });
      expect(asked.statusCode).toBe(200);
      h.t.fake.answerLeg(await hotlineLeg(first.callId));
      if (mode === 'attended') {
        await vi.waitFor(() => expect(h.t.app.transfers!.get(first.callId)?.state).toBe('consulting'));
        expect((await h.post(op, `/api/calls/${first.callId}/transfer/complete`)).statusCode).toBe(200);
      }
      await vi.waitFor(() => expect(h.t.app.transfers!.get(first.callId)?.state ?? 'completed').toBe('completed'));
      await op.next<StateEvent>('agent.state.v1', (e) => e.userId === op.userId && e.state === 'wrap_up', from);
      // Item 6: the call says it is with the agency, not still being transferred.
      await vi.waitFor(async () => expect((await callRow(h.t, first.channelId))?.status).toBe('with_agency'));

      // The citizen still talks to the agency; the operator (WRAPUP_SECONDS=0) is offered the next caller.
      const second = await queuedCaller(h.t, '0900000202', '4');
      await waitForStatus(h.t, second.channelId, 'connected');
      await h.t.app.acd.settled();
      expect(state()).toBe('on_call');
      expect(h.t.app.agents.get(op.userId)?.callId).toBe(second.callId);

      // The first call ends with the agency: the operator's second call is untouched.
      h.t.fake.hangupFromFarEnd(first.channelId);
      expect(await waitForEnd(h.t, first.channelId)).toMatchObject({ outcome: 'transferred' });
      await h.t.app.acd.settled();
      expect(state()).toBe('on_call');
      h.t.fake.hangupFromFarEnd(second.channelId);
      await waitForEnd(h.t, second.channelId);
      await h.t.app.acd.settled();
    });
  }
});
