import { Type } from 'typebox';
import { TicketStatus } from '../tickets/schemas.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { contentMaxLength } from './request-input.js';

/** Types and outer bounds only: each rule is checked in request-input.ts with a Vietnamese message. */
export const PublicRequestBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 1000, description: 'Họ và tên (bắt buộc)' })),
    phone: Type.Optional(Type.String({ maxLength: 40, description: 'Số điện thoại (bắt buộc): 0xxxxxxxxx hoặc +84xxxxxxxxx' })),
    email: Type.Optional(Type.String({ maxLength: 1000 })),
    address: Type.Optional(Type.String({ maxLength: 2000 })),
    content: Type.Optional(Type.String({ maxLength: contentMaxLength * 2, description: 'Nội dung (bắt buộc), 10–5000 ký tự' })),
    fieldId: Type.Optional(Type.String({ maxLength: 100, description: 'Lĩnh vực (tuỳ chọn), id từ GET /api/public/fields' })),
  },
  { $id: 'PublicRequestBody' },
);

export const PublicRequestLimits = Type.Object(
  {
    maxFiles: Type.Integer({ minimum: 1, description: 'PUBLIC_REQUEST_MAX_FILES: files one request may carry' }),
    maxFileBytes: Type.Integer({ minimum: 1, description: 'ATTACHMENT_MAX_BYTES: the largest file' }),
    fileTypes: Type.Array(
      Type.Object({ mimeType: Type.String({ maxLength: 100 }), extension: Type.String({ maxLength: 10 }) }),
      { maxItems: 20, description: 'The types taken, recognised from the bytes' },
    ),
  },
  { $id: 'PublicRequestLimits' },
);

export const PublicRequestReceipt = Type.Object(
  {
    receiptCode: Type.String(),
    message: Type.String({ description: 'The R16 acknowledgement, with the receipt code' }),
  },
  { $id: 'PublicRequestReceipt' },
);

export const PublicTicket = Type.Object(
  {
    receiptCode: Type.String(),
    status: TicketStatus,
    statusLabel: Type.String(),
    channel: Type.String(),
    field: Nullable(Type.String()),
    citizenName: Nullable(Type.String({ description: 'Initials only' })),
    citizenPhone: Nullable(Type.String({ description: 'Last 3 digits only' })),
    receivedAt: DateTime,
    dueAt: Nullable(DateTime),
    resolvedAt: Nullable(DateTime),
    result: Nullable(Type.String({ description: 'The answer, once the ticket is closed' })),
  },
  { $id: 'PublicTicket' },
);

export const PublicAnswer = Type.Object({
  receiptCode: Type.String(),
  field: Nullable(Type.String()),
  citizenName: Nullable(Type.String()),
  citizenPhone: Nullable(Type.String()),
  question: Type.String(),
  result: Nullable(Type.String()),
  resolvedAt: Nullable(DateTime),
});

export const PublicAnswerPage = Type.Object(
  { total: Type.Integer(), items: Type.Array(PublicAnswer) },
  { $id: 'PublicAnswerPage' },
);

export const PublicField = Type.Object({ id: Uuid, code: Type.String(), name: Type.String() });
