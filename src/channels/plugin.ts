/**
 * `app.channels` (issue 15): the written channels' adapters built from their stored settings, the inbox they file
 * into and the outbox they send from. Admins change a channel through /api/channels and it is rebuilt at once.
 */
import fp from 'fastify-plugin';
import type { FastifyBaseLogger } from 'fastify';
import type { Env } from '../config/env.js';
import type { Database } from '../db/client.js';
import type { ScheduledJob } from '../scheduler/plugin.js';
import { maxAttachmentsPerMessage } from './attachments.js';
import { prepareInbound } from './download.js';
import { InboxProcessor, storeInbound } from './inbox.js';
import { onChannelOutboxKick } from './kick.js';
import { emitConversationEvent } from './notifier.js';
import { ChannelOutboxWorker } from './outbox.js';
import { SecretBox } from './secrets.js';
import { readChannel, settingsChangedChannel, settingsVersions, updateSecrets, type ChannelSecrets, type StoredChannel } from './settings.js';
import { channelKinds, type ChannelAdapter, type ChannelHealth, type ChannelKind, type InboundMessage } from './types.js';

/** What an adapter factory gets: its stored settings, and the ways back into the app. */
export interface AdapterContext {
  stored: StoredChannel;
  env: Env;
  log: FastifyBaseLogger;
  receive: (message: InboundMessage) => Promise<{ stored: boolean }>;
  /** Persists new secrets at once (Zalo's rotating tokens). */
  saveSecrets: (patch: ChannelSecrets) => Promise<void>;
}

/** Builds a channel's adapter from its settings; null when they are incomplete. */
export type AdapterFactory = (context: AdapterContext) => ChannelAdapter | null;

const factories = new Map<ChannelKind, AdapterFactory>();

/** Each channel's file registers its factory (src/channels/index.ts imports them all). */
export function registerChannel(kind: ChannelKind, factory: AdapterFactory): void {
  factories.set(kind, factory);
}

export class ChannelHub {
  private readonly adapters = new Map<ChannelKind, ChannelAdapter>();
  private readonly states = new Map<ChannelKind, { enabled: boolean; configured: boolean }>();
  /** The settings version each adapter was built from (null: no stored row). */
  private readonly versions = new Map<ChannelKind, string | null>();
  private readonly rebuilds = new Map<ChannelKind, Promise<void>>();
  private closed = false;

  constructor(
    private readonly db: Database,
    readonly box: SecretBox | null,
    private readonly env: Env,
    private readonly log: FastifyBaseLogger,
    readonly inbox: InboxProcessor,
    readonly outbox: ChannelOutboxWorker,
  ) {}

  adapter(kind: ChannelKind): ChannelAdapter | null {
    return this.adapters.get(kind) ?? null;
  }

  /** Stores an inbound message, then files it after the commit. */
  async receive(message: InboundMessage): Promise<{ stored: boolean }> {
    const { stored } = await storeInbound(this.db, message);
    if (stored) this.inbox.kick();
    return { stored };
  }

  /**
   * (Re)builds a channel's adapter when its stored settings differ from those it was built from: at boot, after an
   * admin's change on this instance, and on another instance's change (see refresh). One rebuild of a channel at a
   * time, so an admin's change and its own notification never start two adapters.
   */
  reload(kind: ChannelKind): Promise<void> {
    const next = (this.rebuilds.get(kind) ?? Promise.resolve()).then(() => this.rebuildIfChanged(kind));
    this.rebuilds.set(kind, next.catch(() => undefined));
    return next;
  }

  /**
   * Every channel (or one) checked against its stored settings (another instance's admin change or token refresh):
   * on each NOTIFY, after the listening connection comes back, and on the fallback poll.
   */
  async refresh(only?: ChannelKind): Promise<void> {
    for (const kind of only ? [only] : channelKinds) await this.reload(kind);
  }

  private async rebuildIfChanged(kind: ChannelKind): Promise<void> {
    // Read before the settings: a change in between makes the next check rebuild once more, never miss one.
    const version = (await settingsVersions(this.db)).get(kind) ?? null;
    if (this.closed || (this.versions.has(kind) && this.versions.get(kind) === version)) return;
    if (this.versions.has(kind)) this.log.info({ channel: kind }, 'channel settings changed: adapter rebuilt');
    const previous = this.adapters.get(kind);
    this.adapters.delete(kind);
    if (previous?.stop) await previous.stop().catch((error: unknown) => this.log.warn({ err: error, channel: kind }, 'channel stop failed'));
    const stored = await readChannel(this.db, this.box, kind);
    const factory = factories.get(kind);
    const box = this.box;
    const adapter = stored.enabled && factory
      ? factory({
        stored,
        env: this.env,
        log: this.log.child({ channel: kind }),
        receive: (message) => this.receive(message),
        saveSecrets: async (patch) => {
          if (box) await updateSecrets(this.db, box, kind, patch);
        },
      })
      : null;
    this.states.set(kind, { enabled: stored.enabled, configured: adapter !== null });
    this.versions.set(kind, version);
    if (!adapter) return;
    this.adapters.set(kind, adapter);
    if (adapter.start) {
      adapter.start().catch((error: unknown) => this.log.error({ err: error, channel: kind }, 'channel start failed'));
    }
    this.outbox.kick();
  }

