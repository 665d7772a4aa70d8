import WebSocket from 'ws';
import type { AriEvent, FakeAri } from '../server.js';

export type QueryValue = string | number | boolean | string[];

export interface RestResult {
  status: number;
  body: unknown;
}

/** A bare ARI application for tests: one events WebSocket plus REST calls with basic auth. */
export class TestApp {
  readonly events: AriEvent[] = [];
  private readonly waiters = new Set<() => void>();
  closed = false;

  private constructor(
    private readonly fake: FakeAri,
    readonly ws: WebSocket,
  ) {
    ws.on('message', (data) => {
      this.events.push(JSON.parse(String(data)) as AriEvent);
      for (const wake of this.waiters) wake();
    });
    ws.on('close', () => {
      this.closed = true;
      for (const wake of this.waiters) wake();
    });
  }

  static connect(fake: FakeAri, app = 'callcentre', subscribeAll = true): Promise<TestApp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(fake.eventsUrl(app, subscribeAll));
      const testApp = new TestApp(fake, ws);
      ws.once('open', () => resolve(testApp));
      ws.once('error', reject);
    });
  }

  /** Wait until `check` holds, re-checking on every event. */
  until<T>(check: () => T | undefined, timeoutMs = 2_000, what = 'condition'): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${what}; got ${this.events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  waitFor(type: string, match: (event: AriEvent) => boolean = () => true, options: { since?: number; timeoutMs?: number } = {}): Promise<AriEvent> {
    return this.until(() => this.events.slice(options.since ?? 0).find((e) => e.type === type && match(e)), options.timeoutMs, type);
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  async rest(method: string, path: string, query: Record<string, QueryValue> = {}, body?: unknown): Promise<RestResult> {
    const url = new URL(`${this.fake.ariUrl}${path}`);
    for (const [key, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    const headers: Record<string, string> = {
      Authorization: `Basic ${Buffer.from(`${this.fake.username}:${this.fake.password}`).toString('base64')}`,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
