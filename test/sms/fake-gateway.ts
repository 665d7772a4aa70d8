import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayRequest {
  ApiKey?: string;
  SecretKey?: string;
  Phone?: string;
  Content?: string;
  Brandname?: string;
  SmsType?: string;
  IsUnicode?: string;
  RequestId?: string;
}

/** What the next request gets instead of the normal answer: an HTTP status and body, or no answer at all. */
export type ScriptedAnswer = { status: number; body: unknown } | 'hang';

/**
 * A brandname gateway in eSMS's style on 127.0.0.1:<random port>. Like the real one it never sends a
 * RequestId twice: a repeated RequestId gets the first SMSID back and is not delivered again.
 */
export interface FakeGateway {
  url: string;
  /** Every POST received, in order. */
  requests: GatewayRequest[];
  /** Messages really "delivered" (one per RequestId). */
  delivered: Map<string, GatewayRequest & { smsId: string }>;
  script: ScriptedAnswer[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGateway(): Promise<FakeGateway> {
  const requests: GatewayRequest[] = [];
  const delivered = new Map<string, GatewayRequest & { smsId: string }>();
  const script: ScriptedAnswer[] = [];
  let next = 1;
  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const payload = JSON.parse(text) as GatewayRequest;
      requests.push(payload);
      const scripted = script.shift();
      if (scripted === 'hang') return;
      response.setHeader('content-type', 'application/json');
      if (scripted) {
        response.statusCode = scripted.status;
        response.end(JSON.stringify(scripted.body));
        return;
      }
      const key = payload.RequestId ?? `anonymous-${next}`;
      let entry = delivered.get(key);
      if (!entry) {
        entry = { ...payload, smsId: `SMS${String(next++).padStart(6, '0')}` };
        delivered.set(key, entry);
      }
      response.end(JSON.stringify({ CodeResult: '100', CountRegenerate: 0, SMSID: entry.smsId }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/MainService.svc/json/SendMultipleMessage_V4_post_json/`,
    requests,
    delivered,
    script,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
