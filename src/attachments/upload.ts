import type { MultipartFile } from '@fastify/multipart';
import type { Database } from '../db/client.js';
import { attachments } from '../db/schema/index.js';
import { DomainError } from '../web/errors.js';
import { detectFileType, allowedFileTypes } from './file-types.js';
import { cleanFileName } from './file-name.js';
import type { AttachmentRow } from './schemas.js';
import { FileTooLargeError, type AttachmentStore } from './store.js';

export const fileTooLarge = (maxBytes: number) =>
  new DomainError(413, 'FILE_TOO_LARGE', `Tệp vượt quá dung lượng cho phép (${Math.floor(maxBytes / 1024 / 1024 * 10) / 10} MB)`);

const typeNotAllowed = () =>
  new DomainError(
    415,
    'FILE_TYPE_NOT_ALLOWED',
    `Loại tệp không được phép; chỉ nhận: ${allowedFileTypes.map((t) => t.extension).join(', ')}`,
  );

export interface UploadInput {
  ticketId: string;
  purpose: AttachmentRow['purpose'];
  uploadedBy: string;
}

/**
 * Stores one uploaded file: streamed to a temp file while hashed and measured, its type recognised
 * from its bytes, then moved to its hash path and recorded against the ticket.
 */
export async function storeUpload(
  db: Database, store: AttachmentStore, file: MultipartFile, input: UploadInput, maxBytes: number,
): Promise<AttachmentRow> {
  const staged = await store.stage(file.file, maxBytes).catch((error: unknown) => {
    if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw fileTooLarge(maxBytes);
    }
    throw error;
  });
  try {
    if (file.file.truncated) throw fileTooLarge(maxBytes);
    const type = detectFileType(await store.readStaged(staged));
    if (!type) throw typeNotAllowed();
    await store.commit(staged);
    const [row] = await db
      .insert(attachments)
      .values({
        ticketId: input.ticketId,
        purpose: input.purpose,
        fileName: cleanFileName(file.filename),
        mimeType: type.mimeType,
        sizeBytes: staged.sizeBytes,
        sha256: staged.sha256,
        uploadedBy: input.uploadedBy,
      })
      .returning();
    if (!row) throw new Error('attachment insert returned no row');
    return row;
  } finally {
    await store.discard(staged);
  }
}
