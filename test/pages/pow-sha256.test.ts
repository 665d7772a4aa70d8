import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits as serverZeroBits, workDigest } from '../../src/public/challenge.js';
import { leadingZeroBits, sha256, solve } from '../../web/public/sha256.js';

/** The public portal's proof-of-work (issue 14): the browser's plain-JavaScript SHA-256 agrees with node:crypto. */
describe('public portal proof-of-work hash', () => {
  it('given texts of every padding length, ASCII and Vietnamese, then sha256 equals node:crypto', () => {
    const texts = ['', 'abc', 'Tổng đài 1022 — Đồng Nai', ...Array.from({ length: 130 }, (_, n) => 'x'.repeat(n))];
    for (const text of texts) expect(Buffer.from(sha256(text)).toString('hex'), text).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('given a challenge, when solved for 10 bits, then the server counts at least 10 leading zero bits', () => {
    const challenge = 'eyJ2IjoxfQ.c2lnbmF0dXJl';
    const nonce = solve(challenge, 10);
    expect(serverZeroBits(workDigest(challenge, nonce))).toBeGreaterThanOrEqual(10);
    expect(leadingZeroBits(sha256(`${challenge}:${nonce}`))).toBe(serverZeroBits(workDigest(challenge, nonce)));
  });
});
