import type { MultipartFile } from '@fastify/multipart';
import type { Executor } from '../db/client.js';
import { attachments } from '../db/schema/index.js';
import { DomainError } from '../web/errors.js';
import { detectFileType, allowedFileTypes, type FileType } from './file-types.js';
import { cleanFileName } from './file-name.js';
import type { AttachmentRow } from './schemas.js';
import { FileTooLargeError, type AttachmentStore, type StagedFile } from './store.js';

export const fileTooLarge = (maxBytes: number) =>
  new DomainError(413, 'FILE_TOO_LARGE', `Tệp vượt quá dung lượng cho phép (${Math.floor(maxBytes / 1024 / 1024 * 10) / 10} MB)`);

export const typeNotAllowed = () =>
  new DomainError(
    415,
    'FILE_TYPE_NOT_ALLOWED',
    `Loại tệp không được phép; chỉ nhận: ${allowedFileTypes.map((t) => t.extension).join(', ')}`,
  );

export interface UploadInput {
  ticketId: string;
  purpose: AttachmentRow['purpose'];
  /** null: the citizen, through the public form. */
  uploadedBy: string | null;
}

/** An uploaded file staged (hashed, measured) in the store's temporary folder, with the name the browser gave. */
export interface StagedUpload {
  staged: StagedFile;
  fileName: string;
}

/** Streams the upload to a temporary file while hashing and measuring it (413 when too large). */
export async function stageUpload(store: AttachmentStore, file: MultipartFile, maxBytes: number): Promise<StagedUpload> {
  const staged = await store.stage(file.file, maxBytes).catch((error: unknown) => {
    if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw fileTooLarge(maxBytes);
    }
    throw error;
  });
  if (file.file.truncated) {
    await store.discard(staged);
    throw fileTooLarge(maxBytes);
  }
  return { staged, fileName: file.filename };
}

/** The allowed type of a staged upload, recognised from its bytes (415 FILE_TYPE_NOT_ALLOWED otherwise). */
export async function recogniseUpload(store: AttachmentStore, upload: StagedUpload): Promise<FileType> {
  const type = detectFileType(await store.readStaged(upload.staged));
  if (!type) throw typeNotAllowed();
  return type;
}

/** Moves a recognised upload to its hash path and records it against the ticket (`db` may be a transaction). */
export async function keepUpload(db: Executor, store: AttachmentStore, upload: StagedUpload, type: FileType, input: UploadInput): Promise<AttachmentRow> {
  const { staged } = upload;
  await store.commit(staged);
  const [row] = await db
    .insert(attachments)
    .values({
      ticketId: input.ticketId,
      purpose: input.purpose,
      fileName: cleanFileName(upload.fileName),
      mimeType: type.mimeType,
      sizeBytes: staged.sizeBytes,
      sha256: staged.sha256,
      uploadedBy: input.uploadedBy,
    })
    .returning();
  if (!row) throw new Error('attachment insert returned no row');
  return row;
}

/**
 * Keeps a staged upload: its type recognised from its bytes, moved to its hash path and recorded against the ticket.
 * The temporary file is gone afterwards, kept or not.
 */
export async function storeUpload(db: Executor, store: AttachmentStore, upload: StagedUpload, input: UploadInput): Promise<AttachmentRow> {
  try {
    return await keepUpload(db, store, upload, await recogniseUpload(store, upload), input);
  } finally {
    await store.discard(upload.staged);
  }
}
