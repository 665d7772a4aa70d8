import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Ctx } from '../engine/ctx.js';
import { isAuthorized, parseQuery } from '../http/ari-http.js';
import { bool, list } from '../http/params.js';
import type { Session } from './apps.js';

/**
 * `ws://host/ari/events?app=NAME&api_key=user:pass&subscribeAll=true|false`.
 * Connecting (re)registers the applications; nothing that happened before is replayed.
 */
export class EventSockets {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<Session, WebSocket>();
  private nextSessionId = 1;
  private refuseUntil = 0;

  constructor(private readonly ctx: Ctx) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const query = parseQuery(url.searchParams);
    if (url.pathname !== '/ari/events') return reject(socket, 404, 'Not Found');
    // Refused like a dead Asterisk: the TCP connection is simply dropped.
    if (Date.now() < this.refuseUntil) return void socket.destroy();
    if (!isAuthorized(this.ctx, request, query)) return reject(socket, 401, 'Unauthorized');
    const apps = list(query, 'app');
    if (apps.length === 0) return reject(socket, 400, 'Bad Request');
    const subscribeAll = bool(query, 'subscribeAll', false);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.attach(ws, apps, subscribeAll));
  }

  private attach(ws: WebSocket, appNames: string[], subscribeAll: boolean): void {
    const session: Session = {
      id: this.nextSessionId++,
      appNames,
      subscribeAll,
      send: (data) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(data);
      },
      terminate: () => ws.terminate(),
    };
    this.sockets.set(session, ws);
    ws.on('close', () => {
      this.sockets.delete(session);
      this.ctx.apps.detach(session);
    });
    ws.on('error', (error) => this.ctx.reportError(error));
    for (const { app, replaced } of this.ctx.apps.attach(session)) {
      this.ctx.bus.sendTo(replaced, app, 'ApplicationReplaced');
    }
  }

  /** Kill sockets without a close frame (like SIGKILL of the peer); optionally refuse reconnects. */
  drop(options: { app?: string; refuseMs?: number } = {}): number {
    if (options.refuseMs) this.refuseUntil = Date.now() + options.refuseMs;
    let dropped = 0;
    for (const [session, ws] of this.sockets) {
      if (options.app && !session.appNames.includes(options.app)) continue;
      ws.terminate();
      // Detach now (not on the async 'close') so a call placed right after sees the outage.
      this.sockets.delete(session);
      this.ctx.apps.detach(session);
      dropped++;
    }
    return dropped;
  }

  refuseFor(ms: number): void {
    this.refuseUntil = Date.now() + ms;
  }

  close(): void {
    this.drop();
    this.wss.close();
  }
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
