// The page's one connection monitor (lib/connection.ts) over the shared bridge, as a React hook.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { getBridge, liveSocket } from '../api/bridge.js';
import { createConnectionMonitor, type ConnectionMonitor, type ConnectionState } from './connection.js';

let shared: ConnectionMonitor | null = null;

export function pageConnection(): ConnectionMonitor {
  if (!shared) {
    const bridge = getBridge();
    const monitor = createConnectionMonitor({ probe: () => bridge.health({}) }, liveSocket.open());
    liveSocket.subscribe((open) => monitor.setLive(open));
    monitor.start();
    shared = monitor;
  }
  return shared;
}

/** The server link and the live socket; `onBack` runs when the server answers again after being offline. */
export function useConnection(onBack?: () => void): ConnectionState {
  const monitor = pageConnection();
  const state = useSyncExternalStore(monitor.subscribe, monitor.state);
  const back = useRef(onBack);
  back.current = onBack;
  const was = useRef(state.link);
  useEffect(() => {
    if (was.current === 'offline' && state.link === 'online') back.current?.();
    was.current = state.link;
  }, [state.link]);
  return state;
}

/** While the live socket is down no event says the queue moved: ask every `ms` instead, so a screen never freezes on a stale number. */
export function usePollWhileSocketDown(refresh: () => void, ms = 3000): void {
  const { live } = useConnection();
  useEffect(() => {
    if (live) return;
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [live, refresh, ms]);
}
