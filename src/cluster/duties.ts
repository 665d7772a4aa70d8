import type { FastifyBaseLogger } from 'fastify';
import type { ClusterRole } from './leadership.js';

/**
 * What only the leader does (issue 17): call control, the ACD, the wall board, the scheduled jobs. Each capability
 * registers its duty; the cluster starts them in registration order when this instance leads and stops them in
 * reverse order when it stops leading. An `early` duty (call control) also starts on the successor of a planned
 * handover, before it leads: it connects to Asterisk while the old leader is still there (zero-gap, finding 15).
 */
export interface Duty {
  name: string;
  early?: boolean;
  start(): Promise<void>;
  /** Resolves when the duty is up (the successor waits for it before telling the leader to leave). */
  ready?(): Promise<void>;
  stop(): Promise<void>;
}

export class Duties {
  readonly #duties: Duty[] = [];
  readonly #running = new Set<Duty>();
  readonly #log: FastifyBaseLogger;

  constructor(log: FastifyBaseLogger) {
    this.#log = log;
  }

  add(duty: Duty): void {
    this.#duties.push(duty);
  }

  /** Names of the duties running here (readyz). */
  running(): string[] {
    return this.#duties.filter((d) => this.#running.has(d)).map((d) => d.name);
  }

  async apply(role: ClusterRole): Promise<void> {
    if (role === 'leader') await this.#startAll(this.#duties);
    else if (role === 'taking_over') {
      const early = this.#duties.filter((d) => d.early);
      await this.#startAll(early);
      for (const duty of early) await duty.ready?.();
    } else await this.stopAll();
  }

  async stopAll(): Promise<void> {
    for (const duty of [...this.#duties].reverse()) {
      if (!this.#running.delete(duty)) continue;
      try {
        await duty.stop();
      } catch (error) {
        this.#log.error({ err: error, duty: duty.name }, 'cluster: stopping a duty failed');
      }
    }
  }

  async #startAll(duties: Duty[]): Promise<void> {
    for (const duty of duties) {
      if (this.#running.has(duty)) continue;
      this.#running.add(duty);
      try {
        await duty.start();
      } catch (error) {
        this.#log.error({ err: error, duty: duty.name }, 'cluster: starting a duty failed');
      }
    }
  }
}
