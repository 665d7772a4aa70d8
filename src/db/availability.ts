/**
 * Whether a failure means "the database cannot be reached or cannot take more now" — an outage to wait out, answered
 * 503 with Retry-After and retried by the write-behind queues — rather than a bug or bad data (issue 12).
 */

/** The embedded database (PGlite) is serving as many requests as it may queue, or one waited too long (src/db/gate.ts). */
export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
  constructor(reason: string) {
    super(`database busy: ${reason}`);
    this.name = 'DatabaseBusyError';
  }
}

/** Socket and driver codes of a connection that failed or was lost (node, postgres). */
const connectionCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN',
  'ENOTFOUND', 'EAI_AGAIN', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
]);

/**
 * SQLSTATEs of a server going away or not taking connections: class 08 (connection exception), 57P01–57P03
 * (terminated by an administrator, a crash, cannot connect now: starting up or shutting down), 53300 (too many
 * connections).
 */
const unavailableSqlStates = /^(08...|57P0[123]|53300)$/;

/** What kind of unavailability `error` (or one of its causes: drizzle wraps driver errors) is, or null. */
export function databaseUnavailability(error: unknown): 'unavailable' | 'busy' | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof DatabaseBusyError) return 'busy';
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && (connectionCodes.has(code) || unavailableSqlStates.test(code))) return 'unavailable';
    current = cause;
  }
  return null;
}

/** Seconds a client is told to wait (Retry-After) before trying again. */
export const retryAfterSeconds = { unavailable: 5, busy: 2 } as const;
