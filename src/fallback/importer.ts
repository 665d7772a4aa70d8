/**
 * Brings the dialplan fallback's calls into the database (issue 11 item 11, issue 17): every complete manifest in
 * FALLBACK_DIR (manifest.ts) becomes a `calls` row with outcome `fallback`, and its MixMonitor file a `recordings` row
 * with the file moved under RECORDINGS_DIR/YYYY/MM/DD/ (size, SHA-256, duration), so listing, access, audit and
 * retention treat it as any other recording. Then Asterisk's files are removed.
 *
 * Safe to run again and on several instances at once: the call is identified by Asterisk's uniqueid
 * (`calls.channel_id`, unique) and the recording by its name (`recordings.name`, unique); one transaction per call
 * creates or finds both, so a second run, or another instance racing on the same manifest, finds them and only
 * removes the files. A manifest whose end line is not written yet, or whose recording Asterisk has not closed (its
 * WAV header's sizes), waits for the next run. A call whose end never comes (Asterisk stopped mid-call) is imported
 * after `abandonAfterMs` with what was written. A call the app sent to the fallback itself (call control failed:
 * its row exists, outcome `failed`) gets the fallback's outcome, operator, end and recording.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Executor } from '../db/client.js';
import { calls, recordings, sipEndpoints } from '../db/schema/index.js';
import { saveRecording } from '../recording/store.js';
import { endpointOfChannel, ManifestError, parseManifest, type FallbackManifest } from './manifest.js';
import { readWavHeader, type WavHeader } from './wav.js';

export interface FallbackImportOptions {
  /** FALLBACK_DIR: where Asterisk writes the manifests and recordings (shared with the app). */
  dir: string;
  /** RECORDINGS_DIR */
  recordingsDir: string;
  /** BUSINESS_TZ (the recording's date folder) */
  timeZone: string;
  log: FastifyBaseLogger;
  now?: () => Date;
  /** A call whose end line never came is imported this long after its last event (default 12 h). */
  abandonAfterMs?: number;
  /** A finished call's recording still open (or missing) is waited for this long, then taken as it is (default 10 min). */
  recordingGraceMs?: number;
}

export interface FallbackImportResult {
  /** Calls whose files were imported (or found imported) and removed. */
  imported: number;
  /** Manifests left for a later run (call not over, recording not closed). */
  waiting: number;
  /** Manifests that could not be imported (logged; retried, or set aside as .bad when unreadable for long). */
  failed: number;
}

const hour = 3_600_000;
const isGone = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** One pass over the fallback directory. */
export async function importFallbackCalls(db: Database, options: FallbackImportOptions): Promise<FallbackImportResult> {
  const result: FallbackImportResult = { imported: 0, waiting: 0, failed: 0 };
  let names: string[];
  try {
    names = (await readdir(options.dir)).filter((n) => n.endsWith('.call')).sort();
  } catch (error) {
    if (isGone(error)) return result; // Asterisk has not created it yet
    throw error;
  }
  for (const name of names) {
    try {
      result[await importOne(db, options, name)] += 1;
    } catch (error) {
      result.failed += 1;
      options.log.error({ err: error, manifest: name }, 'importing a fallback call failed; retried at the next run');
    }
  }
  return result;
}

type Outcome = 'imported' | 'waiting' | 'failed';

async function importOne(db: Database, o: FallbackImportOptions, name: string): Promise<Outcome> {
  const now = (o.now ?? (() => new Date()))();
  const abandonAfterMs = o.abandonAfterMs ?? 12 * hour;
  const graceMs = o.recordingGraceMs ?? hour / 6;
  const manifestPath = path.join(o.dir, name);
  let manifest: FallbackManifest;
  try {
    manifest = parseManifest(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    if (isGone(error)) return 'imported'; // another instance finished it meanwhile
    if (!(error instanceof ManifestError)) throw error;
    const age = now.getTime() - (await stat(manifestPath)).mtime.getTime();
    if (age < abandonAfterMs) return 'waiting'; // its first line is still being written
    await rename(manifestPath, `${manifestPath}.bad`);
    o.log.warn({ manifest: name, reason: error.message }, 'unreadable fallback manifest set aside (.bad)');
    return 'failed';
  }
  if (`${manifest.uniqueId}.call` !== name) {
    o.log.warn({ manifest: name }, 'fallback manifest names another call; left in place');
    return 'failed';
  }
  const endedAt = manifest.end?.at ?? manifest.lastEventAt;
  if (!manifest.end && now.getTime() - manifest.lastEventAt.getTime() < abandonAfterMs) return 'waiting';
  const wavPath = manifest.recording ? path.join(o.dir, manifest.recording.file) : null;
  const wav = wavPath ? await readWav(wavPath) : null;
  const closedLongAgo = now.getTime() - endedAt.getTime() >= graceMs;
  if (wavPath && (!wav || (wav.header && !wav.header.complete)) && !closedLongAgo) return 'waiting'; // MixMonitor closing
  if (wavPath && !wav) o.log.warn({ manifest: name }, 'fallback recording file missing; the call is imported without it');

  await db.transaction(async (tx) => {
    const callId = await upsertCall(tx, manifest, endedAt);
    if (wavPath && wav && manifest.recording) {
      await storeRecording(tx, o, { callId, name: `fallback/${manifest.uniqueId}`, startedAt: manifest.recording.startedAt, endedAt, wavPath, header: wav.header });
    }
  });
  // Committed: Asterisk's copies go, the manifest last (a crash in between only repeats this step).
  if (wavPath) await rm(wavPath, { force: true });
  await rm(manifestPath, { force: true });
  o.log.info({ uniqueId: manifest.uniqueId, recording: Boolean(wav), answered: Boolean(manifest.answered), complete: Boolean(manifest.end) }, 'fallback call imported');
  return 'imported';
}

async function readWav(file: string): Promise<{ header: WavHeader | null } | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(44);
    const { bytesRead } = await handle.read(buffer, 0, 44, 0);
    return { header: readWavHeader(buffer.subarray(0, bytesRead), size) };
  } finally {
    await handle.close();
  }
}

