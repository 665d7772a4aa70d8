import type { FastifyBaseLogger } from 'fastify';
import type { LineCapacity } from '../capacity/service.js';
import type { AriPort } from '../telephony/ari.js';
import type { Prompts } from '../telephony/prompts.js';
import type { RecordingSink } from '../telephony/recordings-sink.js';
import type { CallQueue } from './queue.js';
import type { CallRegistry } from './registry.js';
import type { CallRecords } from './repository.js';

export interface CallSettings {
  /** Stasis application (ARI_APP): originated legs enter it. */
  app: string;
  mohClass: string;
  /** Seconds an over-capacity caller has to press 1 for a callback after the message. */
  overCapacityDigitSeconds: number;
  /** Seconds an operator/hotline leg rings before it is given up. */
  originateTimeoutSeconds: number;
  /** Dialplan context a call is sent to when call control fails (asterisk-config: stasis-fallback). */
  fallbackContext: string;
}

/** What the steps of a call use. One object per app, shared by every call. */
export interface CallDeps {
  ari: AriPort;
  records: CallRecords;
  prompts: Prompts;
  queue: CallQueue;
  registry: CallRegistry;
  capacity: LineCapacity;
  sink: RecordingSink;
  settings: CallSettings;
  log: FastifyBaseLogger;
}

/** Deterministic ids of a call's Asterisk resources (STYLE: bridges get deterministic ids). */
export const callResources = {
  holdingBridge: (callId: string) => `hold-${callId}`,
  conversationBridge: (callId: string) => `call-${callId}`,
  recording: (callId: string) => `call-${callId}`,
  /**
   * A later segment of the call's recording (issue 11 item 2): `call-<callId>-<epoch ms>` — unique across restarts,
   * in the order they start; joined to the call's one file (`recording`) when finished.
   */
  recordingSegment: (callId: string, startedAt: number) => `call-${callId}-${startedAt}`,
  legPrefix: (callId: string) => `leg-${callId}-`,
};

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The call id in one of our resource names (bridge, recording, leg, supervisor bridge `sup-<callId>-<n>`), or undefined. */
export function callIdOfResource(name: string): string | undefined {
  return new RegExp(`^(?:hold|call|leg|sup)-(${uuid})(?:-\\d+)?$`).exec(name)?.[1];
}
