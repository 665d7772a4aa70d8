import { EventEmitter } from 'node:events';
import { asteriskTimestamp, type Clock } from '../core/clock.js';
import type { World } from '../model/world.js';
import type { SentEvent } from '../types.js';
import type { AppRegistry, Application, Session } from './apps.js';

/** Which resources an event is about; decides which applications receive it. */
export interface Route {
  channels?: Array<string | undefined>;
  bridges?: Array<string | undefined>;
  /** StasisStart/StasisEnd go to the channel's application only. */
  onlyApp?: string;
  /** EndpointStateChange: apps subscribed to `endpoint:<tech>` or `endpoint:<tech>/<resource>`. */
  endpoint?: string;
  /** Deliver this many identical copies to subscribeAll applications (bridge recordings, finding 20). */
  subscribeAllCopies?: number;
}

const SENT_LOG_LIMIT = 50_000;

/**
 * Builds events shaped like Asterisk's (type, timestamp, payload, asterisk_id, application)
 * and delivers them to connected applications. Nothing is queued for absent applications:
 * events published while an application is disconnected are lost, like with Asterisk.
 */
export class EventBus extends EventEmitter {
  readonly sent: SentEvent[] = [];

  constructor(
    private readonly apps: AppRegistry,
    private readonly world: World,
    private readonly clock: Clock,
    private readonly asteriskId: string,
  ) {
    super();
    this.setMaxListeners(0);
  }

  publish(type: string, fields: Record<string, unknown>, route: Route): void {
    const base = { type, timestamp: asteriskTimestamp(this.clock.now()), ...fields, asterisk_id: this.asteriskId };
    for (const app of this.apps.apps.values()) {
      if (!app.session) continue;
      const copies = this.copiesFor(app, route);
      for (let i = 0; i < copies; i++) this.deliver(app.session, app.name, base);
    }
  }

  /** An event for one session only (ApplicationReplaced). */
  sendTo(session: Session, appName: string, type: string, fields: Record<string, unknown> = {}): void {
    const base = { type, timestamp: asteriskTimestamp(this.clock.now()), ...fields, asterisk_id: this.asteriskId };
    this.deliver(session, appName, base);
  }

  private copiesFor(app: Application, route: Route): number {
    if (route.onlyApp !== undefined) return route.onlyApp === app.name ? 1 : 0;
    if (app.subscribeAll) return route.subscribeAllCopies ?? 1;
    return this.isSubscribed(app, route) ? 1 : 0;
  }

  private isSubscribed(app: Application, route: Route): boolean {
    for (const id of route.channels ?? []) {
      if (id === undefined) continue;
      if (app.channelSubs.has(id)) return true;
      const channel = this.world.channels.get(id);
      if (channel?.inStasis && channel.stasisApp === app.name) return true;
    }
    for (const id of route.bridges ?? []) {
      if (id !== undefined && app.bridgeSubs.has(id)) return true;
    }
    if (route.endpoint) {
      const tech = route.endpoint.split('/')[0];
      if (app.otherSubs.has(`endpoint:${route.endpoint}`) || app.otherSubs.has(`endpoint:${tech}`)) return true;
    }
    return false;
  }

  private deliver(session: Session, appName: string, base: Record<string, unknown>): void {
    const event = { ...base, application: appName };
    session.send(JSON.stringify(event));
    if (this.sent.length >= SENT_LOG_LIMIT) this.sent.shift();
    const sent: SentEvent = { app: appName, event };
    this.sent.push(sent);
    this.emit('event', sent);
  }
}
