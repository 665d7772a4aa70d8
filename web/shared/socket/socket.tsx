import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientEvents, ServerEvents } from '@server/realtime/events.js';
import { sessionKeys } from '../session/session.js';

type Listeners = { [E in keyof ServerEvents]: (payload: ServerEvents[E]) => void };
type Emitters = { [E in keyof ClientEvents]: ClientEvents[E] extends undefined ? () => void : (payload: ClientEvents[E]) => void };

/** The server's socket.io, typed with the server's own event map (src/realtime/events.ts). */
export type ServerSocket = Socket<Listeners, Emitters>;
export type { ServerEvents };

/** connecting: the first time; live: events arrive; reconnecting: lost, trying again (the page says so). */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

interface SocketState {
  socket: ServerSocket | null;
  connection: ConnectionState;
}

const SocketContext = createContext<SocketState>({ socket: null, connection: 'connecting' });

/**
 * One socket per signed-in page. The server's events are the state (STYLE 13): after any reconnection — a network
 * drop, a server restart — every query is fetched afresh (the snapshot), never patched up from what was held.
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  // One socket for this user (the provider is keyed by the user id), connected while mounted.
  const [socket] = useState<ServerSocket>(() =>
    io({ path: '/socket.io', transports: ['websocket'], autoConnect: false, reconnectionDelay: 500, reconnectionDelayMax: 5_000 }),
  );
  const [connection, setConnection] = useState<ConnectionState>('connecting');

  useEffect(() => {
    let wasLive = false;
    let retry: number | undefined;
    const onConnect = () => {
      if (wasLive) void client.invalidateQueries();
      wasLive = true;
      setConnection('live');
    };
    const onDisconnect = (reason: string) => {
      setConnection('reconnecting');
      // A server that closes the socket itself (it is stopping) is not retried by socket.io: we do.
      if (reason === 'io server disconnect') retry = window.setTimeout(() => socket.connect(), 1_000);
    };
    const onError = (error: Error) => {
      setConnection(wasLive ? 'reconnecting' : 'connecting');
      // Refused at the handshake: the session is over (or the server restarted meanwhile). Ask who we are; the
      // sign-in page follows if nobody. Otherwise try again, as socket.io does not after a refusal.
      if (!socket.active) {
        void client.invalidateQueries({ queryKey: sessionKeys.me });
        if (error.message !== 'UNAUTHENTICATED') retry = window.setTimeout(() => socket.connect(), 2_000);
      }
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onError);
    socket.connect();
    return () => {
      window.clearTimeout(retry);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onError);
      socket.disconnect();
    };
  }, [socket, client]);

  return <SocketContext.Provider value={{ socket, connection }}>{children}</SocketContext.Provider>;
}

export function useConnection(): ConnectionState {
  return useContext(SocketContext).connection;
}

export function useSocket(): ServerSocket | null {
  return useContext(SocketContext).socket;
}

/** Calls `handler` for each `event` while the component is mounted (always the latest handler). */
export function useServerEvent<E extends keyof ServerEvents>(event: E, handler: (payload: ServerEvents[E]) => void): void {
  const socket = useSocket();
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    if (!socket) return;
    const listener = (payload: ServerEvents[E]) => onEvent(payload);
    // socket.io's typings cannot follow a generic event name through on/off: the map above is what types the payload.
    const untyped = socket as unknown as { on(name: string, fn: typeof listener): void; off(name: string, fn: typeof listener): void };
    untyped.on(event, listener);
    return () => untyped.off(event, listener);
  }, [socket, event]);
}
