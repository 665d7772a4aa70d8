import type { IncomingMessage } from 'node:http';

export type Query = Record<string, string | string[]>;

export interface Request {
  method: string;
  path: string;
  params: Record<string, string>;
  /** Query string merged with the fields of a JSON body (Asterisk accepts both). */
  query: Query;
  body: unknown;
  raw: IncomingMessage;
  /** `http://host:port` as the client addressed us. */
  origin: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Raw bytes (recording files); `body` is ignored when set. */
  bytes?: Buffer;
  contentType?: string;
}

export type Handler = (request: Request) => Reply | Promise<Reply>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export type Match = { handler: Handler; params: Record<string, string> } | 'method-not-allowed' | undefined;

/** A tiny first-match router: register static paths before parameterised ones. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  /** Append the routes of another router. */
  use(other: Router): this {
    this.routes.push(...other.routes);
    return this;
  }

  match(method: string, path: string): Match {
    const segments = split(path).map(decodeSegment);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { handler: route.handler, params };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return segment;
    throw error;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] ?? '';
    const value = actual[i] ?? '';
    if (expected.startsWith(':')) params[expected.slice(1)] = value;
    else if (expected !== value) return undefined;
  }
  return params;
}

export const json = (status: number, body: unknown): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });
