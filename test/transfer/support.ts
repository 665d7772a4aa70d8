import { eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { agencies, calls } from '../../src/db/schema/index.js';
import type { TransferService } from '../../src/transfer/service.js';
import { createTicket } from '../../src/tickets/service.js';
import { createTestUser, login } from '../helpers/app.js';
import { queuedCall, waitForStatus, type Telephony } from '../telephony/support.js';

/** An agency with a hotline, an operator, a second operator and a supervisor, signed in. */
export async function seedPeople(t: Telephony) {
  const [agency] = await t.database.db
    .insert(agencies)
    .values({ code: 'so-y-te', name: 'Sở Y tế', kind: 'department', hotline: '02513000001' })
    .returning();
  if (!agency) throw new Error('no agency');
  const operator = await createTestUser(t, 'dtv1', 'operator');
  const other = await createTestUser(t, 'dtv2', 'operator');
  const supervisor = await createTestUser(t, 'giamsat', 'supervisor');
  const cookies = { operator: await login(t, 'dtv1'), other: await login(t, 'dtv2'), supervisor: await login(t, 'giamsat') };
  return { agency, operator, other, supervisor, cookies };
}

/** A caller connected to the operator's phone `PJSIP/op101`, the call owned by `operatorUserId`. */
export async function connectedCall(t: Telephony, operatorUserId: string, from = '0912345678') {
  const call = await queuedCall(t, from);
  const result = await t.calls.connectToEndpoint(call.callId, 'PJSIP/op101');
  if (!result.connected) throw new Error(`not connected: ${result.reason}`);
  await t.database.db.update(calls).set({ operatorUserId }).where(eq(calls.id, call.callId));
  await waitForStatus(t, call.channelId, 'connected');
  return { ...call, operatorLegId: result.legId };
}

export async function ticketFor(t: Telephony, actor: { id: string }, callId: string) {
  const { ticket } = await createTicket(t.database.db, { id: actor.id, role: 'operator', agencyId: null }, {
    channel: 'phone',
    content: 'Phản ánh về bệnh viện',
    citizenPhone: '0912345678',
    callId,
  });
  return ticket;
}

/** Requests to the fake, as "METHOD path" lines, from index `since`. */
export function requestLines(t: Telephony, since = 0): string[] {
  return t.fake
    .requests()
    .slice(since)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}${r.query.channel ? ` channel=${String(r.query.channel)}` : ''}`);
}

/** The hotline endpoint of seedPeople's agency (TRANSFER_DIAL_TEMPLATE's default). */
export const hotlineEndpoint = 'PJSIP/02513000001@trunk';

/** Requests and waits of the transfer suites; `t()` and `people()` are read when called (set in beforeAll). */
export function transferSteps(t: () => Telephony, people: () => Awaited<ReturnType<typeof seedPeople>>) {
  const transfers = () => t().app.transfers as TransferService;
  return {
    transfers,
    post: (url: string, payload?: object, cookie = people().cookies.operator) =>
      t().app.inject({ method: 'POST', url, payload: payload ?? {}, headers: { cookie } }),
    /** The hotline leg the transfer of `callId` originated. */
    hotlineLeg: async (callId: string) => {
      const request = await vi.waitFor(() => {
        const found = t()
          .fake.requests({ method: 'POST' })
          .find((r) => r.path.startsWith(`/channels/leg-${callId}-`) && r.query.endpoint === hotlineEndpoint);
        if (!found) throw new Error('hotline not originated yet');
        return found;
      });
      return request.path.split('/')[2]!;
    },
    waitForTransferState: (callId: string, state: string) =>
      vi.waitFor(() => {
        const view = transfers().get(callId);
        if (view?.state !== state) throw new Error(`transfer ${view?.state}, waiting for ${state}`);
      }),
  };
}
