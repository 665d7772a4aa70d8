import { Type, type Static } from 'typebox';
import type { attachments } from '../db/schema/index.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

export const AttachmentPurpose = Type.Enum(['evidence', 'result']);

export const AttachmentView = Type.Object(
  {
    id: Uuid,
    ticketId: Uuid,
    eventId: Nullable(Uuid),
    purpose: AttachmentPurpose,
    fileName: Type.String(),
    mimeType: Type.String({ description: 'Detected from the bytes, not taken from the browser' }),
    sizeBytes: Type.Integer(),
    sha256: Type.String(),
    uploadedBy: Nullable(Uuid),
    createdAt: DateTime,
  },
  { $id: 'AttachmentView' },
);

export type AttachmentRow = typeof attachments.$inferSelect;

export function toAttachmentView(row: AttachmentRow): Static<typeof AttachmentView> {
  return {
    id: row.id,
    ticketId: row.ticketId,
    eventId: row.eventId,
    purpose: row.purpose,
    fileName: row.fileName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}
