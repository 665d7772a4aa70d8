export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** Longest delay between attempts. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": after attempt n the next try waits between half and all
 * of min(max, base·2^(n-1)), so a gateway outage does not bring every queued message back at once.
 */
export function retryDelayMs(attempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
