import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { DomainError } from '../../src/web/errors.js';
import {
  isOverdue,
  planTransition,
  ticketActions,
  ticketStatuses,
  WorkflowError,
  type TicketAction,
  type TicketStatus,
  type TransitionPayload,
  type WorkflowActor,
} from '../../src/tickets/workflow.js';

const now = new Date('2026-03-06T09:30:00Z');
const own = 'agency-own';
const other = 'agency-other';
const complete: TransitionPayload = { note: 'Đã gọi lại công dân', reason: 'Ngoài phạm vi', resultText: 'Đã xử lý', agencyId: other };

type Who = 'operator' | 'supervisor' | 'admin' | 'officer' | 'deciding officer';
const actors: Record<Who, WorkflowActor> = {
  operator: { role: 'operator', agencyId: null, agencyHandlesUnclearJurisdiction: false },
  supervisor: { role: 'supervisor', agencyId: null, agencyHandlesUnclearJurisdiction: false },
  admin: { role: 'admin', agencyId: null, agencyHandlesUnclearJurisdiction: false },
  officer: { role: 'agency_officer', agencyId: own, agencyHandlesUnclearJurisdiction: false },
  'deciding officer': { role: 'agency_officer', agencyId: own, agencyHandlesUnclearJurisdiction: true },
};

/** Written out independently of the rules table: who may take which action from which state, and where it leads. */
const hotline: Partial<Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>>> = {
  answer: { received: 'answered', returned: 'answered' },
  refuse: { received: 'refused', returned: 'refused' },
  forward: { received: 'forwarded', returned: 'forwarded' },
};
const supervision = {
  ...hotline,
  reassign: { forwarded: 'forwarded', acknowledged: 'forwarded' },
  reopen: { answered: 'received', refused: 'received', resolved: 'forwarded' },
} satisfies typeof hotline;
const agency = {
  acknowledge: { forwarded: 'acknowledged' },
  progress: { acknowledged: 'acknowledged' },
  resolve: { acknowledged: 'resolved' },
  return: { forwarded: 'returned', acknowledged: 'returned' },
} satisfies typeof hotline;
const expected: Record<Who, typeof hotline> = {
  operator: hotline,
  supervisor: supervision,
  admin: supervision,
  officer: agency,
  'deciding officer': { ...agency, forward: { forwarded: 'forwarded', acknowledged: 'forwarded' } },
};
const actionsOfRole = (role: Role) =>
  new Set(
    (Object.keys(expected) as Who[])
      .filter((w) => actors[w].role === role)
      .flatMap((w) => Object.keys(expected[w]) as TicketAction[]),
  );

function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return `${error.statusCode} ${error.code}`;
    throw error;
  }
}

