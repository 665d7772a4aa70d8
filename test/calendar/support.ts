import { formatInZone } from '../../src/calendar/working-time.js';

/** Instant of a Vietnam wall-clock time, e.g. vn('2026-12-04T16:30'). */
export function vn(local: string): Date {
  return new Date(`${local.length === 16 ? `${local}:00` : local}+07:00`);
}

/** Vietnam wall-clock rendering, e.g. '2026-12-04T16:30:00+07:00'. */
export function vnText(date: Date): string {
  return formatInZone(date, 'Asia/Ho_Chi_Minh');
}

/** Deterministic PRNG (mulberry32) so property tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
