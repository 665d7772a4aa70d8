/**
 * Proof-of-work for the public form (R16 abuse protection, no third-party service): the server hands out a signed,
 * expiring challenge; the browser finds a nonce such that SHA-256(challenge + ":" + nonce) starts with `bits` zero
 * bits (about 2^bits hashes: 16 bits ≈ 65,000, under a second on a phone); the server checks it once and remembers
 * it until it expires, so a solved challenge cannot be replayed. Stateless to issue (HMAC-SHA256 with a key from
 * PUBLIC_CHALLENGE_SECRET, or made at first start and kept in server_secrets, shared by every instance).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { publicChallengeUses, serverSecrets } from '../db/schema/index.js';
import { badRequest, conflict } from '../web/errors.js';

const keyName = 'public_challenge_key';

export interface Challenge {
  challenge: string;
  bits: number;
  expiresAt: Date;
}

interface Payload {
  v: 1;
  n: string;
  b: number;
  e: number;
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** What the browser computes: SHA-256 of `challenge:nonce`. */
export function workDigest(challenge: string, nonce: string): Buffer {
  return createHash('sha256').update(`${challenge}:${nonce}`).digest();
}

const challengeUsed = () => conflict('CHALLENGE_USED', 'Mã kiểm tra này đã được dùng: hãy tải lại trang rồi gửi lại');

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class PublicChallenges {
  #key: Promise<Buffer> | undefined;

  constructor(
    private readonly db: Database,
    private readonly settings: { bits: number; ttlSeconds: number; secret?: string | undefined },
  ) {}

  get required(): boolean {
    return this.settings.bits > 0;
  }

  /** The signing key: from the environment, else the one stored at first start (made then if none). */
  #signingKey(): Promise<Buffer> {
    if (this.settings.secret) return Promise.resolve(Buffer.from(this.settings.secret));
    this.#key ??= (async () => {
      await this.db.insert(serverSecrets).values({ name: keyName, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
      const [row] = await this.db.select().from(serverSecrets).where(eq(serverSecrets.name, keyName));
      if (!row) throw new Error('challenge key not stored');
      return Buffer.from(row.value, 'hex');
    })().catch((error: unknown) => {
      this.#key = undefined; // a database outage must not stick
      throw error;
    });
    return this.#key;
  }

  async issue(now = new Date()): Promise<Challenge> {
    const expiresAt = new Date(now.getTime() + this.settings.ttlSeconds * 1000);
    const payload = b64(JSON.stringify({ v: 1, n: randomBytes(16).toString('hex'), b: this.settings.bits, e: expiresAt.getTime() } satisfies Payload));
    const signature = b64(createHmac('sha256', await this.#signingKey()).update(payload).digest());
    return { challenge: `${payload}.${signature}`, bits: this.settings.bits, expiresAt };
  }

  /**
   * Checks a solved challenge without using it up (400 as `consume`; 409 CHALLENGE_USED when already used): for a
   * request with files, before a byte of them is read.
   */
  async verify(challenge: string | undefined, nonce: string | undefined, now = new Date()): Promise<void> {
    const solved = await this.#solved(challenge, nonce, now);
    if (!solved) return;
    const [used] = await this.db.select({ id: publicChallengeUses.id }).from(publicChallengeUses).where(eq(publicChallengeUses.challengeHash, solved.hash));
    if (used) throw challengeUsed();
  }

  /**
   * Checks a solved challenge and uses it up (400 CHALLENGE_REQUIRED / CHALLENGE_INVALID / CHALLENGE_EXPIRED /
   * CHALLENGE_NOT_SOLVED, 409 CHALLENGE_USED). Nothing to do when the difficulty is 0.
   */
  async consume(challenge: string | undefined, nonce: string | undefined, now = new Date()): Promise<void> {
    const solved = await this.#solved(challenge, nonce, now);
    if (!solved) return;
    const used = await this.db
      .insert(publicChallengeUses)
      .values({ challengeHash: solved.hash, expiresAt: solved.expiresAt })
      .onConflictDoNothing()
      .returning({ id: publicChallengeUses.id });
    if (used.length === 0) throw challengeUsed();
    await this.db.delete(publicChallengeUses).where(lt(publicChallengeUses.expiresAt, now));
  }

  /** The challenge's hash and expiry when it is genuine, unexpired and solved; null when none is required. */
  async #solved(challenge: string | undefined, nonce: string | undefined, now: Date): Promise<{ hash: string; expiresAt: Date } | null> {
    if (!this.required) return null;
    if (!challenge || !nonce) throw badRequest('CHALLENGE_REQUIRED', 'Thiếu mã kiểm tra chống gửi tự động: hãy tải lại trang rồi gửi lại');
    const invalid = () => badRequest('CHALLENGE_INVALID', 'Mã kiểm tra chống gửi tự động không hợp lệ: hãy tải lại trang rồi gửi lại');
    if (challenge.length > 512 || nonce.length > 64) throw invalid();
    const [payload, signature, extra] = challenge.split('.');
    if (!payload || !signature || extra !== undefined) throw invalid();
    const expected = createHmac('sha256', await this.#signingKey()).update(payload).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let parsed: Payload;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
    } catch {
      throw invalid();
    }
    if (parsed.e <= now.getTime()) throw badRequest('CHALLENGE_EXPIRED', 'Mã kiểm tra chống gửi tự động đã hết hạn: hãy gửi lại');
    if (parsed.b < this.settings.bits || leadingZeroBits(workDigest(challenge, nonce)) < parsed.b) {
      throw badRequest('CHALLENGE_NOT_SOLVED', 'Mã kiểm tra chống gửi tự động chưa đúng: hãy gửi lại');
    }
    return { hash: createHash('sha256').update(challenge).digest('hex'), expiresAt: new Date(parsed.e) };
  }
}
