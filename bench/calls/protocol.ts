/**
 * Messages between the scenario (parent: fake Asterisk, simulated citizens and operators) and the app process
 * (child: the real application under test, see app-process.ts). One request, one reply, matched by `id`.
 */
import type { StatementCounts } from './statements.js';

export interface OperatorAccount {
  userId: string;
  username: string;
  endpoint: string;
  /** Session token: the desktop sends `Cookie: sid=<token>`. */
  token: string;
}

/** Per-trigger samples of the app's reaction time (ms), as measured inside the app process. */
export interface StepSamples {
  /** Trigger event type → "event received by the app" → "next ARI request for the same call sent" (ms). */
  byTrigger: Record<string, number[]>;
  /** Any input (event or ARI response) for a call → the next ARI request for that call (ms). */
  anyInput: number[];
  /** The caller's menu key received (ChannelDtmfReceived) → the operator leg originated (app side, ms). */
  choiceToOriginate: number[];
  /** callId → when the app received Dial RINGING of its operator leg (epoch ms; the last leg of the call). */
  ringingAt: Record<string, number>;
}

export interface AppUsage {
  /** process.cpuUsage() of the app process, µs. */
  cpu: { user: number; system: number };
  memory: NodeJS.MemoryUsage;
  calls: number;
  timers: number;
  channelListeners: number;
  acd: { waiting: number; offers: number; wrapUps: number };
  /** ARI requests sent and events received since start. */
  ari: { requests: number; events: number };
  /** Committed + rolled-back transactions of the app's database since it was created (pg_stat_database). */
  dbTransactions: number | null;
  /** The app's statements and transactions counted by the driver (PostgreSQL only; statements.ts). */
  dbStatements: StatementCounts | null;
  /** Event-loop delay since the previous `usage` (monitorEventLoopDelay, 10 ms timer), ms. */
  loopDelayMs: { p50: number; p99: number; max: number };
}

export interface CallAudit {
  placed: number;
  ended: number;
  open: number;
  /** outcome → count (null outcome counted as 'none'). */
  outcomes: Record<string, number>;
  withOperator: number;
  draftTickets: number;
  recordingsDone: number;
  recordingsNotDone: number;
}

export type Command =
  | { cmd: 'operators'; count: number }
  | { cmd: 'supervisor' }
  | { cmd: 'steps'; enabled: boolean }
  | { cmd: 'takeSteps' }
  | { cmd: 'usage' }
  | { cmd: 'gc' }
  | { cmd: 'settle'; timeoutMs: number }
  | { cmd: 'audit'; since: string }
  | { cmd: 'close' };

export type Request = Command & { id: number };

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** The first message of the app process once it listens and ARI is connected. */
export interface Ready {
  ready: true;
  url: string;
  driver: 'pglite' | 'postgres';
  seedReport: Record<string, unknown>;
}

export interface StartupFailed {
  ready: false;
  error: string;
}
