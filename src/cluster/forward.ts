import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../web/errors.js';

/** Marks a request already forwarded once: the receiver answers it itself or says no leader, never forwards again. */
export const forwardedHeader = 'x-tongdai-forwarded';

/** Routes whose state lives in the leader's memory: operators' states and the queue, live calls, the screen-pop. */
const leaderRoutes = [
  /^\/api\/agents(\/|$)/,
  /^\/api\/screen-pop\//,
  /^\/api\/supervision(\/|$)/,
  /^\/api\/calls\/:id\/(transfer|listen|whisper|barge)(\/|$)/,
  /^\/api\/cluster\/handover$/,
];

export function isLeaderRoute(request: FastifyRequest): boolean {
  if (request.routeOptions.config.leader) return true;
  const url = request.routeOptions.url ?? '';
  return leaderRoutes.some((pattern) => pattern.test(url));
}

const noLeader = () => new DomainError(503, 'NO_LEADER', 'Máy chủ điều khiển cuộc gọi đang chuyển giao, vui lòng thử lại sau giây lát');

/** Hop-by-hop and length headers are the transport's; everything else (cookie, content type, addresses) goes along. */
const notForwarded = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect']);

/**
 * Sends the request to the leader and its answer back to the browser, status and body as they are. A standby without
 * a known leader (during a switch), or a request that was already forwarded, gets 503 NO_LEADER with Retry-After.
 */
export async function forwardToLeader(request: FastifyRequest, reply: FastifyReply, leaderUrl: string | null): Promise<FastifyReply> {
  if (!leaderUrl || request.headers[forwardedHeader]) {
    void reply.header('retry-after', '1');
    throw noLeader();
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value === undefined || notForwarded.has(key)) continue;
    headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  headers.set(forwardedHeader, '1');
  headers.set('x-forwarded-for', request.ip);
  const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
  if (hasBody) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await fetch(new URL(request.url, leaderUrl), {
      method: request.method,
      headers,
      body: hasBody ? JSON.stringify(request.body) : null,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    request.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'cluster: forwarding to the leader failed');
    void reply.header('retry-after', '1');
    throw noLeader();
  }
  const body = Buffer.from(await response.arrayBuffer());
  response.headers.forEach((value, key) => {
    if (notForwarded.has(key) || key === 'content-encoding' || key === 'set-cookie') return;
    void reply.header(key, value);
  });
  for (const cookie of response.headers.getSetCookie()) void reply.header('set-cookie', cookie);
  // A Buffer is sent as it came: the leader's serializer already applied the route's response schema.
  return reply.status(response.status).send(body);
}
