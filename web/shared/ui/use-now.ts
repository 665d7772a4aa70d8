import { useEffect, useState } from 'react';
import { serverNow } from '../api/client.js';

/** The server's time now, refreshed every `everyMs` (a second by default): for "time in state", waits, countdowns. */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Whole seconds from `since` (an ISO time) to `now`. */
export const secondsSince = (since: string, now: number) => Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
