import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Executor } from '../../src/db/client.js';
import { calls, recordings, ticketCalls, tickets } from '../../src/db/schema/index.js';

/** A fresh RECORDINGS_DIR for one test file; remove() deletes it. */
export async function temporaryRecordingsDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tongdai-recordings-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function insertCall(db: Executor, values: Partial<typeof calls.$inferInsert> = {}) {
  const [call] = await db
    .insert(calls)
    .values({ channelId: `chan-${randomUUID()}`, callerNumber: '0912345678', dialledNumber: '1022', ...values })
    .returning();
  if (!call) throw new Error('no call');
  return call;
}

export async function insertRecording(db: Executor, callId: string, values: Partial<typeof recordings.$inferInsert> = {}) {
  const [recording] = await db
    .insert(recordings)
    .values({ callId, name: `rec-${randomUUID()}`, ...values })
    .returning();
  if (!recording) throw new Error('no recording');
  return recording;
}

let receiptCounter = 0;

/** A ticket of `agencyId` that gathers `callId`. */
export async function linkCallToAgencyTicket(
  db: Executor,
  callId: string,
  agencyId: string | null,
  status: typeof tickets.$inferInsert.status = 'forwarded',
) {
  receiptCounter += 1;
  const [ticket] = await db
    .insert(tickets)
    .values({
      receiptCode: `1022-2026-${String(receiptCounter).padStart(6, '0')}-${randomUUID().slice(0, 4)}`,
      channel: 'phone',
      content: 'Phản ánh qua tổng đài',
      agencyId,
      status,
    })
    .returning();
  if (!ticket) throw new Error('no ticket');
  await db.insert(ticketCalls).values({ ticketId: ticket.id, callId });
  return ticket;
}

/** A pino logger that keeps what it writes, to assert on logged errors. */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

/** Bytes that look like a small WAV file, distinct per seed. */
export function fakeWav(size: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + seed) % 251;
  bytes.write('RIFF', 0, 'ascii');
  return bytes;
}
