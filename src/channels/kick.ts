/**
 * "A channel message was just committed to the outbox" from code that does not hold the app (the ticket
 * transition): the running channel outbox looks now instead of at the next 30-second tick. Call after commit.
 */
const listeners = new Set<() => void>();

export function kickChannelOutbox(): void {
  for (const listener of listeners) listener();
}

export function onChannelOutboxKick(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
