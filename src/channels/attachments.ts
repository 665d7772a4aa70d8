/**
 * Attachments of inbound messages (issue 15) become ticket attachments with the same checks as an upload: size
 * (ATTACHMENT_MAX_BYTES, counted while streaming), type from the bytes (src/attachments/file-types.ts), and at most
 * `maxAttachmentsPerMessage` per message. Every channel stores through `storeInboundAttachment`: email with the
 * bytes mailparser decoded (before the inbox row is written), Zalo and Facebook with the download of the channel's
 * link (in the inbox processing step, src/channels/download.ts). The inbox row carries each file's SHA-256, or why
 * it was refused; filing links the kept ones to the ticket and to their message in the filing transaction (so a
 * retried message never attaches twice), and the refused ones become a note in the message's text.
 */
import { Readable } from 'node:stream';
import type { Executor } from '../db/client.js';
import { attachments } from '../db/schema/index.js';
import { cleanFileName } from '../attachments/file-name.js';
import { allowedFileTypes, detectFileType } from '../attachments/file-types.js';
import { FileTooLargeError, type AttachmentStore } from '../attachments/store.js';
import type { InboundAttachment } from './types.js';

/** The most files one message may bring; the others are listed as refused (TOO_MANY_FILES). */
export const maxAttachmentsPerMessage = 10;

/** Where kept files go and how large they may be. */
export interface AttachmentShelf {
  store: AttachmentStore;
  maxBytes: number;
}

/**
 * Streams a file into the attachment store when it passes the checks (size while streaming, type from the bytes);
 * otherwise it is listed with why it was not kept. A name without an extension gets the detected type's.
 */
export async function storeInboundAttachment(shelf: AttachmentShelf, fileName: string, source: Readable): Promise<InboundAttachment> {
  const name = cleanFileName(fileName);
  let staged;
  try {
    staged = await shelf.store.stage(source, shelf.maxBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) return { fileName: name, contentType: 'application/octet-stream', size: shelf.maxBytes + 1, refused: 'FILE_TOO_LARGE' };
    throw error;
  }
  try {
    const type = detectFileType(await shelf.store.readStaged(staged));
    const listed = { fileName: name, contentType: type?.mimeType ?? 'application/octet-stream', size: staged.sizeBytes };
    if (!type) return { ...listed, refused: 'FILE_TYPE_NOT_ALLOWED' };
    await shelf.store.commit(staged);
    return { ...listed, fileName: name.includes('.') ? name : `${name}.${type.extension}`, sha256: staged.sha256 };
  } finally {
    await shelf.store.discard(staged);
  }
}

/** An email attachment's decoded bytes, through the same checks. */
export function keepAttachment(shelf: AttachmentShelf, fileName: string, content: Buffer): Promise<InboundAttachment> {
  return storeInboundAttachment(shelf, fileName, Readable.from([content]));
}

/** The files of a message beyond the allowed count, listed as refused. */
export function tooMany(fileName: string, contentType = 'application/octet-stream', size = 0): InboundAttachment {
  return { fileName: cleanFileName(fileName), contentType, size, refused: 'TOO_MANY_FILES' };
}

const refusals: Record<string, (limit: string) => string> = {
  FILE_TOO_LARGE: (limit) => `quá dung lượng cho phép (${limit})`,
  FILE_TYPE_NOT_ALLOWED: () => `loại tệp không được nhận (chỉ nhận ${allowedFileTypes.map((t) => t.extension).join(', ')})`,
  TOO_MANY_FILES: () => `quá ${maxAttachmentsPerMessage} tệp trong một tin nhắn`,
  HOST_NOT_ALLOWED: () => 'liên kết không thuộc máy chủ tệp của kênh',
  DOWNLOAD_REFUSED: () => 'kênh không cho tải tệp (liên kết hết hạn hoặc bị xóa)',
  DOWNLOAD_FAILED: () => 'không tải được tệp từ kênh sau nhiều lần thử',
};

/** The visible note for each refused file, added to the message's text: the operator sees what did not arrive. */
export function refusedNotes(list: InboundAttachment[] | undefined, maxBytes: number): string[] {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.floor((maxBytes / 1024 / 1024) * 10) / 10} MB` : `${Math.floor(maxBytes / 1024)} KB`;
  return (list ?? [])
    .filter((a) => a.refused)
    .map((a) => `[Tệp đính kèm không được nhận: ${a.fileName} — ${(refusals[a.refused!] ?? (() => a.refused!))(limit)}]`);
}

/** Links the kept attachments of a filed message to its ticket (evidence from the citizen) and to the message. */
export async function linkInboundAttachments(tx: Executor, ticketId: string, list: InboundAttachment[] | undefined, conversationMessageId: string): Promise<void> {
  const kept = (list ?? []).filter((a) => a.sha256);
  if (kept.length === 0) return;
  await tx.insert(attachments).values(kept.map((a) => ({
    ticketId, conversationMessageId, purpose: 'evidence' as const, fileName: a.fileName, mimeType: a.contentType, sizeBytes: a.size, sha256: a.sha256!, uploadedBy: null,
  })));
}
