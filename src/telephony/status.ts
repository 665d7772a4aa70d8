/**
 * What the rest of the app knows about the link to Asterisk. The ARI gateway updates it;
 * /readyz and the wallboard read it. Asterisk being away is reported, never fatal.
 */
export type AriLinkState = 'not_configured' | 'connecting' | 'connected' | 'disconnected';

export interface AriLinkStatus {
  state: AriLinkState;
  since: Date;
  lastError?: string;
}

export class AriLink {
  #status: AriLinkStatus;

  constructor(configured: boolean) {
    this.#status = { state: configured ? 'connecting' : 'not_configured', since: new Date() };
  }

  get status(): AriLinkStatus {
    return this.#status;
  }

  set(state: AriLinkState, lastError?: string): void {
    if (state === this.#status.state && lastError === this.#status.lastError) return;
    this.#status = { state, since: new Date(), ...(lastError ? { lastError } : {}) };
  }
}
