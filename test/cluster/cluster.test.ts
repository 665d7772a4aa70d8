import { inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { calls } from '../../src/db/schema/index.js';
import type { CallOutcome } from '../fake-ari/server.js';
import { api, createStaff, desktop, signIn, startCluster, waitForRole, type Cluster, type Node } from './support.js';

const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * Issue 17 (R23): two server processes on one PostgreSQL against the fake ARI (npm run test:cluster; CI runs it after
 * the PostgreSQL suite). One leads (call control, ACD, jobs), the other stands by and serves the API and socket.io.
 * The leader is killed with SIGKILL during live calls: the standby takes over, re-adopts every call and ends each
 * one with one closed record; then a planned switch (SIGTERM, then the admin action) refuses no call.
 */
describe('two instances on one PostgreSQL', () => {
  let c: Cluster;
  let a: Node;
  let b: Node;
  const operatorIds: string[] = [];
  const placed: CallOutcome[] = [];

  const place = (from: string) => {
    const call = c.fake.placeCall({ from, to: '1022' });
    placed.push(call);
    return call;
  };
  const rows = async (channelIds: string[]) =>
    channelIds.length === 0 ? [] : c.db.db.select().from(calls).where(inArray(calls.channelId, channelIds));
  const waitForStatuses = async (expected: Record<string, string>) =>
    vi.waitFor(
      async () => {
        const found = await rows(Object.keys(expected));
        const wrong = found.filter((r) => expected[r.channelId] !== r.status).map((r) => `${r.channelId}:${r.status}`);
        if (found.length !== Object.keys(expected).length || wrong.length > 0) throw new Error(`not yet: ${found.length} rows, ${wrong.join(' ')}`);
      },
      { timeout: 15_000, interval: 100 },
    );
  const answered = (channelId: string) => c.fake.requests({ method: 'POST', path: `/channels/${channelId}/answer` }).length > 0;
  const live = () => c.fake.state().channels.filter((ch) => ch.name.startsWith('PJSIP/pstn')).map((ch) => ch.id);

  /** Hangs every citizen up from the far end and checks each call has exactly one record, closed. */
  const endAllAndCheck = async () => {
    const up = live();
    for (const id of up) c.fake.hangupFromFarEnd(id);
    const stasis = placed.filter((p) => p.outcome === 'stasis').map((p) => p.channelId);
    await vi.waitFor(
      async () => {
        const found = await rows(stasis);
        const open = found.filter((r) => r.endedAt === null);
        if (found.length !== stasis.length || open.length > 0) throw new Error(`${found.length}/${stasis.length} records, ${open.length} open`);
        if (c.fake.state().channels.length > 0) throw new Error(`${c.fake.state().channels.length} channels left in Asterisk`);
      },
      { timeout: 15_000, interval: 100 },
    );
  };

  beforeAll(async () => {
    if (!serverUrl) throw new Error('the cluster test needs a real PostgreSQL: set TEST_DATABASE_URL (npm run test:cluster)');
    c = await startCluster(serverUrl);
    for (const n of [1, 2, 3]) operatorIds.push(await createStaff(c.db, `dtv${n}`, 'operator', `PJSIP/op${n}`));
    await createStaff(c.db, 'giamsat', 'supervisor');
    await createStaff(c.db, 'quantri', 'admin');
    a = await c.start('node-a');
    await waitForRole(a, 'leader');
    b = await c.start('node-b');
    await waitForRole(b, 'standby');
  });
  afterAll(async () => {
    await c?.close();
  });

  it('given two instances, then one leads (ARI connected, jobs started) and the other stands by without connecting to Asterisk; a supervisor on the standby gets the wall board from the leader', async () => {
    expect((await a.readyz())?.cluster).toMatchObject({ node: 'node-a', role: 'leader' });
    expect(await b.readyz()).toMatchObject({ cluster: { node: 'node-b', role: 'standby' }, ari: { state: 'disconnected' } });
    expect(a.log.filter((l) => l.includes('scheduled jobs started')).length).toBe(1);
    expect(b.log.filter((l) => l.includes('scheduled jobs started')).length).toBe(0);
    const board = await desktop(b, await signIn(b, 'giamsat'));
    await vi.waitFor(() => expect(board.events.some((e) => e.event === 'wallboard.snapshot.v1')).toBe(true), { timeout: 5_000, interval: 50 });
    board.socket.close();
  });

  it('given an admin switches the Facebook channel on through the standby B, then the leader A sees it at once (NOTIFY; issue 15, R16); switched off again, A sees that too', async () => {
    const admin = await signIn(b, 'quantri');
    const facebook = async () => ((await (await fetch(`${a.url}/readyz`)).json()) as { channels: { facebook: { enabled: boolean } } }).channels.facebook;
    expect(await facebook()).toMatchObject({ enabled: false });
    expect((await api(b, admin, 'PUT', '/api/channels/facebook', { enabled: true, config: { pageId: 'page-1' } })).status).toBe(200);
    await vi.waitFor(async () => expect(await facebook()).toMatchObject({ enabled: true }), { timeout: 5_000, interval: 50 });
    expect((await api(b, admin, 'PUT', '/api/channels/facebook', { enabled: false, config: { pageId: 'page-1' } })).status).toBe(200);
    await vi.waitFor(async () => expect(await facebook()).toMatchObject({ enabled: false }), { timeout: 5_000, interval: 50 });
  });

  it('given 15 live calls led by A (IVR, queue, conversations, a transfer to a hotline in consultation) and an operator connected to B, when A is killed with SIGKILL, then B takes over, re-adopts every call, answers new calls, and each call ends with one closed record', async () => {
    // Operators sign in and go available through B: the requests are forwarded to the leader, which holds their states.
    const cookies = await Promise.all([1, 2, 3].map((n) => signIn(b, `dtv${n}`)));
    const op1 = await desktop(b, cookies[0] ?? '');
    for (const cookie of cookies) expect((await api(b, cookie, 'POST', '/api/agents/me/login')).status).toBe(200);

    const ivr = [1, 2, 3, 4, 5].map((n) => place(`09100000${n.toString().padStart(2, '0')}`));
    const queued = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((n) => place(`09100000${n.toString().padStart(2, '0')}`));
    await waitForStatuses(Object.fromEntries([...ivr, ...queued].map((call) => [call.channelId, 'ivr'])));
    for (const call of queued) await c.fake.sendDtmf(call.channelId, '1');
    // Three callers reach the three operators (conversations), seven wait in the queue.
    await vi.waitFor(
      async () => {
        const found = await rows(queued.map((q) => q.channelId));
        const connected = found.filter((r) => r.status === 'connected').length;
        const waiting = found.filter((r) => r.status === 'queued').length;
        if (connected !== 3 || waiting !== 7) throw new Error(`${connected} connected, ${waiting} queued`);
      },
      { timeout: 15_000, interval: 100 },
    );
    // The screen-pop made by the leader (A) reached the operator's browser connected to B (socket.io adapter).
    await vi.waitFor(() => expect(op1.events.some((e) => e.event === 'screen_pop.v1')).toBe(true), { timeout: 5_000, interval: 50 });

    // One operator consults an agency hotline (attended transfer), asking through B.
    const [talking] = (await rows(queued.map((q) => q.channelId))).filter((r) => r.status === 'connected');
    const owner = cookies[operatorIds.indexOf(talking?.operatorUserId ?? '')] ?? '';
    const transferUrl = `/api/calls/${talking?.id}/transfer`;
    expect((await api(b, owner, 'POST', transferUrl, { mode: 'attended', number: '02513000001' })).status).toBe(200);
    await vi.waitFor(async () => expect((await api(b, owner, 'GET', transferUrl)).body).toMatchObject({ state: 'consulting' }), { timeout: 10_000, interval: 100 });

    const plays = (channelId: string) => c.fake.requests({ method: 'POST', path: `/channels/${channelId}/play` }).length;
    const playsBefore = new Map(ivr.map((call) => [call.channelId, plays(call.channelId)]));
    const killedAt = Date.now();
    a.process.kill('SIGKILL');
    await a.exited;
    await waitForRole(b, 'leader', 10_000);
    // Reported, not asserted (timings belong to bench/): the gap from the kill until B leads with ARI connected.
    process.stdout.write(`cluster: B led ${Date.now() - killedAt} ms after A was killed\n`);

    // A call arriving once B leads is answered by B.
    const after = place('0919999901');
    expect(after.outcome).toBe('stasis');
    await vi.waitFor(() => expect(answered(after.channelId)).toBe(true), { timeout: 5_000, interval: 50 });

    // Every live call was re-adopted: B starts the menu again for each IVR caller (shared/ari finding 14: nothing is
    // replayed), and serves their keys (3 = goodbye: B plays it and hangs up).
    await vi.waitFor(() => expect(ivr.filter((call) => plays(call.channelId) <= (playsBefore.get(call.channelId) ?? 0))).toEqual([]), {
      timeout: 10_000,
      interval: 50,
    });
    for (const call of ivr.slice(0, 2)) await c.fake.sendDtmf(call.channelId, '3');
    await vi.waitFor(
      async () => {
        const found = await rows(ivr.slice(0, 2).map((call) => call.channelId));
        if (found.some((r) => r.outcome !== 'completed')) throw new Error(found.map((r) => r.outcome).join(','));
      },
      { timeout: 10_000, interval: 100 },
    );
    const stillUp = await rows([...ivr.slice(2), ...queued].map((call) => call.channelId));
    expect(stillUp.every((r) => r.endedAt === null)).toBe(true);
    expect(stillUp.filter((r) => r.status === 'connected' || r.status === 'transferring')).toHaveLength(3);
    op1.socket.close();

    // The transfer goes on under B: still in consultation, and the operator completes it (caller to the hotline).
    expect((await api(b, owner, 'GET', transferUrl)).body).toMatchObject({ state: 'consulting' });
    const completed = await api(b, owner, 'POST', `${transferUrl}/complete`);
    expect(completed).toMatchObject({ status: 200, body: { state: 'completed' } });

    await endAllAndCheck();
    expect(b.log.filter((l) => l.includes('scheduled jobs started')).length).toBe(1);
  });

  it('given B leads with live calls, when a new instance C starts and B gets SIGTERM, then C connects before B leaves: no call is refused and every call ends with one closed record', async () => {
    const cNode = await c.start('node-c');
    await waitForRole(cNode, 'standby');
    const before = [1, 2, 3].map((n) => place(`09200000${n}`));
    await waitForStatuses(Object.fromEntries(before.map((call) => [call.channelId, 'ivr'])));
    await c.fake.sendDtmf(before[0]?.channelId ?? '', '1');

    const during: CallOutcome[] = [];
    let placing = true;
    const stream = (async () => {
      for (let n = 0; placing; n += 1) {
        during.push(place(`0929${String(n).padStart(6, '0')}`));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    b.process.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    await waitForRole(cNode, 'leader', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    placing = false;
    await stream;

    expect(during.length).toBeGreaterThan(5);
    expect(during.filter((call) => call.outcome !== 'stasis')).toEqual([]);
    expect(b.log.some((l) => l.includes('cluster: role changed') && l.includes('handed over'))).toBe(true);
    await vi.waitFor(() => expect(during.every((call) => answered(call.channelId))).toBe(true), { timeout: 10_000, interval: 100 });
    await endAllAndCheck();
  });

  it('given C leads, when an admin asks a standby D for a handover, then D forwards it to C, D takes over with no refused call and C stands by', async () => {
    const cNode = c.nodes.find((n) => n.name === 'node-c') as Node;
    const d = await c.start('node-d');
    await waitForRole(d, 'standby');
    const live1 = place('0930000001');
    await waitForStatuses({ [live1.channelId]: 'ivr' });

    const admin = await signIn(d, 'quantri');
    const supervisor = await signIn(d, 'giamsat');
    expect((await api(d, supervisor, 'POST', '/api/cluster/handover')).status).toBe(403);
    const during: CallOutcome[] = [];
    let placing = true;
    const stream = (async () => {
      for (let n = 0; placing; n += 1) {
        during.push(place(`0939${String(n).padStart(6, '0')}`));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const handover = await api(d, admin, 'POST', '/api/cluster/handover');
    placing = false;
    await stream;
    expect(handover).toMatchObject({ status: 200, body: { handedOver: true, from: 'node-c' } });
    await waitForRole(d, 'leader', 10_000);
    await waitForRole(cNode, 'standby', 10_000);
    expect(during.filter((call) => call.outcome !== 'stasis')).toEqual([]);
    expect((await api(cNode, admin, 'GET', '/api/cluster')).body).toMatchObject({ node: 'node-c', role: 'standby', duties: [] });
    await endAllAndCheck();
  });

  it('given D leads and C is frozen, when D is killed so that no instance is connected, then calls go to the dialplan fallback instead of 603; once C leads, the finished one is in the call list (outcome fallback) and C leaves the one still in the fallback alone', async () => {
    const cNode = c.nodes.find((n) => n.name === 'node-c') as Node;
    const d = c.nodes.find((n) => n.name === 'node-d') as Node;
    cNode.process.kill('SIGSTOP');
    d.process.kill('SIGKILL');
    await d.exited;
    await vi.waitFor(() => expect(c.fake.state().applications.some((app) => app.connected)).toBe(false), { timeout: 5_000, interval: 10 });

    const finished = place('0940000001');
    const ongoing = place('0940000002');
    expect([finished.outcome, ongoing.outcome]).toEqual(['fallback', 'fallback']);
    c.fake.hangupFromFarEnd(finished.channelId);

    cNode.process.kill('SIGCONT');
    // (A successor whose poll loop had stopped after the handover that made it lead never took over again: fixed in
    // src/cluster/leadership.ts. On failure, who holds the advisory locks and what node-c last said.)
    await waitForRole(cNode, 'leader', 15_000).catch(async (error: unknown) => {
      const diag = postgres(c.databaseUrl, { max: 1, onnotice: () => undefined });
      const locks = await diag`select l.objid, l.pid, a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory'`;
      await diag.end();
      const said = cNode.log.filter((l) => !l.includes('"reqId"')).slice(-10);
      throw new Error(`${String(error)}; advisory locks: ${JSON.stringify(locks)}; node-c's last log lines:\n${said.join('\n')}`);
    });
    await vi.waitFor(
      async () => {
        const [row] = await rows([finished.channelId]);
        expect(row).toMatchObject({ outcome: 'fallback', callerNumber: '0940000001' });
        expect(row?.endedAt).not.toBeNull();
      },
      { timeout: 15_000, interval: 100 },
    );
    // The call still in the fallback's hands (ringing the emergency phones) is not the app's: C neither adopts nor
    // touches it, and it has no record until its manifest ends.
    expect(c.fake.requests().filter((r) => r.path.includes(ongoing.channelId))).toEqual([]);
    expect(await rows([ongoing.channelId])).toEqual([]);
    await endAllAndCheck();
  });

  it('given C leads and E stands by, when PostgreSQL ends only the session holding C\'s leadership lock (Asterisk still connected), then exactly one instance leads and answers the next call, the other stands by without ARI, and the live call ends with one closed record', async () => {
    const cNode = c.nodes.find((n) => n.name === 'node-c') as Node;
    const e = await c.start('node-e');
    await waitForRole(e, 'standby');
    const live1 = place('0950000001');
    await waitForStatuses({ [live1.channelId]: 'ivr' });

    const admin = postgres(c.databaseUrl, { max: 1, onnotice: () => undefined });
    const holders = await admin<{ pid: number }[]>`select pid from pg_locks where locktype = 'advisory' and classid = 1022 and objid = 1 and objsubid = 2 and granted`;
    expect(holders).toHaveLength(1);
    expect(await admin`select pg_terminate_backend(${holders[0]?.pid ?? 0}::int) as ended`).toEqual([{ ended: true }]);
    await admin.end();
    await vi.waitFor(
      async () => {
        const roles = (await Promise.all([cNode, e].map((n) => n.readyz()))).map((r) => [r?.cluster.role, r?.ari.state]);
        expect(roles.filter(([role]) => role === 'leader')).toHaveLength(1);
        expect(roles.filter(([role, ari]) => role === 'standby' && ari === 'disconnected')).toHaveLength(1);
      },
      { timeout: 15_000, interval: 100 },
    );
    const after = place('0950000002');
    expect(after.outcome).toBe('stasis');
    await vi.waitFor(() => expect(answered(after.channelId)).toBe(true), { timeout: 10_000, interval: 50 });
    await endAllAndCheck();
  });
});
