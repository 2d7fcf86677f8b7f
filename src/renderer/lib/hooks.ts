import { useEffect, useRef } from 'react';
import type { Bridge } from '../../shared/contract.js';
import type { LiveEvent } from '../../shared/types.js';

/** Subscribes to live events for the component's lifetime; the latest handler is always used. */
export function useLive(bridge: Bridge, handler: (e: LiveEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => bridge.onLive((e) => ref.current(e)), [bridge]);
}
