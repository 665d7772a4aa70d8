import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * Our local stand-in for the Zalo OA and Facebook Graph APIs (issue 15), with their documented request and answer
 * shapes: OA "cs" messages with an access_token header and single-use refresh tokens; Graph Send API with a Page
 * token in the query. `mode` injects failures: 5xx, no answer (timeouts), the 24 h window closed.
 */
export class FakePlatforms {
  readonly zaloSent: Array<{ userId: string; text: string }> = [];
  readonly facebookSent: Array<{ recipient: string; text: string; messagingType: string }> = [];
  zaloAccessToken = 'zalo-access-1';
  zaloRefreshToken = 'zalo-refresh-1';
  refreshCount = 0;
  facebookToken = 'fb-page-token';
  mode: 'ok' | '5xx' | 'hang' | 'window-closed' = 'ok';
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
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
