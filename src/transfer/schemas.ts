import { Type, type Static } from 'typebox';
import { Nullable, Uuid } from '../web/schemas.js';

export const TransferBody = Type.Object(
  {
    mode: Type.Enum(['attended', 'blind'], { description: 'attended: consult the hotline first (caller on hold); blind: hand over at once' }),
    agencyId: Type.Optional(Uuid),
    number: Type.Optional(Type.String({ pattern: '^[0-9]{3,15}$', description: 'a hotline number, digits only (when no agency is chosen)' })),
    ticketId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const TransferView = Type.Object(
  {
    callId: Uuid,
    mode: Type.Enum(['attended', 'blind']),
    state: Type.Enum(['dialing', 'consulting', 'ringing', 'completed', 'cancelled', 'failed', 'caller_gone']),
    number: Type.String(),
    agencyId: Nullable(Uuid),
    ticketId: Nullable(Uuid),
    ticketForwarded: Type.Boolean(),
    failure: Type.Optional(
      Nullable(Type.Enum(['busy', 'no_answer', 'unreachable', 'hung_up', 'error'], { description: 'why the hotline was not reached (state failed or cancelled)' })),
    ),
  },
  { $id: 'Transfer', title: 'Transfer (chuyển cuộc gọi tới đường dây nóng)' },
);

/** `transfer.state.v1`, to `user:<who asked>`: the transfer moved to `state` (every transition, the outcome last). */
export type TransferStateV1 = Static<typeof TransferView> & { at: string };

export interface TransferEvents {
  'transfer.state.v1': TransferStateV1;
}
