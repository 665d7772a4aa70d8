import { EventEmitter } from 'node:events';
import { TimerBook, type CallContext } from './context.js';

/**
 * The calls this process controls, by call id and by channel id. Emits 'idle' when the last one leaves, so the
 * process can drain before exiting. What must survive a restart is in the calls table, not here.
 */
export class CallRegistry extends EventEmitter<{ idle: []; added: [CallContext]; removed: [CallContext] }> {
  readonly #byCall = new Map<string, CallContext>();
  readonly #byChannel = new Map<string, CallContext>();
  /** Every call timer of this process (tests assert it returns to 0). */
  readonly timers = new TimerBook();

  get size(): number {
    return this.#byCall.size;
  }

  add(ctx: CallContext): void {
    this.#byCall.set(ctx.callId, ctx);
    this.#byChannel.set(ctx.channelId, ctx);
    this.emit('added', ctx);
  }

  remove(ctx: CallContext): void {
    if (this.#byCall.get(ctx.callId) !== ctx) return;
    this.#byCall.delete(ctx.callId);
    this.#byChannel.delete(ctx.channelId);
    this.emit('removed', ctx);
    if (this.#byCall.size === 0) this.emit('idle');
  }

  get(callId: string): CallContext | undefined {
    return this.#byCall.get(callId);
  }

  byChannel(channelId: string): CallContext | undefined {
    return this.#byChannel.get(channelId);
  }

  all(): CallContext[] {
    return [...this.#byCall.values()];
  }

  /** Calls that count against the line capacity (answered, not over capacity, not ended). */
  admittedCount(): number {
    let count = 0;
    for (const ctx of this.#byCall.values()) if (ctx.admitted && !ctx.ended) count += 1;
    return count;
  }

  /** Resolves when no call is left (graceful drain). */
  whenIdle(): Promise<void> {
    if (this.#byCall.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.once('idle', resolve));
  }
}
