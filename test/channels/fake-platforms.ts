import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Our local stand-in for the Zalo OA and Facebook Graph APIs (issue 15), with their documented request and answer
 * shapes: OA "cs" messages with an access_token header and single-use refresh tokens; Graph Send API with a Page
 * token in the query. `mode` injects failures: 5xx, no answer (timeouts), the 24 h window closed.
 * `/files/<name>` stands for the channels' CDNs serving what users send (Zalo zadn.vn, Messenger fbcdn.net), each
 * file with its own behaviour: 5xx a number of times first, headers then silence (a slow CDN), no Content-Length
 * (chunked), a redirect; `fileRequests` counts the downloads.
 */
export interface FakeFile {
  body: Buffer;
  /** Answer 502 this many times before serving. */
  failTimes?: number;
  /** Send the headers, then nothing (a download timeout). */
  stall?: boolean;
  /** Chunked, without Content-Length: only the stream's count can stop an oversized file. */
  chunked?: boolean;
  /** Answer 302 to this location instead. */
  redirectTo?: string;
}

export class FakePlatforms {
  readonly zaloSent: Array<{ userId: string; text: string }> = [];
  readonly facebookSent: Array<{ recipient: string; text: string; messagingType: string }> = [];
  zaloAccessToken = 'zalo-access-1';
  zaloRefreshToken = 'zalo-refresh-1';
  refreshCount = 0;
  facebookToken = 'fb-page-token';
  mode: 'ok' | '5xx' | 'hang' | 'window-closed' = 'ok';
  readonly files = new Map<string, FakeFile>();
  readonly fileRequests = new Map<string, number>();
  private server: Server | null = null;
  url = '';

  /** Serves `file` at /files/<name>; returns its URL. */
  serve(name: string, file: FakeFile): string {
    this.files.set(name, file);
    return `${this.url}/files/${encodeURIComponent(name)}`;
  }

  private serveFile(name: string, response: ServerResponse): void {
    this.fileRequests.set(name, (this.fileRequests.get(name) ?? 0) + 1);
    const file = this.files.get(name);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    if (file.redirectTo) {
      response.writeHead(302, { location: file.redirectTo }).end();
      return;
    }
    if (file.failTimes && file.failTimes > 0) {
      file.failTimes -= 1;
      response.writeHead(502).end('bad gateway');
      return;
    }
    if (file.stall) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.body.length) });
      response.write(file.body.subarray(0, 1));
      return;
    }
    if (file.chunked) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let at = 0; at < file.body.length; at += 16_384) response.write(file.body.subarray(at, at + 16_384));
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.body.length) }).end(file.body);
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      if (path.startsWith('/files/')) {
        this.serveFile(decodeURIComponent(path.slice('/files/'.length)), response);
        return;
      }
      void this.handle(request).then(
        (answer) => {
          if (!answer) return; // "hang": never answers
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer.body));
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown } | null> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake');
    if (this.mode === 'hang') return null;
    if (this.mode === '5xx') return { status: 502, body: { error: 'bad gateway' } };
    if (url.pathname === '/v4/oa/access_token') {
      const form = new URLSearchParams(raw);
      if (form.get('refresh_token') !== this.zaloRefreshToken) return { status: 200, body: { error: -14014, error_name: 'Invalid refresh token' } };
      this.refreshCount += 1;
      this.zaloAccessToken = `zalo-access-${this.refreshCount + 1}`;
      this.zaloRefreshToken = `zalo-refresh-${this.refreshCount + 1}`;
      return { status: 200, body: { access_token: this.zaloAccessToken, refresh_token: this.zaloRefreshToken, expires_in: '90000' } };
    }
    if (url.pathname === '/v3.0/oa/message/cs') {
      if (request.headers.access_token !== this.zaloAccessToken) return { status: 200, body: { error: -216, message: 'Access token is invalid' } };
      const body = JSON.parse(raw) as { recipient: { user_id: string }; message: { text: string } };
      this.zaloSent.push({ userId: body.recipient.user_id, text: body.message.text });
      return { status: 200, body: { data: { message_id: `zmid-${this.zaloSent.length}`, user_id: body.recipient.user_id }, error: 0, message: 'Success' } };
    }
    if (url.pathname.endsWith('/messages')) {
      if (url.searchParams.get('access_token') !== this.facebookToken) return { status: 400, body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } } };
      if (this.mode === 'window-closed') return { status: 400, body: { error: { message: 'This message is sent outside of allowed window.', code: 10, error_subcode: 2018278 } } };
      const body = JSON.parse(raw) as { recipient: { id: string }; messaging_type: string; message: { text: string } };
      this.facebookSent.push({ recipient: body.recipient.id, text: body.message.text, messagingType: body.messaging_type });
      return { status: 200, body: { recipient_id: body.recipient.id, message_id: `m_${this.facebookSent.length}` } };
    }
    return { status: 404, body: { error: 'not found' } };
  }
}

/** Zalo's X-ZEvent-Signature of a webhook body: mac=SHA-256(app id + body + timestamp + OA secret key). */
export function zaloSignature(body: string, appId: string, oaSecretKey: string): string {
  const timestamp = (JSON.parse(body) as { timestamp: string }).timestamp;
  return `mac=${createHash('sha256').update(`${appId}${body}${timestamp}${oaSecretKey}`).digest('hex')}`;
}

/** Facebook's X-Hub-Signature-256 of a webhook body: the app secret's HMAC-SHA256. */
export const facebookSignature = (body: string, appSecret: string) => `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
