import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { calls, fields, tickets } from '../db/schema/index.js';
import { createTicket, ticketSettingsOf, type TicketRow } from '../tickets/service.js';
import type { Env } from '../config/env.js';
import type { IvrPathEntry } from '../ivr/types.js';
import type { ScreenPopView } from './schemas.js';
import type { Static } from 'typebox';

/** What the operator's desktop shows while the phone rings (`screen_pop.v1`): the schema is `ScreenPopView`. */
export type ScreenPop = Static<typeof ScreenPopView>;

const historyLimit = 10;
const excerptLength = 200;

/** Builds the pop of a call from the database (read-only): the call, its field, and the number's history. */
export async function buildScreenPop(db: Database, callId: string, now = new Date()): Promise<ScreenPop | undefined> {
  const [row] = await db
    .select({ call: calls, field: { id: fields.id, code: fields.code, name: fields.name } })
    .from(calls)
    .leftJoin(fields, eq(fields.id, calls.fieldId))
    .where(eq(calls.id, callId));
  if (!row) return undefined;
  const { call } = row;
  const number = call.callerNumber;
  const history = await db
    .select({ id: tickets.id, receiptCode: tickets.receiptCode, status: tickets.status, content: tickets.content, receivedAt: tickets.receivedAt, citizenName: tickets.citizenName })
    .from(tickets)
    .where(eq(tickets.citizenPhone, number))
    .orderBy(desc(tickets.receivedAt))
    .limit(historyLimit);
  const [named] = await db
    .select({ citizenName: tickets.citizenName })
    .from(tickets)
    .where(and(eq(tickets.citizenPhone, number), isNotNull(tickets.citizenName)))
    .orderBy(desc(tickets.receivedAt))
    .limit(1);
  const previousCalls = await db
    .select({ id: calls.id, arrivedAt: calls.arrivedAt, outcome: calls.outcome, operatorUserId: calls.operatorUserId })
    .from(calls)
    .where(and(eq(calls.callerNumber, number), ne(calls.id, callId)))
    .orderBy(desc(calls.arrivedAt))
    .limit(historyLimit);
  const waitedFrom = call.enqueuedAt ?? call.arrivedAt;
  return {
    callId,
    callerNumber: number,
    dialledNumber: call.dialledNumber,
    citizenName: named?.citizenName ?? null,
    field: row.field,
    priority: call.priority,
    ivrPath: Array.isArray(call.ivrPath) ? (call.ivrPath as IvrPathEntry[]) : [],
    enqueuedAt: call.enqueuedAt?.toISOString() ?? null,
    waitedSeconds: Math.max(0, Math.round((now.getTime() - waitedFrom.getTime()) / 1000)),
    previousTickets: history.map((t) => ({
      id: t.id,
      receiptCode: t.receiptCode,
      status: t.status,
      content: t.content.length > excerptLength ? `${t.content.slice(0, excerptLength)}…` : t.content,
      receivedAt: t.receivedAt.toISOString(),
    })),
    previousCalls: previousCalls.map((c) => ({ id: c.id, arrivedAt: c.arrivedAt.toISOString(), outcome: c.outcome, operatorUserId: c.operatorUserId })),
  };
}

/** Draft ticket text until the operator writes the content. */
export const draftContent = 'Phiếu nháp: cuộc gọi đang được tiếp nhận, điện thoại viên ghi nội dung sau.';

/**
 * On answer: a ticket for the call (R9), created through the tickets service (receipt code, deadline, call link in
 * one transaction), channel 'phone', created by the operator, with the citizen's number, known name and field.
 */
export async function createDraftTicket(
  db: Database,
  env: Pick<Env, 'BUSINESS_TZ' | 'SLA_DEFAULT_RULE' | 'RECEIPT_CODE_PREFIX'>,
  operator: { id: string },
  pop: Pick<ScreenPop, 'callId' | 'callerNumber' | 'citizenName' | 'field'>,
): Promise<TicketRow> {
  const { ticket } = await createTicket(
    db,
    { id: operator.id, role: 'operator', agencyId: null },
    {
      channel: 'phone',
      content: draftContent,
      citizenPhone: pop.callerNumber,
      citizenName: pop.citizenName,
      fieldId: pop.field?.id ?? null,
      callId: pop.callId,
      draft: true,
    },
    { settings: ticketSettingsOf(env) },
  );
  return ticket;
}
