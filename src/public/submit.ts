import { and, eq } from 'drizzle-orm';
import type { FileType } from '../attachments/file-types.js';
import type { AttachmentStore } from '../attachments/store.js';
import { keepUpload, type StagedUpload } from '../attachments/upload.js';
import { recordAudit } from '../audit/service.js';
import type { Database } from '../db/client.js';
import { fields } from '../db/schema/index.js';
import { enqueueAcknowledgementSms, kickSmsOutbox } from '../sms/outbox.js';
import { renderSms, smsTemplates } from '../sms/templates.js';
import type { CreateTicketOptions, NewTicket, TicketEventRow, TicketRow } from '../tickets/service.js';
import { badRequest } from '../web/errors.js';
import type { PublicRequest } from './request-input.js';

/** The ticket service's create for a citizen (actor null): `app.tickets.create` in the app. */
export type CreateCitizenTicket = (
  input: NewTicket, options: Pick<CreateTicketOptions, 'inTransaction'>,
) => Promise<{ ticket: TicketRow; event: TicketEventRow }>;

export interface SubmitOptions {
  create: CreateCitizenTicket;
  /** SMS_ACK_WEB_REQUESTS: also queue the R16 acknowledgement SMS (the province pays for it). */
  acknowledgeBySms: boolean;
  /** The citizen's files, staged and recognised (routes: multipart), kept as the ticket's evidence. */
  files?: { store: AttachmentStore; uploads: ReadonlyArray<{ upload: StagedUpload; type: FileType }>; ip: string } | undefined;
}

/**
 * A citizen's request through the web form (R9, channel 'web'): a ticket with its receipt code
 * (R18), and the R16 acknowledgement — always on screen, by SMS too when configured. The citizen's
 * files become the ticket's evidence in the same transaction (audited as `attachment.upload` with no
 * actor), so a refused request keeps none of them.
 */
export async function submitPublicRequest(
  db: Database, request: PublicRequest, options: SubmitOptions,
): Promise<{ ticketId: string; receiptCode: string; message: string }> {
  if (request.fieldId) {
    const [field] = await db.select({ id: fields.id }).from(fields).where(and(eq(fields.id, request.fieldId), eq(fields.active, true)));
    if (!field) throw badRequest('FIELD_UNKNOWN', 'Lĩnh vực đã chọn không tồn tại');
  }
  const { ticket } = await options.create(
    {
      channel: 'web',
      content: request.content,
      citizenName: request.name,
      citizenPhone: request.phone,
      citizenEmail: request.email,
      citizenAddress: request.address,
      fieldId: request.fieldId,
    },
    {
      inTransaction: async (tx, created) => {
        if (options.acknowledgeBySms) await enqueueAcknowledgementSms(tx, created);
        const files = options.files;
        if (files) for (const { upload, type } of files.uploads) {
          const row = await keepUpload(tx, files.store, upload, type, { ticketId: created.id, purpose: 'evidence', uploadedBy: null });
          await recordAudit(tx, {
            actor: null,
            action: 'attachment.upload',
            entityType: 'attachment',
            entityId: row.id,
            ip: files.ip,
            details: { ticketId: created.id, purpose: row.purpose, channel: 'web', mimeType: row.mimeType, sizeBytes: row.sizeBytes, sha256: row.sha256 },
          });
        }
      },
    },
  );
  if (options.acknowledgeBySms) kickSmsOutbox();
  const template = { ...smsTemplates()['ticket.received'], unaccent: false };
  return { ticketId: ticket.id, receiptCode: ticket.receiptCode, message: renderSms(template, { receiptCode: ticket.receiptCode }).body };
}
