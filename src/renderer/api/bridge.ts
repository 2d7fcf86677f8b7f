// The one Bridge the screens use: window.swipequeue in Electron (preload, IPC),
// otherwise HTTP + WebSocket to the server that served this page.
import type { Bridge } from '../../shared/contract.js';
import { createHttpBridge, resolveToken } from './http-bridge.js';

declare global {
  interface Window {
    swipequeue?: Bridge;
  }
}

/**
 * The screen the page states (`X-Station-Role`), from the hash route: `desk`,
 * `caller:A`, `desk:<name>` (URI-encoded, headers carry Latin-1 only). The
 * server narrows the token's role to it for the audit log, never widens it.
 */
export function roleOfHash(hash: string): string | null {
  const m = /^#\/(desk|caller|display|admin)(?:\/([^/?#]+))?(?=[/?]|$)/.exec(hash);
  if (!m) return null;
  let name = m[2];
  try {
    name = name === undefined ? undefined : decodeURIComponent(name);
  } catch {
    name = undefined;
  }
  if (name === undefined || name === '') return m[1] ?? null;
  return `${m[1]}:${encodeURIComponent(m[1] === 'caller' ? name.toUpperCase() : name)}`;
}

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

let bridge: Bridge | null = null;

// Whether the live socket is open, for the connection monitor (lib/connection.ts) and the
// display's polling. The desktop app's IPC has no socket to lose.
let liveOpen = false;
const liveListeners = new Set<(open: boolean) => void>();
export const liveSocket = {
  open: (): boolean => Boolean(window.swipequeue) || liveOpen,
  subscribe(listener: (open: boolean) => void): () => void {
    liveListeners.add(listener);
    return () => liveListeners.delete(listener);
  },
};
const setLiveOpen = (open: boolean) => {
  liveOpen = open;
  for (const l of [...liveListeners]) l(open);
};

/**
 * The actor in the audit log is the current hash route's screen (the one bridge is shared by
 * every screen of the tab, so a role fixed at creation would follow the volunteer to the next
 * screen); `role` is the fallback for routes without one (home).
 */
export function getBridge(role?: string): Bridge {
  if (bridge) return bridge;
  if (window.swipequeue) {
    bridge = window.swipequeue;
    return bridge;
  }
  const token = resolveToken(window.location.search, sessionStore());
  if (new URLSearchParams(window.location.search).has('token')) {
    // Keep the token out of the address bar (and of screenshots of it).
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  }
  bridge = createHttpBridge({ baseUrl: window.location.origin, token, role: () => roleOfHash(window.location.hash) ?? role ?? null, onLiveState: setLiveOpen });
  return bridge;
}

/** The machine code of an error from either transport (IPC errors may be plain objects). */
export function errorCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}
export function errorMessage(e: unknown): string {
  const msg = (e as { message?: unknown } | null)?.message;
  return typeof msg === 'string' && msg !== '' ? msg : String(e);
}
export function errorDetail(e: unknown, key: string): unknown {
  return (e as { body?: Record<string, unknown> } | null)?.body?.[key];
}
export function errorBody(e: unknown): Record<string, unknown> {
  const body = (e as { body?: unknown } | null)?.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
