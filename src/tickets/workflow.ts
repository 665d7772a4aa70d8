/**
 * The ticket workflow (R10–R15) as a pure state machine: a transition is the only way to change a
 * ticket's status. `planTransition` checks who may do what from which state and with what input,
 * and says what changes; the service applies the plan in one transaction. No I/O here.
 */
import type { Role } from '../auth/roles.js';
import { DomainError, badRequest, forbidden } from '../web/errors.js';

export const ticketStatuses = ['received', 'answered', 'refused', 'forwarded', 'acknowledged', 'resolved', 'returned'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketActions = ['answer', 'refuse', 'forward', 'acknowledge', 'progress', 'resolve', 'return', 'reassign', 'reopen'] as const;
export type TicketAction = (typeof ticketActions)[number];

/** Closed states: the citizen has their answer. Overdue and the deadline watch ignore them. */
export const closedStatuses: readonly TicketStatus[] = ['answered', 'refused', 'resolved'];
export const openStatuses: readonly TicketStatus[] = ticketStatuses.filter((s) => !closedStatuses.includes(s));

/**
 * Who may take a transition:
 * - hotline: operators, supervisors and admins of the 1022 centre (level 1);
 * - own_agency: an officer of the agency the ticket is forwarded to (level 2);
 * - unclear_jurisdiction: an officer of that agency when it decides unclear jurisdiction (Sở TT&TT, R12);
 * - supervision: supervisors and admins.
 */
export type Actors = 'hotline' | 'own_agency' | 'unclear_jurisdiction' | 'supervision';
type Requirement = 'reason' | 'resultText' | 'agencyId' | 'note';
/** What happens to dueAt: kept, recomputed for the agency that now holds the ticket, or restarted now. */
export type DeadlineEffect = 'keep' | 'forwarded' | 'restart';

export interface TransitionRule {
  action: TicketAction;
  from: readonly TicketStatus[];
  to: TicketStatus;
  actors: Actors;
  requires: readonly Requirement[];
  /** The processing-log event type (ticket_events.type). */
  event: string;
  deadline: DeadlineEffect;
}

const rule = (
  action: TicketAction, from: TicketStatus[], to: TicketStatus, actors: Actors, requires: Requirement[], event: string, deadline: DeadlineEffect = 'keep',
): TransitionRule => ({ action, from, to, actors, requires, event, deadline });

/** The whole workflow. Read a row as: `action` from `from` goes to `to`, by `actors`, with `requires`. */
export const transitionRules: readonly TransitionRule[] = [
  rule('answer', ['received', 'returned'], 'answered', 'hotline', ['resultText'], 'answered'), // R11
  rule('refuse', ['received', 'returned'], 'refused', 'hotline', ['reason'], 'refused'), // R10
  rule('forward', ['received', 'returned'], 'forwarded', 'hotline', ['agencyId'], 'forwarded', 'forwarded'), // R12
  rule('forward', ['forwarded', 'acknowledged'], 'forwarded', 'unclear_jurisdiction', ['agencyId'], 'forwarded', 'forwarded'), // R12, Sở TT&TT
  rule('acknowledge', ['forwarded'], 'acknowledged', 'own_agency', [], 'acknowledged'),
  rule('progress', ['acknowledged'], 'acknowledged', 'own_agency', ['note'], 'progress'), // R13: progress + new appointment
  rule('resolve', ['acknowledged'], 'resolved', 'own_agency', ['resultText'], 'resolved'), // R15
  rule('return', ['forwarded', 'acknowledged'], 'returned', 'own_agency', ['reason'], 'returned'),
  rule('reassign', ['forwarded', 'acknowledged'], 'forwarded', 'supervision', ['agencyId'], 'reassigned', 'forwarded'),
  rule('reopen', ['answered', 'refused'], 'received', 'supervision', ['reason'], 'reopened'),
  rule('reopen', ['resolved'], 'forwarded', 'supervision', ['reason'], 'reopened', 'restart'),
];

const actorRoles: Record<Actors, readonly Role[]> = {
  hotline: ['operator', 'supervisor', 'admin'],
  own_agency: ['agency_officer'],
  unclear_jurisdiction: ['agency_officer'],
  supervision: ['supervisor', 'admin'],
};

export const statusLabels: Record<TicketStatus, string> = {
  received: 'Mới tiếp nhận',
  answered: 'Đã trả lời tại tổng đài',
  refused: 'Đã từ chối (ngoài phạm vi)',
  forwarded: 'Đã chuyển đơn vị',
  acknowledged: 'Đơn vị đã tiếp nhận',
  resolved: 'Đã giải quyết',
  returned: 'Bị đơn vị trả lại',
};

export const actionLabels: Record<TicketAction, string> = {
  answer: 'trả lời',
  refuse: 'từ chối',
  forward: 'chuyển đơn vị',
  acknowledge: 'tiếp nhận',
  progress: 'cập nhật tiến độ',
  resolve: 'cập nhật kết quả giải quyết',
  return: 'trả lại',
  reassign: 'chuyển cho đơn vị khác',
  reopen: 'mở lại',
};

const requirementErrors: Record<Requirement, [code: string, message: string]> = {
  reason: ['REASON_REQUIRED', 'Cần nêu lý do (reason)'],
  resultText: ['RESULT_REQUIRED', 'Cần nhập nội dung trả lời / kết quả (resultText)'],
  agencyId: ['AGENCY_REQUIRED', 'Cần chọn đơn vị nhận phiếu (agencyId)'],
  note: ['NOTE_REQUIRED', 'Cần nhập nội dung tiến độ (note)'],
};

/** A transition the ticket's current state does not allow: 409 TRANSITION_NOT_ALLOWED. */
export class WorkflowError extends DomainError {
  constructor(
    readonly status: TicketStatus,
    readonly action: TicketAction,
  ) {
    super(409, 'TRANSITION_NOT_ALLOWED', `Không thể ${actionLabels[action]} phiếu đang ở trạng thái “${statusLabels[status]}”`);
    this.name = 'WorkflowError';
  }
}

export interface TransitionPayload {
  note?: string | undefined;
  reason?: string | undefined;
  resultText?: string | undefined;
  agencyId?: string | undefined;
  appointmentAt?: Date | undefined;
}

export interface WorkflowTicket {
  status: TicketStatus;
  agencyId: string | null;
}

export interface WorkflowActor {
  role: Role;
  agencyId: string | null;
  /** The actor's agency decides unclear jurisdiction (agencies.handles_unclear_jurisdiction). */
  agencyHandlesUnclearJurisdiction: boolean;
}

/** The columns a transition sets, besides the deadline (computed by the service from `deadline`). */
export interface TicketChanges {
  status: TicketStatus;
  agencyId?: string | null;
  resultText?: string | null;
  resolvedAt?: Date | null;
  appointmentAt?: Date | null;
  forwardedAt?: Date;
  published?: boolean;
}

export interface TransitionPlan {
  rule: TransitionRule;
  changes: TicketChanges;
}

const filled = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

function admits(actors: Actors, ticket: WorkflowTicket, actor: WorkflowActor): boolean {
  if (!actorRoles[actors].includes(actor.role)) return false;
  if (actors === 'own_agency') return actor.agencyId !== null && actor.agencyId === ticket.agencyId;
  if (actors === 'unclear_jurisdiction') {
    return actor.agencyId !== null && actor.agencyId === ticket.agencyId && actor.agencyHandlesUnclearJurisdiction;
  }
  return true;
}

/**
 * Checks, in this order: the role may take the action at all (403 ROLE_NOT_ALLOWED), an agency
 * officer acts on their own agency's ticket only (403 OTHER_AGENCY), the state allows it (409, or
 * 403 NOT_UNCLEAR_JURISDICTION_AGENCY for an agency that may not forward on), the input is complete
 * (400). Returns the rule taken and the columns to set.
 */
export function planTransition(
  ticket: WorkflowTicket, actor: WorkflowActor, action: TicketAction, payload: TransitionPayload, now: Date,
): TransitionPlan {
  const candidates = transitionRules.filter((r) => r.action === action);
  if (!candidates.some((r) => actorRoles[r.actors].includes(actor.role))) {
    throw forbidden('ROLE_NOT_ALLOWED', `Vai trò của bạn không được ${actionLabels[action]} phiếu`);
  }
  if (actor.role === 'agency_officer' && (actor.agencyId === null || actor.agencyId !== ticket.agencyId)) {
    throw forbidden('OTHER_AGENCY', 'Phiếu này không thuộc đơn vị của bạn');
  }
  const fromHere = candidates.filter((r) => r.from.includes(ticket.status));
  const taken = fromHere.find((r) => admits(r.actors, ticket, actor));
  if (!taken) {
    if (fromHere.some((r) => r.actors === 'unclear_jurisdiction') && actor.role === 'agency_officer') {
      throw forbidden(
        'NOT_UNCLEAR_JURISDICTION_AGENCY',
        'Chỉ đơn vị xác định thẩm quyền (Sở Thông tin và Truyền thông) được chuyển tiếp phiếu; nếu phiếu không thuộc đơn vị bạn, hãy trả lại',
      );
    }
    throw new WorkflowError(ticket.status, action);
  }
  for (const requirement of taken.requires) {
    if (!filled(payload[requirement])) {
      const [code, message] = requirementErrors[requirement];
      throw badRequest(code, message);
    }
  }
  if (taken.requires.includes('agencyId') && payload.agencyId === ticket.agencyId) {
    throw badRequest('SAME_AGENCY', 'Phiếu đã ở đơn vị này; hãy chọn đơn vị khác');
  }
  if (taken.action === 'progress' && payload.appointmentAt && payload.appointmentAt.getTime() <= now.getTime()) {
    throw badRequest('APPOINTMENT_IN_PAST', 'Thời hạn hẹn mới (appointmentAt) phải ở tương lai');
  }
  return { rule: taken, changes: changesFor(taken, payload, now) };
}

function changesFor(taken: TransitionRule, payload: TransitionPayload, now: Date): TicketChanges {
  const status = taken.to;
  switch (taken.action) {
    case 'answer':
    case 'resolve':
      return { status, resultText: payload.resultText?.trim() ?? null, resolvedAt: now };
    case 'refuse':
      // What the citizen is told (R10): the reason is the ticket's result.
      return { status, resultText: payload.reason?.trim() ?? null };
    case 'forward':
    case 'reassign':
      return { status, agencyId: payload.agencyId ?? null, forwardedAt: now, appointmentAt: null };
    case 'acknowledge':
      return { status };
    case 'progress':
      return payload.appointmentAt ? { status, appointmentAt: payload.appointmentAt } : { status };
    case 'return':
      // The ticket goes back to the hotline; the returning agency no longer sees it (R22).
      return { status, agencyId: null, appointmentAt: null };
    case 'reopen':
      return taken.to === 'forwarded'
        ? { status, resolvedAt: null, resultText: null, appointmentAt: null, forwardedAt: now, published: false }
        : { status, resolvedAt: null, resultText: null, appointmentAt: null, published: false };
  }
}

/** Derived, never stored: an open ticket whose deadline has passed. */
export function isOverdue(ticket: { status: TicketStatus; dueAt: Date | null }, now: Date): boolean {
  return !closedStatuses.includes(ticket.status) && ticket.dueAt !== null && ticket.dueAt.getTime() < now.getTime();
}
