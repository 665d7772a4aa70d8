/**
 * Minimal typing of the untyped CommonJS `ari-client@2.2.0`, enough for the fake's tests.
 * Operations are built at runtime from the server's Swagger docs (nicknames as in Asterisk).
 */
declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';

  export type AriOperation = (params?: Record<string, unknown>, instance?: unknown) => Promise<unknown>;

  type Operations<Names extends string> = Record<Names, AriOperation>;

  export interface AriResource extends Operations<'answer' | 'hangup' | 'play' | 'record' | 'get' | 'stop'> {
    id: string;
    on(event: string, listener: (event: Record<string, unknown>, instance: AriResource) => void): void;
    removeAllListeners(event: string): void;
  }

  export interface Client extends EventEmitter {
    start(apps: string | string[], subscribeAll?: boolean): Promise<void>;
    stop(): void;
    on(event: string, listener: (event: Record<string, unknown>, instance: AriResource) => void): this;
    channels: Operations<'list' | 'originate' | 'create' | 'get' | 'originateWithId' | 'hangup' | 'answer' | 'play' | 'record' | 'dial' | 'snoopChannel'>;
    bridges: Operations<'list' | 'create' | 'get' | 'destroy' | 'addChannel' | 'removeChannel' | 'play' | 'record'>;
    playbacks: Operations<'get' | 'stop' | 'control'>;
    recordings: Operations<'getLive' | 'stop' | 'getStored' | 'listStored' | 'deleteStored'>;
    applications: Operations<'list' | 'get' | 'subscribe'>;
    asterisk: Operations<'getInfo' | 'ping'>;
    Playback(id?: string): AriResource;
    Bridge(id?: string): AriResource;
    Channel(id?: string): AriResource;
  }

  export function connect(url: string, user: string, pass: string): Promise<Client>;

  const ari: { connect: typeof connect };
  export default ari;
}
