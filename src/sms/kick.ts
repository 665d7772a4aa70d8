/**
 * "Something was just committed to the outbox": the running worker(s) look now instead of at the
 * next 30-second tick. Call it after the transaction that enqueued the SMS has committed; calling
 * it inside the transaction only wastes a pass (the worker cannot see the row yet).
 */
const listeners = new Set<() => void>();

export function kickSmsOutbox(): void {
  for (const listener of listeners) listener();
}

/** Used by the SMS plugin; returns the unsubscribe function. */
export function onSmsOutboxKick(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
