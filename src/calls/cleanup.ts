import type { FastifyBaseLogger } from 'fastify';
import { ignoreGone } from '../telephony/ari.js';

/**
 * What a release touches: `asterisk` resources (bridges, playbacks, legs, recordings) are released when the call
 * ends; `memory` ones (listeners, timers) also when the call is only detached from this process (shutdown, lost
 * WebSocket, handover), because the call goes on in Asterisk and another instance re-adopts it.
 */
export type ReleaseKind = 'asterisk' | 'memory';

interface Entry {
  name: string;
  kind: ReleaseKind;
  release: () => unknown;
}

/**
 * A call's cleanup list (STYLE §3): every resource registers its release when it is created. `run` executes the
 * releases once, newest first, each in its own try/catch; "already gone" (404…) is not an error.
 */
export class CleanupList {
  #entries: Entry[] = [];
  #ran = false;

  get ran(): boolean {
    return this.#ran;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Registers a release; the returned function forgets it (the resource went away by itself). */
  add(name: string, kind: ReleaseKind, release: () => unknown): () => void {
    const entry: Entry = { name, kind, release };
    if (this.#ran) {
      // Created after the call ended (a late HTTP response): release it at once.
      void Promise.resolve()
        .then(() => ignoreGone(async () => release()))
        .catch(() => undefined);
      return () => undefined;
    }
    this.#entries.push(entry);
    return () => {
      const index = this.#entries.indexOf(entry);
      if (index >= 0) this.#entries.splice(index, 1);
    };
  }

  /** Forgets every release registered under `name` (the resource went away: no request for it at the end). */
  forget(name: string): void {
    this.#entries = this.#entries.filter((entry) => entry.name !== name);
  }

  async run(log: FastifyBaseLogger, mode: 'end' | 'detach'): Promise<void> {
    if (this.#ran) return;
    this.#ran = true;
    const entries = this.#entries.reverse();
    this.#entries = [];
    for (const entry of entries) {
      if (mode === 'detach' && entry.kind === 'asterisk') continue;
      try {
        await ignoreGone(async () => entry.release());
      } catch (error) {
        log.warn({ err: error, resource: entry.name }, 'call cleanup: release failed');
      }
    }
  }
}