describe('ticket workflow (pure)', () => {
  for (const who of Object.keys(actors) as Who[]) {
    for (const action of ticketActions) {
      for (const status of ticketStatuses) {
        const to = expected[who][action]?.[status];
        const roleMayAct = actionsOfRole(actors[who].role).has(action);
        const want = to ? 'ok' : !roleMayAct ? '403 ROLE_NOT_ALLOWED' : who === 'officer' && action === 'forward' && (status === 'forwarded' || status === 'acknowledged') ? '403 NOT_UNCLEAR_JURISDICTION_AGENCY' : '409 TRANSITION_NOT_ALLOWED';
        it(`given a ${status} ticket of the officer's agency, when a ${who} tries to ${action}, then ${to ? `it becomes ${to}` : want}`, () => {
          const ticket = { status, agencyId: own };
          expect(outcome(() => planTransition(ticket, actors[who], action, complete, now))).toBe(want);
          if (to) expect(planTransition(ticket, actors[who], action, complete, now).changes.status).toBe(to);
        });
      }
    }
  }

  it('given a forwarded ticket of another agency, when an officer acts on it, then 403 OTHER_AGENCY whatever the state', () => {
    for (const status of ticketStatuses) {
      expect(outcome(() => planTransition({ status, agencyId: other }, actors.officer, 'acknowledge', {}, now))).toBe('403 OTHER_AGENCY');
    }
  });

  it('given a state that does not allow the action, then the WorkflowError names the state and the action in Vietnamese', () => {
    const error = (() => {
      try {
        planTransition({ status: 'resolved', agencyId: own }, actors.officer, 'acknowledge', {}, now);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).message).toBe('Không thể tiếp nhận phiếu đang ở trạng thái “Đã giải quyết”');
  });

  it.each([
    ['refuse', 'operator', 'received', {}, '400 REASON_REQUIRED'],
    ['refuse', 'operator', 'received', { reason: '   ' }, '400 REASON_REQUIRED'],
    ['answer', 'operator', 'received', {}, '400 RESULT_REQUIRED'],
    ['forward', 'operator', 'received', {}, '400 AGENCY_REQUIRED'],
    ['resolve', 'officer', 'acknowledged', { note: 'xong' }, '400 RESULT_REQUIRED'],
    ['return', 'officer', 'forwarded', {}, '400 REASON_REQUIRED'],
    ['progress', 'officer', 'acknowledged', {}, '400 NOTE_REQUIRED'],
    ['progress', 'officer', 'acknowledged', { note: 'đang xác minh', appointmentAt: new Date('2026-03-06T09:00:00Z') }, '400 APPOINTMENT_IN_PAST'],
    ['reassign', 'supervisor', 'forwarded', { agencyId: own }, '400 SAME_AGENCY'],
    ['reopen', 'supervisor', 'resolved', {}, '400 REASON_REQUIRED'],
  ] as const)('given %s by a %s on a %s ticket with %o, then %s', (action, who, status, payload, want) => {
    expect(outcome(() => planTransition({ status, agencyId: own }, actors[who], action, payload, now))).toBe(want);
  });

  it('given answer or resolve, then the result text and resolvedAt are set', () => {
    expect(planTransition({ status: 'received', agencyId: null }, actors.operator, 'answer', { resultText: ' Giờ làm việc 7:30 ' }, now).changes).toEqual({
      status: 'answered',
      resultText: 'Giờ làm việc 7:30',
      resolvedAt: now,
    });
  });

  it('given a refusal, then the reason is what the citizen is told (resultText)', () => {
    expect(planTransition({ status: 'received', agencyId: null }, actors.operator, 'refuse', { reason: 'Tố cáo: gửi theo kênh khiếu nại' }, now).changes)
      .toMatchObject({ status: 'refused', resultText: 'Tố cáo: gửi theo kênh khiếu nại' });
  });

  it('given forward, then the agency and forwarding time are set and the deadline is recomputed for the agency', () => {
    const plan = planTransition({ status: 'received', agencyId: null }, actors.operator, 'forward', { agencyId: other }, now);
    expect(plan.changes).toMatchObject({ status: 'forwarded', agencyId: other, forwardedAt: now });
    expect(plan.rule.deadline).toBe('forwarded');
  });

  it('given a return, then the ticket leaves the agency', () => {
    expect(planTransition({ status: 'acknowledged', agencyId: own }, actors.officer, 'return', { reason: 'Không thuộc thẩm quyền' }, now).changes).toMatchObject({ status: 'returned', agencyId: null });
  });

  it('given progress with a new appointment, then appointmentAt is set and dueAt kept', () => {
    const appointmentAt = new Date('2026-03-09T09:30:00Z');
    const plan = planTransition({ status: 'acknowledged', agencyId: own }, actors.officer, 'progress', { note: 'Đang xác minh', appointmentAt }, now);
    expect(plan.changes).toEqual({ status: 'acknowledged', appointmentAt });
    expect(plan.rule.deadline).toBe('keep');
  });

  it('given a resolved ticket reopened, then it goes back to its agency with a new deadline, unpublished', () => {
    const plan = planTransition({ status: 'resolved', agencyId: own }, actors.supervisor, 'reopen', { reason: 'Công dân chưa nhận được trả lời' }, now);
    expect(plan.changes).toMatchObject({ status: 'forwarded', resolvedAt: null, resultText: null, published: false, forwardedAt: now });
    expect(plan.rule.deadline).toBe('restart');
  });

  it('given dueAt, then overdue is derived: open and past due only', () => {
    const past = new Date(now.getTime() - 1);
    expect(isOverdue({ status: 'forwarded', dueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: 'forwarded', dueAt: now }, now)).toBe(false);
    expect(isOverdue({ status: 'resolved', dueAt: past }, now)).toBe(false);
    expect(isOverdue({ status: 'received', dueAt: null }, now)).toBe(false);
  });
});
