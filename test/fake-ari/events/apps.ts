/**
 * Stasis applications and their WebSocket sessions (findings 13–15).
 *
 * - subscribeAll=true: the application is destroyed when its socket closes.
 * - subscribeAll=false: it stays registered but inactive, keeping its subscriptions.
 * - A new connection for the same application replaces the old session, which gets
 *   ApplicationReplaced and no further events; closing it later changes nothing.
 */

export interface Session {
  readonly id: number;
  readonly appNames: readonly string[];
  readonly subscribeAll: boolean;
  send(data: string): void;
  /** Kill the connection without a close frame (the client sees 1006). */
  terminate(): void;
}

export class Application {
  session?: Session;
  readonly channelSubs = new Set<string>();
  readonly bridgeSubs = new Set<string>();
  readonly otherSubs = new Set<string>();

  constructor(
    readonly name: string,
    public subscribeAll: boolean,
  ) {}

  get active(): boolean {
    return this.session !== undefined;
  }
}

export class AppRegistry {
  readonly apps = new Map<string, Application>();

  /** Attach a new session; returns the sessions it replaced (per application name). */
  attach(session: Session): Array<{ app: string; replaced: Session }> {
    const replaced: Array<{ app: string; replaced: Session }> = [];
    for (const name of session.appNames) {
      let app = this.apps.get(name);
      if (!app) {
        app = new Application(name, session.subscribeAll);
        this.apps.set(name, app);
      }
      if (app.session && app.session !== session) replaced.push({ app: name, replaced: app.session });
      app.session = session;
      app.subscribeAll = session.subscribeAll;
    }
    return replaced;
  }

  /** A session's socket closed: destroy subscribeAll applications, park the others. */
  detach(session: Session): void {
    for (const name of session.appNames) {
      const app = this.apps.get(name);
      if (!app || app.session !== session) continue;
      app.session = undefined;
      if (app.subscribeAll) this.apps.delete(name);
    }
  }

  get(name: string): Application | undefined {
    return this.apps.get(name);
  }

  isActive(name: string): boolean {
    return this.apps.get(name)?.active ?? false;
  }

  sessions(): Session[] {
    const unique = new Set<Session>();
    for (const app of this.apps.values()) if (app.session) unique.add(app.session);
    return [...unique];
  }

  forgetChannel(channelId: string): void {
    for (const app of this.apps.values()) app.channelSubs.delete(channelId);
  }

  forgetBridge(bridgeId: string): void {
    for (const app of this.apps.values()) app.bridgeSubs.delete(bridgeId);
  }

  clear(): void {
    this.apps.clear();
  }
}
