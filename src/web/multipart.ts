import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.js';
import { assertPrintable } from './text-input.js';

export const tooManyFiles = () => badRequest('TOO_MANY_FILES', 'Mỗi lần chỉ tải lên một tệp');
export const fileRequired = () => badRequest('FILE_REQUIRED', 'Cần chọn một tệp để tải lên (trường "file")');

/** @fastify/multipart's error when a request holds more files than its `limits.files`. */
export const filesLimitCode = 'FST_FILES_LIMIT';

export interface ReceivedFile<T> {
  /** What `consume` made of the file (a staged copy…). */
  received: T;
  /** The text fields, checked for control characters like every other input (src/web/text-input.ts). */
  fields: Record<string, string>;
}

/**
 * The one file of a multipart request, read to its end: `consume` takes the file's stream (it must read it whole), then
 * the rest of the request is read too, so that a second file is refused (400 TOO_MANY_FILES, issue 12: it was
 * dropped silently) rather than ignored; what `consume` made is then given to `release`. Every multipart route
 * reads its upload through here.
 */
export async function receiveOneFile<T>(
  request: FastifyRequest,
  consume: (file: MultipartFile) => Promise<T>,
  release: (received: T) => Promise<void>,
): Promise<ReceivedFile<T>> {
  const fields: Record<string, string> = {};
  let received: { value: T } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (received) {
          part.file.resume();
          throw tooManyFiles();
        }
        received = { value: await consume(part) };
        continue;
      }
      const field = part as MultipartValue<unknown>;
      assertPrintable(field.fieldname, 'form');
      if (typeof field.value === 'string') {
        assertPrintable(field.value, `form.${field.fieldname}`);
        fields[field.fieldname] = field.value;
      }
    }
  } catch (error) {
    if (received) await release(received.value);
    if ((error as { code?: string }).code === filesLimitCode) throw tooManyFiles();
    throw error;
  }
  if (!received) throw fileRequired();
  return { received: received.value, fields };
}
