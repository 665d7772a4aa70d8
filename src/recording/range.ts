/**
 * HTTP Range requests (RFC 9110 §14) for seeking in browser audio players: one byte range is
 * served as 206; several ranges, another unit, or a stale If-Range are answered with the whole
 * file (the RFC allows ignoring Range); a malformed or unsatisfiable byte range is 416.
 */
import type { ByteRange } from './store.js';

export type RangeAnswer =
  | { kind: 'whole' }
  | ({ kind: 'partial' } & ByteRange)
  | { kind: 'unsatisfiable' };

const whole: RangeAnswer = { kind: 'whole' };
const unsatisfiable: RangeAnswer = { kind: 'unsatisfiable' };
const rangeSpec = /^(\d*)-(\d*)$/;

/**
 * What to send for a `Range` header against a file of `size` bytes. `ifRange` and `etag` (both as
 * sent on the wire, quotes included) implement If-Range: a range is honoured only when they match.
 */
export function answerRange(header: string | undefined, size: number, ifRange?: string, etag?: string): RangeAnswer {
  if (header === undefined) return whole;
  if (ifRange !== undefined && (etag === undefined || ifRange.trim() !== etag)) return whole;
  const unit = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!unit) return whole;
  const specs = (unit[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length !== 1) return specs.length === 0 ? unsatisfiable : whole;
  const match = rangeSpec.exec(specs[0] ?? '');
  const first = match?.[1] ?? '';
  const last = match?.[2] ?? '';
  if (!match || (first === '' && last === '')) return unsatisfiable;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return unsatisfiable;
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start) || start >= size) return unsatisfiable;
  if (last === '') return { kind: 'partial', start, end: size - 1 };
  const end = Number(last);
  if (end < start) return unsatisfiable;
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
