import type { IncomingMessage, ServerResponse } from 'node:http';
import { asteriskTimestamp } from '../core/clock.js';
import { AriError } from '../core/errors.js';
import type { Ctx } from '../engine/ctx.js';
import type { RecordedRequest } from '../types.js';
import { mergeBody } from './params.js';
import type { Router, Query, Reply } from './router.js';

export interface HttpFrontOptions {
  ctx: Ctx;
  ari: Router;
  control: Router;
  log: RecordedRequest[];
  /** Injected failures (FakeAri.failNext): the next matching ARI requests answer with this status, untouched. */
  faults?: InjectedFault[];
}

export interface InjectedFault {
  method: string;
  path: string | RegExp;
  status: number;
  message: string;
  remaining: number;
}

function takeFault(front: HttpFrontOptions, method: string, path: string): InjectedFault | undefined {
  const faults = front.faults ?? [];
  const index = faults.findIndex((f) => f.method === method && (f.path instanceof RegExp ? f.path.test(path) : path.includes(f.path)));
  const fault = faults[index];
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) faults.splice(index, 1);
  return fault;
}

const REQUEST_LOG_LIMIT = 100_000;

/** Basic auth, or `api_key=user:pass` like Asterisk accepts on every ARI URL. */
export function isAuthorized(ctx: Ctx, request: IncomingMessage, query: Query): boolean {
  const expected = `${ctx.opts.username}:${ctx.opts.password}`;
  const apiKey = query.api_key;
  if (typeof apiKey === 'string' && apiKey === expected) return true;
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8') === expected;
}

export function parseQuery(search: URLSearchParams): Query {
  const query: Query = {};
  for (const [key, value] of search) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) throw new AriError(400, 'Invalid JSON in request body');
    throw error;
  }
}

function send(response: ServerResponse, reply: Reply): void {
  if (reply.bytes) {
    response.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'application/octet-stream', 'Content-Length': reply.bytes.length });
    response.end(reply.bytes);
    return;
  }
  if (reply.status === 204 || reply.body === undefined) {
    response.writeHead(reply.status);
    response.end();
    return;
  }
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

/** The request handler for `/ari/...` (authenticated, logged) and `/__control/...` (open). */
export function createRequestHandler(front: HttpFrontOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const { ctx } = front;
  return (request, response) => {
    handle(front, request, response).catch((error: unknown) => {
      ctx.reportError(error);
      if (!response.headersSent) send(response, { status: 500, body: { message: 'Internal Server Error' } });
    });
  };
}

async function handle(front: HttpFrontOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { ctx } = front;
  const url = new URL(request.url ?? '/', 'http://fake');
  const method = request.method ?? 'GET';
  const query = parseQuery(url.searchParams);
  const origin = `http://${request.headers.host ?? '127.0.0.1'}`;
  const isControl = url.pathname.startsWith('/__control/');
  if (!isControl && !url.pathname.startsWith('/ari/')) {
    send(response, { status: 404, body: { message: 'Not found' } });
    return;
  }
  const path = isControl ? url.pathname.slice('/__control'.length) : url.pathname.slice('/ari'.length);
  let body: unknown;
  let reply: Reply;
  try {
    body = await readBody(request);
    if (!isControl && !isAuthorized(ctx, request, query)) {
      response.setHeader('WWW-Authenticate', 'Basic realm="Asterisk REST Interface"');
      reply = { status: 401, body: { message: 'Authentication required' } };
    } else {
      const fault = isControl ? undefined : takeFault(front, method, path);
      reply = fault ? { status: fault.status, body: { message: fault.message } } : await route(isControl ? front.control : front.ari, method, path, query, body, request, origin);
    }
  } catch (error) {
    if (!(error instanceof AriError)) throw error;
    reply = { status: error.status, body: { message: error.message } };
  }
  if (!isControl && !path.startsWith('/api-docs/')) {
    if (front.log.length >= REQUEST_LOG_LIMIT) front.log.shift();
    front.log.push({ at: asteriskTimestamp(ctx.clock.now()), method, path, query, body, status: reply.status });
  }
  send(response, reply);
}

async function route(router: Router, method: string, path: string, query: Query, body: unknown, raw: IncomingMessage, origin: string): Promise<Reply> {
  const match = router.match(method, path);
  if (match === undefined) throw new AriError(404, 'Resource not found');
  if (match === 'method-not-allowed') throw new AriError(405, 'Method Not Allowed');
  return match.handler({ method, path, params: match.params, query: mergeBody(query, body), body, raw, origin });
}