/** Who answered: the user bound to the phone (sip_endpoints), if any. */
async function operatorOf(tx: Executor, manifest: FallbackManifest): Promise<string | null> {
  const endpoint = manifest.answered ? endpointOfChannel(manifest.answered.channel) : null;
  if (!endpoint) return null;
  const [row] = await tx.select({ userId: sipEndpoints.userId }).from(sipEndpoints).where(eq(sipEndpoints.endpoint, endpoint));
  return row?.userId ?? null;
}

/** The call's row: created, or found (imported before; or the app's own row of a call it sent to the fallback). */
async function upsertCall(tx: Executor, manifest: FallbackManifest, endedAt: Date): Promise<string> {
  const operatorUserId = await operatorOf(tx, manifest);
  const facts = {
    status: 'ended' as const,
    outcome: 'fallback' as const,
    operatorAnsweredAt: manifest.answered?.at ?? null,
    endedAt,
    hangupCause: manifest.end?.cause ?? null,
    hangupSide: hangupSide(manifest),
  };
  const [created] = await tx
    .insert(calls)
    .values({
      channelId: manifest.uniqueId,
      callerNumber: manifest.callerNumber,
      dialledNumber: manifest.dialledNumber,
      arrivedAt: manifest.startedAt,
      answeredAt: manifest.startedAt,
      operatorUserId,
      ...facts,
    })
    .onConflictDoNothing({ target: calls.channelId })
    .returning({ id: calls.id });
  if (created) return created.id;
  const [existing] = await tx
    .select({ id: calls.id, outcome: calls.outcome, operatorUserId: calls.operatorUserId })
    .from(calls)
    .where(eq(calls.channelId, manifest.uniqueId))
    .for('update');
  if (!existing) throw new Error('fallback call row vanished');
  if (existing.outcome === null || existing.outcome === 'failed') {
    // The app sent this call to the fallback when its call control failed: what happened there is the call's end.
    await tx
      .update(calls)
      .set({ ...facts, operatorUserId: existing.operatorUserId ?? operatorUserId, updatedAt: new Date() })
      .where(eq(calls.id, existing.id));
  }
  return existing.id;
}

/**
 * Who ended the call, from the dialplan's lines: Dial returns to the dialplan (its `dialled` line) only when the
 * called side hung up or nobody answered; a caller who hangs up leaves Dial without it.
 */
function hangupSide(manifest: FallbackManifest): 'caller' | 'operator' | 'system' | null {
  if (!manifest.end) return null;
  if (!manifest.dialled) return 'caller';
  return manifest.answered ? 'operator' : 'system';
}

async function storeRecording(
  tx: Executor,
  o: FallbackImportOptions,
  r: { callId: string; name: string; startedAt: Date; endedAt: Date; wavPath: string; header: WavHeader | null },
): Promise<void> {
  await tx.insert(recordings).values({ callId: r.callId, name: r.name, format: 'wav', startedAt: r.startedAt }).onConflictDoNothing({ target: recordings.name });
  const [row] = await tx.select({ id: recordings.id, status: recordings.status }).from(recordings).where(and(eq(recordings.name, r.name), eq(recordings.callId, r.callId)));
  if (!row) throw new Error('fallback recording row belongs to another call');
  if (row.status === 'done' || row.status === 'deleted') return; // imported before: only the files are left to remove
  await saveRecording(tx, {
    dir: o.recordingsDir,
    timeZone: o.timeZone,
    recordingId: row.id,
    bytes: createReadStream(r.wavPath),
    endedAt: r.endedAt,
    ...(r.header ? { durationMs: r.header.durationMs } : {}),
  });
}
