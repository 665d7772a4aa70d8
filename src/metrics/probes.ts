/**
 * What the call path tells the metrics (issue 16), without knowing about Prometheus: the ARI client reports each
 * request and event, the ACD each caller leaving the queue. Listeners are the metrics plugins of the running apps
 * (one per app; tests build several); with none, a probe costs a Set iteration.
 */
export interface Probes {
  /** An ARI REST request: `operation` is bounded ("POST /channels"), `status` the HTTP status or 0 for no answer. */
  ariRequest(operation: string, seconds: number, status: number): void;
  ariEvent(type: string): void;
  /** A caller left the queue: answered by an operator, or not (hung up, timed out, asked for a callback). */
  queueWait(seconds: number, answered: boolean): void;
}

const listeners = new Set<Partial<Probes>>();

export const probes: Probes = {
  ariRequest: (operation, seconds, status) => {
    for (const l of listeners) l.ariRequest?.(operation, seconds, status);
  },
  ariEvent: (type) => {
    for (const l of listeners) l.ariEvent?.(type);
  },
  queueWait: (seconds, answered) => {
    for (const l of listeners) l.queueWait?.(seconds, answered);
  },
};

/** Returns the unsubscribe function. */
export function listenToProbes(listener: Partial<Probes>): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** "POST /channels/abc/answer" → "POST /channels/:id/answer": ids out of the label, so its values stay few. */
export function ariOperation(method: string, path: string): string {
  const [resource = '', id, ...rest] = path.split('/').filter(Boolean);
  return [`${method} /${resource}`, id === undefined ? '' : '/:id', rest.length > 0 ? `/${rest[0]}` : ''].join('');
}
