import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

const IvrPathEntry = Type.Object({
  node: Type.String({ maxLength: 100 }),
  event: Type.Enum(['enter', 'digit', 'timeout', 'invalid', 'repeat', 'back', 'exit']),
  digit: Type.Optional(Type.String({ maxLength: 10 })),
  at: DateTime,
});

/** What the operator's desktop shows while the phone rings: `screen_pop.v1`, and `GET /api/screen-pop/current`. */
export const ScreenPopView = Type.Object(
  {
    callId: Uuid,
    callerNumber: Type.String({ maxLength: 40, description: "The citizen's number, in full: the pop goes only to the operator the call is offered to" }),
    dialledNumber: Type.String({ maxLength: 40 }),
    citizenName: Nullable(Type.String({ maxLength: 200, description: "The name on this number's latest ticket, if any" })),
    field: Nullable(Type.Object({ id: Uuid, code: Type.String({ maxLength: 64 }), name: Type.String({ maxLength: 200 }) })),
    priority: Type.Integer({ minimum: -1000, maximum: 1000 }),
    ivrPath: Type.Array(IvrPathEntry, { maxItems: 1000 }),
    enqueuedAt: Nullable(DateTime),
    waitedSeconds: Type.Integer({ minimum: 0, maximum: 86_400 * 7 }),
    previousTickets: Type.Array(
      Type.Object({ id: Uuid, receiptCode: Type.String({ maxLength: 40 }), status: Type.String({ maxLength: 20 }), content: Type.String({ maxLength: 250 }), receivedAt: DateTime }),
      { maxItems: 10 },
    ),
    previousCalls: Type.Array(
      Type.Object({ id: Uuid, arrivedAt: DateTime, outcome: Nullable(Type.String({ maxLength: 40 })), operatorUserId: Nullable(Uuid) }),
      { maxItems: 10 },
    ),
    ringingAt: Type.Optional(DateTime),
  },
  { $id: 'ScreenPop', title: 'Screen-pop (thông tin cuộc gọi đến)' },
);

/** The operator's call as the desktop shows it after a (re)load: the pop and, once answered, the draft ticket. */
export const CurrentCallView = Type.Object(
  {
    state: Type.Enum(['ringing', 'on_call', 'wrap_up']),
    pop: ScreenPopView,
    ticket: Nullable(Type.Object({ id: Uuid, receiptCode: Type.String({ maxLength: 40 }) })),
  },
  { $id: 'CurrentCall', title: "The operator's current call" },
);
export type CurrentCallView = Static<typeof CurrentCallView>;