  /** Replaces a channel's adapter (tests). */
  use(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.kind, adapter);
    this.states.set(adapter.kind, { enabled: true, configured: true });
  }

  health(kind: ChannelKind): ChannelHealth & { enabled: boolean } {
    const state = this.states.get(kind) ?? { enabled: false, configured: false };
    const adapter = this.adapters.get(kind);
    if (adapter) return { enabled: true, ...adapter.health() };
    const detail = state.enabled ? 'not configured: settings or secrets missing' : 'switched off';
    return { enabled: state.enabled, state: 'off', detail, since: new Date(0).toISOString() };
  }

  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all(this.rebuilds.values());
    for (const [kind, adapter] of this.adapters) {
      await adapter.stop?.().catch((error: unknown) => this.log.warn({ err: error, channel: kind }, 'channel stop failed'));
    }
    this.adapters.clear();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    channels: ChannelHub;
  }
}

export const channelsPlugin = fp(
  async (app) => {
    const env = app.env;
    const log = app.log.child({ component: 'channels' });
    const backoff = { baseMs: env.CHANNELS_RETRY_BASE_SECONDS * 1000, maxMs: env.CHANNELS_RETRY_MAX_SECONDS * 1000 };
    const leaseMs = Math.max(5 * 60_000, 3 * env.CHANNELS_HTTP_TIMEOUT_MS);
    let hub: ChannelHub | null = null;
    const outbox = new ChannelOutboxWorker(app.db, log, {
      adapter: (kind) => hub?.adapter(kind) ?? null,
      notify: (event) => emitConversationEvent(app.io, 'conversation.delivery.v1', event),
      backoff,
      maxAttempts: env.CHANNELS_MAX_ATTEMPTS,
      leaseMs,
      batchSize: 20,
    });
    const inbox = new InboxProcessor(app.db, log, {
      receiptPrefix: env.RECEIPT_CODE_PREFIX,
      createTicket: (input, options) => app.tickets.create(null, input, options),
      kickOutbox: () => outbox.kick(),
      notify: (event) => emitConversationEvent(app.io, 'conversation.message.v1', event),
      prepare: (message, finalAttempt) => prepareInbound(message, hub?.adapter(message.channel)?.attachmentSource ?? null, finalAttempt, env.ATTACHMENT_MAX_BYTES),
      backoff,
      maxAttempts: env.CHANNELS_MAX_ATTEMPTS,
      // Long enough for a message's downloads (src/channels/download.ts) before another server may take it.
      leaseMs: Math.max(2 * 60_000, maxAttachmentsPerMessage * env.CHANNELS_DOWNLOAD_TIMEOUT_MS),
      batchSize: 20,
    });
    hub = new ChannelHub(app.db, SecretBox.fromEnv(env.CHANNELS_SECRET_KEY), env, log, inbox, outbox);
    app.decorate('channels', hub);
    let unsubscribe: (() => void) | null = null;
    let unlisten: (() => Promise<void>) | null = null;
    let poll: NodeJS.Timeout | undefined;
    // Several instances on one PostgreSQL (issue 15 item 2a): an admin's change reaches every instance at once by
    // NOTIFY, and by the poll when a notification was lost (the listening connection down at that moment).
    const refresh = (kind?: ChannelKind) => {
      hub?.refresh(kind).catch((error: unknown) => log.warn({ err: error, channel: kind ?? null }, 'channel settings not re-read'));
    };
    app.addHook('onReady', async () => {
      unsubscribe = onChannelOutboxKick(() => outbox.kick());
      // A database that is down at boot must not stop the app: the channels stay off (readyz says so) until an
      // admin's change, the next poll or the next start.
      for (const kind of channelKinds) {
        await hub.reload(kind).catch((error: unknown) => log.error({ err: error, channel: kind }, 'channel settings not loaded'));
      }
      let listening = false;
      unlisten = await app.database
        .listen(
          settingsChangedChannel,
          (payload) => refresh(channelKinds.find((kind) => kind === payload)),
          // Again after a lost connection: whatever was announced meanwhile is read now.
          () => {
            if (listening) refresh();
            listening = true;
          },
        )
        .catch((error: unknown) => {
          log.warn({ err: error }, 'channel settings: LISTEN failed, the poll alone keeps instances in step');
          return null;
        });
      poll = setInterval(() => refresh(), env.CHANNELS_SETTINGS_POLL_MS);
      poll.unref();
      // Whatever a crash left pending is filed and sent now.
      inbox.kick();
      outbox.kick();
    });
    app.addHook('onClose', async () => {
      unsubscribe?.();
      clearInterval(poll);
      await unlisten?.().catch(() => undefined);
      await hub.stopAll();
      await inbox.idle();
      await outbox.idle();
    });
  },
  { name: 'channels', dependencies: ['database', 'socket.io', 'tickets'] },
);

export function channelsJob(app: { channels: ChannelHub }): ScheduledJob {
  return {
    name: 'channels.inbox-outbox',
    schedule: '*/30 * * * * *',
    run: async () => {
      await app.channels.inbox.runOnce();
      await app.channels.outbox.runOnce();
    },
  };
}
