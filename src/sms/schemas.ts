import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

export const SmsStatus = Type.Enum(['pending', 'sent', 'failed']);
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const SmsView = Type.Object(
  {
    id: Uuid,
    ticketId: Nullable(Uuid),
    agencyId: Nullable(Uuid),
    phone: Type.String({ description: 'Masked: last 3 digits only' }),
    template: Type.String(),
    status: SmsStatus,
    provider: Nullable(Type.String()),
    providerMessageId: Nullable(Type.String()),
    segments: Type.Integer(),
    attempts: Type.Integer(),
    nextAttemptAt: DateTime,
    lastError: Nullable(Type.String()),
    sentAt: Nullable(DateTime),
    createdAt: DateTime,
  },
  { $id: 'SmsView' },
);

export const SmsMonthlyStats = Type.Object(
  {
    month: Month,
    totals: Type.Object({ sentMessages: Type.Integer(), sentSegments: Type.Integer() }),
    rows: Type.Array(
      Type.Object({
        agencyId: Nullable(Uuid),
        agencyName: Nullable(Type.String()),
        status: SmsStatus,
        messages: Type.Integer(),
        segments: Type.Integer(),
      }),
    ),
  },
  { $id: 'SmsMonthlyStats' },
);
