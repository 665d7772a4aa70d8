/** Webhook signatures (issue 15), compared in constant time. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Zalo OA: X-ZEvent-Signature is "mac=" + sha256(appId + raw body + timestamp + OA secret key). */
export function zaloSignatureValid(header: string | undefined, input: { appId: string; rawBody: string; timestamp: string; oaSecretKey: string }): boolean {
  if (!header) return false;
  const given = header.startsWith('mac=') ? header.slice(4) : header;
  const expected = createHash('sha256').update(`${input.appId}${input.rawBody}${input.timestamp}${input.oaSecretKey}`, 'utf8').digest('hex');
  return sameHex(expected, given);
}

/** Facebook: X-Hub-Signature-256 is "sha256=" + HMAC-SHA256 of the raw body with the app secret. */
export function facebookSignatureValid(header: string | undefined, rawBody: Buffer, appSecret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest('hex');
  return sameHex(expected, header.slice(7));
}
