import { Type, type Static } from 'typebox';
import { recordingStatus } from '../db/schema/index.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import type { RecordingRow } from './store.js';

export const RecordingStatus = Type.Enum([...recordingStatus.enumValues]);

/** What the API shows of a recording: metadata only, never where it lies on the server's disk. */
export const RecordingView = Type.Object(
  {
    id: Uuid,
    callId: Uuid,
    format: Type.String({ description: 'Audio format as Asterisk wrote it, e.g. wav' }),
    status: RecordingStatus,
    startedAt: DateTime,
    endedAt: Nullable(DateTime),
    durationSeconds: Nullable(Type.Integer({ description: 'Whole seconds, rounded to the nearest' })),
    durationMs: Nullable(Type.Integer({ minimum: 0, description: "Length in milliseconds, from the file's own audio" })),
    sizeBytes: Nullable(Type.Integer()),
    sha256: Nullable(Type.String({ description: 'Hex SHA-256 of the file, for evidence' })),
    deletedAt: Nullable(DateTime),
    fileUrl: Nullable(Type.String({ description: 'Where to download the audio (audited); null unless status is done' })),
  },
  { $id: 'Recording', title: 'Recording (ghi âm)' },
);
export type RecordingView = Static<typeof RecordingView>;

export const recordingFileUrl = (id: string) => `/api/recordings/${id}/file`;

export function toRecordingView(r: RecordingRow): RecordingView {
  return {
    id: r.id,
    callId: r.callId,
    format: r.format,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    durationSeconds: r.durationSeconds,
    durationMs: r.durationMs,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    deletedAt: r.deletedAt?.toISOString() ?? null,
    fileUrl: r.status === 'done' ? recordingFileUrl(r.id) : null,
  };
}
