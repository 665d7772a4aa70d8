import net from 'node:net';

/**
 * A TCP proxy owned by a test, in front of the real PostgreSQL: `cut()` is the database becoming unreachable (every
 * open connection reset, new ones accepted and reset, or held without an answer as a dead host would), `restore()`
 * its return. Listens on 127.0.0.1, port 0.
 */
export class TcpProxy {
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #mode: 'open' | 'reset' | 'blackhole' = 'open';

  private constructor(readonly target: { host: string; port: number }) {
    this.#server = net.createServer((client) => this.#accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** The database is gone: open connections are reset; new ones are reset (a stopped server) or never answered (a dead host). */
  cut(mode: 'reset' | 'blackhole' = 'reset'): void {
    this.#mode = mode;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  restore(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    this.#mode = 'open';
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.#mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    this.#sockets.add(client);
    client.on('close', () => this.#sockets.delete(client));
    if (this.#mode === 'blackhole') return;
    const upstream = net.connect(this.target.port, this.target.host);
    this.#sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('close', () => {
      this.#sockets.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  }
}
