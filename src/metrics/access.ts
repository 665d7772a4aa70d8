import { timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';

/**
 * Who may scrape /metrics (issue 16): a bearer token (METRICS_TOKEN), or an address on METRICS_ALLOW (exact addresses
 * or IPv4 CIDR blocks). With neither configured, nobody: the figures say how busy the hotline is.
 */
export interface MetricsAccess {
  token: string | undefined;
  allow: readonly string[];
}

export function parseAllowList(text: string): string[] {
  return text.split(',').map((a) => a.trim()).filter(Boolean);
}

const ipv4Number = (address: string) => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** An IPv4 address inside a block such as 10.0.0.0/8, or equal to an exact address (IPv4 or IPv6). */
export function addressAllowed(address: string, allow: readonly string[]): boolean {
  const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  return allow.some((entry) => {
    const [base = '', bitsText] = entry.split('/');
    if (bitsText === undefined) return base === plain;
    const bits = Number(bitsText);
    if (!isIPv4(base) || !isIPv4(plain) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
    if (bits === 0) return true;
    const mask = (0xffffffff << (32 - bits)) >>> 0;
    return ((ipv4Number(base) & mask) >>> 0) === ((ipv4Number(plain) & mask) >>> 0);
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function mayScrape(access: MetricsAccess, request: { ip: string; authorization: string | undefined }): boolean {
  if (access.token && tokenMatches(request.authorization, access.token)) return true;
  return addressAllowed(request.ip, access.allow);
}
