import type { FastifyBaseLogger } from 'fastify';
import type { AriAnyEvent, AriEvent, AriEventMap, AriEventType, Unsubscribe } from './ari.js';

type Handler = (event: AriEvent) => void;

/**
 * Routes ARI events to handlers by type and by channel. Every subscription returns its own removal, so a call
 * removes exactly what it added when it ends (ari-client's per-instance listeners leak otherwise). One failing
 * handler is logged and does not stop the others.
 */
export class EventRouter {
  readonly #byType = new Map<string, Set<Handler>>();
  readonly #byChannel = new Map<string, Set<Handler>>();

  constructor(private readonly log: FastifyBaseLogger) {}

  on<K extends AriEventType>(type: K, handler: (event: AriEventMap[K]) => void): Unsubscribe {
    return add(this.#byType, type, handler as Handler);
  }

  onChannel(channelId: string, handler: Handler): Unsubscribe {
    return add(this.#byChannel, channelId, handler);
  }

  /** Handlers registered now: tests assert it is back to its baseline after every call. */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.#byType.values()) count += set.size;
    for (const set of this.#byChannel.values()) count += set.size;
    return count;
  }

  get channelListenerCount(): number {
    let count = 0;
    for (const set of this.#byChannel.values()) count += set.size;
    return count;
  }

  dispatch(raw: AriAnyEvent): void {
    const event = raw as AriEvent;
    const scoped = channelOf(raw);
    const handlers = [...(this.#byType.get(raw.type) ?? []), ...(scoped ? (this.#byChannel.get(scoped) ?? []) : [])];
    for (const handler of handlers) {
      try {
        handler(event);
      } catch (error) {
        this.log.error({ err: error, eventType: raw.type }, 'ARI event handler failed');
      }
    }
  }
}

function add(map: Map<string, Set<Handler>>, key: string, handler: Handler): Unsubscribe {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(handler);
  return () => {
    const current = map.get(key);
    if (!current) return;
    current.delete(handler);
    if (current.size === 0) map.delete(key);
  };
}

/** The channel an event is about: its channel, a Dial's peer, or the channel a playback/recording targets. */
export function channelOf(event: AriAnyEvent): string | undefined {
  const channel = event.channel as { id?: unknown } | undefined;
  if (typeof channel?.id === 'string') return channel.id;
  const peer = event.peer as { id?: unknown } | undefined;
  if (typeof peer?.id === 'string') return peer.id;
  const media = (event.playback ?? event.recording) as { target_uri?: unknown } | undefined;
  if (typeof media?.target_uri === 'string' && media.target_uri.startsWith('channel:')) return media.target_uri.slice('channel:'.length);
  return undefined;
}
