import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { EventSockets } from '../events/websocket.js';

/**
 * The listening HTTP server. It can stop listening and come back on the same port, which
 * is how an Asterisk restart looks to clients (connection refused, then ARI answers again).
 */
export class Host {
  readonly server: Server;
  private readonly connections = new Set<Socket>();
  port = 0;

  constructor(
    handler: Parameters<typeof createServer>[1],
    private readonly sockets: EventSockets,
  ) {
    this.server = createServer(handler);
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (socket) => {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
    });
    this.server.on('upgrade', (request, socket, head) => this.sockets.handleUpgrade(request, socket, head));
  }

  listen(port = this.port): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        const address = this.server.address();
        if (address && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }

  /** Close the listener and every open connection (WebSockets die with 1006). `final` also shuts the WebSocket server. */
  stop(final: boolean): Promise<void> {
    if (final) this.sockets.close();
    else this.sockets.drop();
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      for (const socket of this.connections) socket.destroy();
      this.connections.clear();
    });
  }
}
