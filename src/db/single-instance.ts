import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** A lock younger than this is held by a running instance (its holder touches it every `touchMs`). */
const staleAfterMs = 30_000;
const touchMs = 10_000;

export class SecondInstanceError extends Error {
  constructor(dataDir: string, holder: string) {
    super(
      `Another instance (${holder}) is using the embedded database in ${dataDir}. PGlite runs in one process only: ` +
        'to run two or more instances, set DATABASE_URL to a PostgreSQL server (README, "Two instances"). ' +
        `If no other instance runs, wait ${staleAfterMs / 1000} s or delete ${path.join(dataDir, 'instance.lock')}.`,
    );
    this.name = 'SecondInstanceError';
  }
}

/**
 * PGlite is single-process (issue 17): a second server on the same DATA_DIR is refused with a clear message instead of
 * corrupting the data. The lock is a file naming its holder (host and pid), touched every 10 s; one not touched for
 * 30 s is stale (a crash, a container recreated) and taken over. Returns the release.
 */
export function claimDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'instance.lock');
  const me = `${hostname()}:${process.pid}`;
  try {
    const holder = readFileSync(file, 'utf8').trim();
    const fresh = Date.now() - statSync(file).mtimeMs < staleAfterMs;
    if (fresh && holder !== me) throw new SecondInstanceError(dataDir, holder);
  } catch (error) {
    if (error instanceof SecondInstanceError) throw error;
    // No lock yet (or unreadable): take it.
  }
  writeFileSync(file, me);
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // The data directory went away: nothing to keep.
    }
  }, touchMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    rmSync(file, { force: true });
  };
}
