import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { publicChallengeUses, serverSecrets, tickets } from '../../src/db/schema/index.js';
import { leadingZeroBits, workDigest } from '../../src/public/challenge.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const request = { name: 'Trần Thị Bình', phone: '0912345678', content: 'Cống thoát nước trên đường Đồng Khởi bị tắc.' };

/** What the browser does: count up until SHA-256("challenge:nonce") has enough leading zero bits. */
function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) if (leadingZeroBits(workDigest(challenge, String(n))) >= bits) return String(n);
}

describe('proof-of-work challenge of the public form (R16 abuse protection, no third-party service)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_CHALLENGE_BITS: '8', PUBLIC_SUBMIT_PER_HOUR: '50' });
  });
  afterAll(() => t.close());

  const challenge = async () => {
    const response = await t.app.inject({ url: '/api/public/challenge' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { challenge: string; bits: number; expiresAt: string; algorithm: string };
  };
  const submit = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/public/requests', payload: request, headers });
  const ticketCount = async () => (await t.database.db.select({ n: count() }).from(tickets))[0]?.n;

  it('given a challenge solved by the browser, when the request is sent with it, then it is accepted once; the same solution again is refused as used', async () => {
    const issued = await challenge();
    expect(issued).toMatchObject({ bits: 8, algorithm: 'sha256' });
    expect(new Date(issued.expiresAt).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const headers = { 'x-pow-challenge': issued.challenge, 'x-pow-nonce': solve(issued.challenge, 8) };
    const first = await submit(headers);
    expect(first.statusCode, first.body).toBe(201);
    const replay = await submit(headers);
    expect(replay.statusCode, replay.body).toBe(409);
    expect(replay.json().code).toBe('CHALLENGE_USED');
    expect((await t.database.db.select({ n: count() }).from(publicChallengeUses))[0]?.n).toBe(1);
  });

  it('given the key was made at first start, then it is kept in the database (shared by instances), never sent', async () => {
    const rows = await t.database.db.select().from(serverSecrets);
    expect(rows.map((r) => r.name)).toEqual(['public_challenge_key']);
    expect((await challenge()).challenge).not.toContain(rows[0]!.value);
  });

  it.each([
    ['no challenge at all', async () => ({}), 400, 'CHALLENGE_REQUIRED'],
    ['a nonce that does not solve it', async () => {
      const { challenge: c } = await challenge();
      let n = 0;
      while (leadingZeroBits(workDigest(c, String(n))) >= 8) n++;
      return { 'x-pow-challenge': c, 'x-pow-nonce': String(n) };
    }, 400, 'CHALLENGE_NOT_SOLVED'],
    ['a challenge whose signature was tampered with', async () => {
      const { challenge: c } = await challenge();
      const forged = `${c.slice(0, -2)}AA`;
      return { 'x-pow-challenge': forged, 'x-pow-nonce': solve(forged, 8) };
    }, 400, 'CHALLENGE_INVALID'],
    ['a challenge made up by the client with an easier difficulty', async () => {
      const payload = Buffer.from(JSON.stringify({ v: 1, n: 'x', b: 0, e: Date.now() + 60_000 })).toString('base64url');
      return { 'x-pow-challenge': `${payload}.c2lnbmF0dXJl`, 'x-pow-nonce': '0' };
    }, 400, 'CHALLENGE_INVALID'],
    ['a nonce of 65 characters', async () => ({ 'x-pow-challenge': (await challenge()).challenge, 'x-pow-nonce': '1'.repeat(65) }), 400, 'CHALLENGE_INVALID'],
  ] as const)('given %s, when the request is sent, then it is refused and no ticket is made', async (_case, headers, status, code) => {
    const before = await ticketCount();
    const response = await submit(await headers());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().code).toBe(code);
    expect(await ticketCount()).toBe(before);
  });

  it('given an expired challenge, when it is used, then 400 CHALLENGE_EXPIRED', async () => {
    const short = await startTestApp({ PUBLIC_CHALLENGE_BITS: '4', PUBLIC_CHALLENGE_TTL_SECONDS: '1', PUBLIC_CHALLENGE_SECRET: 'une-cle-de-test-assez-longue-pour-signer-1234' });
    try {
      const issued = (await short.app.inject({ url: '/api/public/challenge' })).json();
      const nonce = solve(issued.challenge, 4);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(issued.expiresAt).getTime() - Date.now() + 50)));
      const response = await short.app.inject({ method: 'POST', url: '/api/public/requests', payload: request, headers: { 'x-pow-challenge': issued.challenge, 'x-pow-nonce': nonce } });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().code).toBe('CHALLENGE_EXPIRED');
      expect(await short.database.db.select().from(serverSecrets)).toEqual([]);
    } finally {
      await short.close();
    }
  });

  it('given a difficulty of 0, when a request comes without a challenge, then it is accepted (the challenge is off)', async () => {
    const off = await startTestApp({ PUBLIC_CHALLENGE_BITS: '0' });
    try {
      expect((await off.app.inject({ method: 'POST', url: '/api/public/requests', payload: request })).statusCode).toBe(201);
      expect((await off.app.inject({ url: '/api/public/challenge' })).json().bits).toBe(0);
    } finally {
      await off.close();
    }
  });

  it('given digests, when their leading zero bits are counted, then bytes and bits are both counted', () => {
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x10, 0xff]))).toBe(19);
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0, 0]))).toBe(16);
  });
});
