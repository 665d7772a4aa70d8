import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import type { Principal } from '../auth/roles.js';
import { everyone } from '../auth/roles.js';
import { calls, recordings } from '../db/schema/index.js';
import { Uuid } from '../web/schemas.js';
import { DomainError, conflict, errorResponses, notFound } from '../web/errors.js';
import { assertCanSeeCall } from '../calls/access.js';
import { answerRange } from './range.js';
import { RecordingView, toRecordingView } from './schemas.js';
import { RecordingPathOutsideStoreError, openRecording, type OpenedRecording, type RecordingRow } from './store.js';

const recordingDeleted = () =>
  new DomainError(410, 'RECORDING_DELETED', 'Bản ghi âm đã được xoá khi hết thời hạn lưu trữ');
const notReady = (status: 'recording' | 'failed') =>
  status === 'recording'
    ? conflict('RECORDING_IN_PROGRESS', 'Cuộc gọi đang được ghi âm, tệp chưa sẵn sàng')
    : conflict('RECORDING_FAILED', 'Ghi âm cuộc gọi này bị lỗi, không có tệp để tải');

const rangeNotSatisfiable = () =>
  new DomainError(416, 'RANGE_NOT_SATISFIABLE', 'Đoạn dữ liệu yêu cầu (Range) không hợp lệ hoặc vượt quá độ dài tệp');

const mimeTypes: Record<string, string> = {
  wav: 'audio/wav',
  wav16: 'audio/wav',
  wav49: 'audio/wav',
  gsm: 'audio/x-gsm',
  ulaw: 'audio/basic',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
};
const firstValue = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header);
const mimeTypeOf = (format: string) => mimeTypes[format] ?? 'application/octet-stream';

const Audio = {
  description: 'The audio bytes (206 for a Range request)',
  content: { 'audio/wav': { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) } },
};

/**
 * Listening to recordings (R5) under least privilege (R22): a recording is visible to whoever may
 * see its call (see src/calls/access.ts), and every attempt, granted or refused, is written to the audit log.
 */
export const recordingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id',
    {
      config: { access: everyone },
      schema: {
        tags: ['recordings'],
        summary: "A recording's metadata (audited)",
        params: Type.Object({ id: Uuid }),
        response: { 200: RecordingView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { principal, recording } = await loadVisibleRecording(app, request, request.params.id, 'recording.read_metadata_refused');
      await recordAudit(app.db, {
        actor: principal,
        action: 'recording.read_metadata',
        entityType: 'recording',
        entityId: recording.id,
        ip: request.ip,
        details: { callId: recording.callId },
      });
      return toRecordingView(recording);
    },
  );

  app.get(
    '/:id/file',
    {
      config: { access: everyone },
      // A HEAD would read the whole file and be audited as a download: not offered.
      exposeHeadRoute: false,
      schema: {
        tags: ['recordings'],
        summary: 'Download or stream the audio; supports one HTTP byte Range (audited)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Audio, 206: Audio, ...errorResponses(400, 401, 403, 404, 409, 410, 416) },
      },
    },
    async (request, reply) => {
      const { principal, recording } = await loadVisibleRecording(app, request, request.params.id, 'recording.download_refused');
      const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
        recordAudit(app.db, {
          actor: principal,
          action: 'recording.download',
          entityType: 'recording',
          entityId: recording.id,
          ip: request.ip,
          details: { callId: recording.callId, outcome, ...extra },
        });
      if (recording.status === 'deleted') {
        await audit('deleted');
        throw recordingDeleted();
      }
      if (recording.status !== 'done') {
        await audit(recording.status);
        throw notReady(recording.status);
      }
      const file = await openAudited(recording, app.env.RECORDINGS_DIR, audit);
      const etag = recording.sha256 ? `"${recording.sha256}"` : undefined;
      const answer = answerRange(request.headers.range, file.size, firstValue(request.headers['if-range']), etag);
      if (answer.kind === 'unsatisfiable') {
        await file.close();
        await audit('range_not_satisfiable');
        reply.header('content-range', `bytes */${file.size}`).header('cache-control', 'no-store');
        throw rangeNotSatisfiable();
      }
      try {
        await audit('served', answer.kind === 'partial' ? { range: `${answer.start}-${answer.end}` } : {});
      } catch (error) {
        await file.close();
        throw error;
      }
      reply
        .header('content-type', mimeTypeOf(recording.format))
        .header('content-disposition', `inline; filename="ghi-am-${recording.id}.${recording.format}"`)
        .header('cache-control', 'no-store')
        .header('accept-ranges', 'bytes');
      if (etag) reply.header('etag', etag);
      if (answer.kind === 'partial') {
        reply
          .status(206)
          .header('content-range', `bytes ${answer.start}-${answer.end}/${file.size}`)
          .header('content-length', answer.end - answer.start + 1);
        return reply.send(file.stream(answer));
      }
      reply.status(200).header('content-length', file.size);
      return reply.send(file.stream());
    },
  );
};

/** The recording with its call, after checking the caller may see that call; a refusal is audited. */
async function loadVisibleRecording(
  app: FastifyInstance,
  request: FastifyRequest,
  id: string,
  refusedAction: string,
): Promise<{ principal: Principal; recording: RecordingRow }> {
  const principal = principalOf(request);
  const [row] = await app.db
    .select({ recording: recordings, operatorUserId: calls.operatorUserId })
    .from(recordings)
    .innerJoin(calls, eq(calls.id, recordings.callId))
    .where(eq(recordings.id, id));
  if (!row) throw notFound('bản ghi âm');
  const { recording } = row;
  try {
    await assertCanSeeCall(app.db, principal, { id: recording.callId, operatorUserId: row.operatorUserId });
  } catch (refusal) {
    await recordAudit(app.db, {
      actor: principal,
      action: refusedAction,
      entityType: 'recording',
      entityId: recording.id,
      ip: request.ip,
      details: { callId: recording.callId, reason: refusal instanceof DomainError ? refusal.code : 'error' },
    });
    throw refusal;
  }
  return { principal, recording };
}

/** Opens the file; a missing file (410) or a stored path outside the store (500, logged) is audited first. */
async function openAudited(
  recording: RecordingRow,
  dir: string,
  audit: (outcome: string) => Promise<void>,
): Promise<OpenedRecording> {
  try {
    return await openRecording(recording, dir);
  } catch (error) {
    if (error instanceof RecordingPathOutsideStoreError) await audit('path_refused');
    else if (error instanceof DomainError) await audit('file_missing');
    else await audit('error');
    throw error;
  }
}
