/**
 * Every event the server sends over socket.io, by name, with its payload type: the one map the pages' socket
 * client is typed with (`web/shared/socket`). Each capability keeps its own events beside its code; this file only
 * gathers them, so a renamed field breaks the pages' typecheck rather than an operator's screen. The rooms each
 * goes to, and the rules of versions, are in docs/events.md.
 */
import type { DesktopEvents } from '../agents/events.js';
import type { CapacityChangedV1 } from '../capacity/service.js';
import type { KbImportEvents } from '../kb/import-runner.js';
import type { ConversationEvents } from '../channels/notifier.js';
import type { DeadlineEvents } from '../notifications/deadline-watch.js';
import type { SupervisionStateV1 } from '../supervision/service.js';
import type { WallboardDeltaV1, WallboardSnapshotV1 } from '../supervision/wallboard.js';
import type { TicketEvents } from '../tickets/notifier.js';
import type { TransferEvents } from '../transfer/schemas.js';

export interface WallboardEvents {
  'wallboard.snapshot.v1': WallboardSnapshotV1;
  'wallboard.delta.v1': WallboardDeltaV1;
}

export interface ServerEvents extends DesktopEvents, TicketEvents, DeadlineEvents, TransferEvents, WallboardEvents, KbImportEvents, ConversationEvents {
  /** To `role:supervisor`: the line capacity in force changed (R2). */
  'capacity.changed.v1': CapacityChangedV1;
  /** To `user:<supervisorId>`: their listen / whisper / barge session reached a new state (R8). */
  'supervision.state.v1': SupervisionStateV1;
}

/** What a client may send: supervisors and admins ask for a fresh wallboard snapshot. */
export interface ClientEvents {
  'wallboard.snapshot.request': undefined;
}

export type ServerEventName = keyof ServerEvents;
