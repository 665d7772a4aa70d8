import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.js';
import { assertPrintable } from './text-input.js';

export const tooManyFiles = (maxFiles = 1) =>
  badRequest('TOO_MANY_FILES', maxFiles === 1 ? 'Mỗi lần chỉ tải lên một tệp' : `Mỗi lần gửi tối đa ${maxFiles} tệp`);
export const fileRequired = () => badRequest('FILE_REQUIRED', 'Cần chọn một tệp để tải lên (trường "file")');

/** @fastify/multipart's error when a request holds more files than its `limits.files`. */
export const filesLimitCode = 'FST_FILES_LIMIT';

export interface ReceivedFile<T> {
  /** What `consume` made of the file (a staged copy…). */
  received: T;
  /** The text fields, checked for control characters like every other input (src/web/text-input.ts). */
  fields: Record<string, string>;
}

export interface ReceivedFiles<T> {
  /** What `consume` made of each file, in the order sent. */
  received: T[];
  fields: Record<string, string>;
}

/**
 * The files of a multipart request, read to its end: `consume` takes each file's stream (it must read it whole), and
 * the rest of the request is read too, so that a file over `maxFiles` is refused (400 TOO_MANY_FILES, issue 12: it
 * was dropped silently) rather than ignored; on any failure what `consume` made so far is given to `release`. Every
 * multipart route reads its uploads through here.
 */
export async function receiveFiles<T>(
  request: FastifyRequest,
  consume: (file: MultipartFile) => Promise<T>,
  release: (received: T) => Promise<void>,
  maxFiles: number,
): Promise<ReceivedFiles<T>> {
  const fields: Record<string, string> = {};
  const received: T[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (received.length >= maxFiles) {
          part.file.resume();
          throw tooManyFiles(maxFiles);
        }
        received.push(await consume(part));
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
    for (const value of received) await release(value);
    if ((error as { code?: string }).code === filesLimitCode) throw tooManyFiles(maxFiles);
    throw error;
  }
  return { received, fields };
}

/** The one file of a multipart request (receiveFiles with one file at most, and one required). */
export async function receiveOneFile<T>(
  request: FastifyRequest,
  consume: (file: MultipartFile) => Promise<T>,
  release: (received: T) => Promise<void>,
): Promise<ReceivedFile<T>> {
  const { received, fields } = await receiveFiles(request, consume, release, 1);
  if (received.length === 0) throw fileRequired();
  return { received: received[0] as T, fields };
}
