/**
 * Attachments of inbound messages (issue 15) become ticket attachments with the same checks as an upload: size
 * (ATTACHMENT_MAX_BYTES) and type from the bytes (src/attachments/file-types.ts). Their bytes are stored in the
 * attachment store before the inbox row is written; the row carries their SHA-256, and filing links them to the
 * ticket in the filing transaction.
 */
import { Readable } from 'node:stream';
import type { Executor } from '../db/client.js';
import { attachments } from '../db/schema/index.js';
import { cleanFileName } from '../attachments/file-name.js';
import { detectFileType } from '../attachments/file-types.js';
import type { AttachmentStore } from '../attachments/store.js';
import type { InboundAttachment } from './types.js';

/** Stores the bytes when they pass the checks; otherwise the attachment is listed with why it was not kept. */
export async function keepAttachment(store: AttachmentStore, maxBytes: number, fileName: string, content: Buffer): Promise<InboundAttachment> {
  const type = detectFileType(content);
  const listed = { fileName: cleanFileName(fileName), contentType: type?.mimeType ?? 'application/octet-stream', size: content.length };
  if (content.length > maxBytes) return { ...listed, refused: 'FILE_TOO_LARGE' };
  if (!type) return { ...listed, refused: 'FILE_TYPE_NOT_ALLOWED' };
  const staged = await store.stage(Readable.from([content]), maxBytes);
  await store.commit(staged);
  return { ...listed, sha256: staged.sha256 };
}

/** Links the kept attachments of a filed message to its ticket (evidence from the citizen). */
export async function linkInboundAttachments(tx: Executor, ticketId: string, list: InboundAttachment[] | undefined): Promise<void> {
  const kept = (list ?? []).filter((a) => a.sha256);
  if (kept.length === 0) return;
  await tx.insert(attachments).values(kept.map((a) => ({
    ticketId, purpose: 'evidence' as const, fileName: a.fileName, mimeType: a.contentType, sizeBytes: a.size, sha256: a.sha256!, uploadedBy: null,
  })));
}
