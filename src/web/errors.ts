import { Type } from 'typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { databaseUnavailability, retryAfterSeconds } from '../db/availability.js';

/**
 * A failure the user can act on: an HTTP status, a stable machine-readable code and a message
 * in Vietnamese for the person in front of the screen.
 */
export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string) => new DomainError(400, code, message);
export const unauthorized = (message = 'Bạn cần đăng nhập') => new DomainError(401, 'UNAUTHENTICATED', message);
export const forbidden = (code = 'FORBIDDEN', message = 'Bạn không có quyền thực hiện thao tác này') =>
  new DomainError(403, code, message);
export const notFound = (what: string) => new DomainError(404, 'NOT_FOUND', `Không tìm thấy ${what}`);
export const conflict = (code: string, message: string) => new DomainError(409, code, message);

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable error code, e.g. VALIDATION_FAILED, NOT_FOUND' }),
    message: Type.String({ description: 'Human-readable, in Vietnamese' }),
  },
  { $id: 'ErrorResponse', title: 'Error' },
);

/** Response schemas for the error statuses a route can answer. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')])) as Record<
    number,
    ReturnType<typeof Type.Ref>
  >;
}

const postgresUniqueViolation = '23505';
const postgresForeignKeyViolation = '23503';

/** The one error handler: domain errors as they are, validation as 400, 5xx details hidden. */
export function installErrorHandler(app: FastifyInstance): void {
  app.addSchema(ErrorResponse);
  app.setErrorHandler((error: FastifyError & { cause?: { code?: string } }, request, reply) => {
    if (error instanceof DomainError) {
      return reply.status(error.statusCode).send({ statusCode: error.statusCode, code: error.code, message: error.message });
    }
    if (error.validation) {
      return reply.status(400).send({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: `Dữ liệu không hợp lệ: ${error.message}`,
      });
    }
    // The database unreachable (PostgreSQL down, connection lost) or the embedded one full: 503 at once, with when to
    // come back, instead of a 500 (issue 12). Logged without details: the log of an outage is one line per request.
    const unavailability = databaseUnavailability(error);
    if (unavailability) {
      request.log.warn({ code: unavailability }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(retryAfterSeconds[unavailability]))
        .send(
          unavailability === 'busy'
            ? { statusCode: 503, code: 'DATABASE_BUSY', message: 'Hệ thống đang quá tải, vui lòng thử lại sau giây lát' }
            : { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'Tạm thời không kết nối được cơ sở dữ liệu, vui lòng thử lại sau ít phút' },
        );
    }
    const pgCode = error.code ?? error.cause?.code;
    if (pgCode === postgresUniqueViolation) {
      return reply.status(409).send({ statusCode: 409, code: 'ALREADY_EXISTS', message: 'Dữ liệu đã tồn tại' });
    }
    if (pgCode === postgresForeignKeyViolation) {
      return reply
        .status(400)
        .send({ statusCode: 400, code: 'INVALID_REFERENCE', message: 'Dữ liệu tham chiếu không tồn tại' });
    }
    if (error.code === 'FST_FILES_LIMIT') {
      return reply.status(400).send({ statusCode: 400, code: 'TOO_MANY_FILES', message: 'Mỗi lần chỉ tải lên một tệp' });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      return reply.status(status).send({ statusCode: status, code: error.code ?? 'BAD_REQUEST', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ statusCode: 500, code: 'INTERNAL', message: 'Lỗi hệ thống, vui lòng thử lại sau' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ statusCode: 404, code: 'ROUTE_NOT_FOUND', message: `Không có đường dẫn ${request.method} ${request.url.split('?')[0]}` }),
  );
}
