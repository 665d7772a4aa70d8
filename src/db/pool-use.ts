/**
 * How much of the database's connections the app uses (issue 16, `/metrics`). postgres.js does not publish its pool,
 * so what the app sends is counted instead: every statement outside a transaction and every transaction, from the
 * moment it is sent until it is answered. Up to `size` of them hold a connection; more wait for one. PGlite counts
 * the operations at its gate (size 1: one at a time). The time integral of the connections in use is kept too, so
 * Prometheus can average it between scrapes (a gauge read every 15 s would mostly see an idle moment).
 */
export interface PoolUseSnapshot {
  /** Connections the app may open (postgres: the pool's max; PGlite: 1). */
  size: number;
  /** Statements and transactions holding a connection now. */
  inUse: number;
  /** Statements and transactions waiting for a connection now. */
  waiting: number;
  /** Connection-seconds in use since the start. */
  busySeconds: number;
}

export class PoolUse {
  #inFlight = 0;
  #busySeconds = 0;
  #since = performance.now();

  constructor(readonly size: number) {}

  /** Runs `operation`, counted from now until it settles. */
  async track<T>(operation: () => PromiseLike<T>): Promise<T> {
    this.#change(1);
    try {
      return await operation();
    } finally {
      this.#change(-1);
    }
  }

  snapshot(): PoolUseSnapshot {
    this.#change(0);
    const inUse = Math.min(this.#inFlight, this.size);
    return { size: this.size, inUse, waiting: this.#inFlight - inUse, busySeconds: this.#busySeconds };
  }

  #change(delta: number): void {
    const now = performance.now();
    this.#busySeconds += (Math.min(this.#inFlight, this.size) * (now - this.#since)) / 1000;
    this.#since = now;
    this.#inFlight += delta;
  }
}

/** The postgres.js client's two entry points drizzle uses, each counted: `unsafe` (a statement) and `begin`. */
interface CountableClient {
  unsafe: (...args: never[]) => object;
  begin: (...args: never[]) => Promise<unknown>;
}

/**
 * The postgres.js client as drizzle sees it, with each statement and transaction counted in `use`. A statement of
 * postgres.js runs when it is awaited (`then`); `values()` returns the same statement in array mode. Statements inside
 * a transaction go through the transaction's own client and count as the transaction.
 */
export function countedClient<C extends CountableClient>(client: C, use: PoolUse): C {
  const counted = (query: object): object =>
    new Proxy(query, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === 'values' && typeof value === 'function') return () => counted((value as () => object).call(target));
        if (property === 'then' && typeof value === 'function') {
          const then = value as (resolve: (v: unknown) => void, reject: (e: unknown) => void) => unknown;
          const settled = () => new Promise<unknown>((resolve, reject) => void then.call(target, resolve, reject));
          return (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) => use.track(settled).then(onFulfilled, onRejected);
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return (...args: never[]) => counted(target.unsafe(...args));
      if (property === 'begin') return (...args: never[]) => use.track(() => target.begin(...args));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
