/**
 * Ticket deadlines (R13) from the rules stored in sla_rules and their work calendars.
 *
 * When the clock starts:
 * - on creation: at receipt (receivedAt);
 * - on forwarding (forward, reassign): a working-hours rule restarts at the forwarding moment
 *   (Thanh Hóa: "8 working hours of receiving the forwarded ticket"); a clock-hours rule keeps
 *   counting from receipt (Đồng Nai: "24 hours of receipt");
 * - on reopening a resolved ticket: a new cycle starts at the reopening, whatever the kind.
 */
import { eq } from 'drizzle-orm';
import { CalendarError, computeDueAt, formatInZone } from '../calendar/index.js';
import type { Executor } from '../db/client.js';
import { slaRules } from '../db/schema/index.js';
import { DomainError, notFound } from '../web/errors.js';
import { loadWorkingCalendar } from './calendar-store.js';
import { chooseRule, type RuleSubject, type SlaRuleRow } from './rule-choice.js';

export interface SlaSettings {
  /** Business time zone, for calendars that do not exist yet. */
  timeZone: string;
  /** Code of the rule preferred among equally specific rules (SLA_DEFAULT_RULE). */
  defaultRuleCode: string;
}

export const defaultSlaSettings: SlaSettings = { timeZone: 'Asia/Ho_Chi_Minh', defaultRuleCode: 'dong-nai-24h' };

/** Why the deadline is being computed: the ticket arrives, moves to an agency, or is reopened. */
export type DeadlineMoment = { kind: 'created' } | { kind: 'forwarded'; at: Date } | { kind: 'restart'; at: Date };

export interface DeadlineSubject extends RuleSubject {
  receivedAt: Date;
}

export interface Deadline {
  rule: SlaRuleRow;
  dueAt: Date;
  /** When the clock started (kept on the ticket as deadlineStartedAt). */
  start: Date;
}

export function clockStart(rule: SlaRuleRow, ticket: DeadlineSubject, moment: DeadlineMoment): Date {
  switch (moment.kind) {
    case 'created':
      return ticket.receivedAt;
    case 'forwarded':
      return rule.kind === 'working_hours' ? moment.at : ticket.receivedAt;
    case 'restart':
      return moment.at;
  }
}

/**
 * Applies a rule from `start` on its calendar; returns the due instant and the calendar's zone.
 * Calendar problems become 422 with the calendar module's code (INVALID_CALENDAR, NO_WORKING_TIME).
 */
export async function applyRule(db: Executor, rule: SlaRuleRow, start: Date, settings: SlaSettings): Promise<{ dueAt: Date; timeZone: string }> {
  const calendar = await loadWorkingCalendar(db, rule.calendarId, settings.timeZone);
  try {
    const dueAt = computeDueAt({ id: rule.code, name: rule.name, kind: rule.kind, hours: rule.hours }, calendar, start);
    return { dueAt, timeZone: calendar.timeZone };
  } catch (error) {
    if (error instanceof CalendarError) {
      throw new DomainError(422, error.code, `Không tính được hạn xử lý theo quy tắc ${rule.code}: ${error.message}`);
    }
    throw error;
  }
}

/** The rule that applies to the ticket and its due instant, or null when no rule matches. */
export async function dueAtFor(db: Executor, ticket: DeadlineSubject, moment: DeadlineMoment, settings: SlaSettings): Promise<Deadline | null> {
  const rules = await db.select().from(slaRules).where(eq(slaRules.active, true));
  const rule = chooseRule(rules, ticket, settings.defaultRuleCode);
  if (!rule) return null;
  const start = clockStart(rule, ticket, moment);
  const { dueAt } = await applyRule(db, rule, start, settings);
  return { rule, dueAt, start };
}

/** For admins trying a rule: the due instant as ISO 8601 with the calendar zone's offset. */
export async function previewDueAt(db: Executor, ruleId: string, start: Date, settings: SlaSettings): Promise<{ rule: SlaRuleRow; dueAt: string }> {
  const [rule] = await db.select().from(slaRules).where(eq(slaRules.id, ruleId));
  if (!rule) throw notFound('quy tắc thời hạn');
  const { dueAt, timeZone } = await applyRule(db, rule, start, settings);
  return { rule, dueAt: formatInZone(dueAt, timeZone) };
}
