import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { AriEndpoint, AriPort, Unsubscribe } from './ari.js';

export type PhoneState = 'online' | 'offline' | 'unknown';

/** What the queue engine and the wallboard ask about a phone (`PJSIP/op101`). */
export interface PhoneReachability {
  /** Not known to be offline: an endpoint Asterisk does not report, or reports unknown, may still be rung. */
  reachable(endpoint: string): boolean;
  state(endpoint: string): PhoneState;
}

/**
 * The state of the operators' phones as Asterisk knows it (issue 11 item 4): `qualify_frequency` on their AORs
 * (asterisk-config/pjsip.conf) makes Asterisk ping each phone with OPTIONS; one that stops answering goes offline.
 * On every (re)connection the application subscribes to `endpoint:PJSIP` (an app connected with subscribeAll=false
 * gets no endpoint events otherwise) and reads `GET /endpoints`; then `EndpointStateChange` keeps the map current.
 * Emits `changed` (endpoint, state) when a phone's state changes.
 */
export class PhoneStates extends EventEmitter implements PhoneReachability {
  readonly #states = new Map<string, PhoneState>();
  readonly #offs: Unsubscribe[] = [];

  constructor(
    private readonly ari: Pick<AriPort, 'on' | 'onConnected' | 'subscribeApplication' | 'listEndpoints'>,
    private readonly app: string,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
  }

  start(): void {
    this.#offs.push(
      this.ari.on('EndpointStateChange', (event) => this.#set(event.endpoint)),
      this.ari.onConnected(() => void this.refresh()),
    );
  }

  stop(): void {
    for (const off of this.#offs.splice(0)) off();
  }

  /** Subscribes to the phones' events and reads every endpoint's state. Never rejects (a failure is logged). */
  async refresh(): Promise<void> {
    try {
      await this.ari.subscribeApplication(this.app, 'endpoint:PJSIP');
      for (const endpoint of await this.ari.listEndpoints()) this.#set(endpoint);
    } catch (error) {
      this.log.warn({ err: error }, 'reading the phones\u2019 states failed');
    }
  }

  state(endpoint: string): PhoneState {
    return this.#states.get(endpoint) ?? 'unknown';
  }

  reachable(endpoint: string): boolean {
    return this.state(endpoint) !== 'offline';
  }

  #set(endpoint: AriEndpoint): void {
    const name = `${endpoint.technology}/${endpoint.resource}`;
    const state: PhoneState = endpoint.state === 'online' || endpoint.state === 'offline' ? endpoint.state : 'unknown';
    if (this.#states.get(name) === state) return;
    this.#states.set(name, state);
    this.log.info({ endpoint: name, state }, 'phone state');
    this.emit('changed', name, state);
  }
}
