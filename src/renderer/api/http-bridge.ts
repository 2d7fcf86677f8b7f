// The Bridge over HTTP + the /api/live WebSocket, for a browser on the LAN
// (photographer's tablet, waiting-room TV) and for `swipequeue serve`. Same
// names and results as window.swipequeue in Electron; routes and answer kinds
// come from the operations' facts (src/shared/operations.ts), no operation named.
import { ApiError, type Bridge, type CallOptions } from '../../shared/contract.js';
import { buildRequest, errorFromResponse, fileNameFromDisposition, type RequestContext } from '../../shared/http-request.js';
import { operations, opNames, type OpName } from '../../shared/operations.js';
import type { ExportFile, LiveEvent } from '../../shared/types.js';

export { buildRequest, errorFromResponse, fileNameFromDisposition, type HttpRequest, type RequestContext } from '../../shared/http-request.js';

/** The WebSocket URL of the live events, token in the query (browsers cannot set headers on it). */
export function liveUrl(base: string, token: string | null | undefined): string {
  const u = new URL('/api/live', base);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) u.searchParams.set('token', token);
  return u.toString();
}

/** Reconnect delay after `attempt` failures in a row: 0.5 s doubling to 10 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}

interface LiveSocket {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}
export type WebSocketFactory = (url: string) => LiveSocket;

export interface HttpBridgeOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8740`; the page's own origin in a browser. */
  baseUrl: string;
  token?: string | null;
  /** Read on every call: the screen can change while the page lives. */
  role?: () => string | null;
  fetch?: typeof fetch;
  webSocket?: WebSocketFactory;
  /** Told when the live socket opens (true) or drops (false): the display polls while it is down. */
  onLiveState?: (open: boolean) => void;
}

function base64OfBytes(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function createHttpBridge(opts: HttpBridgeOptions): Bridge {
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const ctxOf = (callOpts?: CallOptions): RequestContext => ({ token: opts.token ?? null, role: opts.role?.() ?? null, pin: callOpts?.pin ?? null });

  const send = async (name: OpName, input: unknown, callOpts?: CallOptions): Promise<Response> => {
    const req = buildRequest(name, input, ctxOf(callOpts));
    let res: Response;
    try {
      res = await doFetch(new URL(req.url, opts.baseUrl).toString(), { method: req.method, headers: req.headers, body: req.body, cache: 'no-store' });
    } catch (e) {
      throw new ApiError({ error: 'offline', message: `cannot reach the kiosk server (${(e as Error).message})` });
    }
    if (!res.ok) throw errorFromResponse(res.status, await res.text().catch(() => ''));
    return res;
  };

  const call = async (name: OpName, input: unknown, callOpts?: CallOptions): Promise<unknown> => {
    const res = await send(name, input, callOpts);
    const text = await res.text();
    return text === '' ? null : JSON.parse(text);
  };

  // An operation that answers a file sends the file itself, not JSON; the bridge hands it on as an ExportFile.
  const download = async (name: OpName, input: unknown, callOpts?: CallOptions): Promise<ExportFile> => {
    const res = await send(name, input, callOpts);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      fileName: fileNameFromDisposition(res.headers.get('content-disposition'), name),
      mime: res.headers.get('content-type') ?? 'application/octet-stream',
      base64: base64OfBytes(bytes),
    };
  };

  // --- live events: one socket per page, opened with the first listener, reconnecting ---
  const listeners = new Set<(event: LiveEvent) => void>();
  let socket: LiveSocket | null = null;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let everOpen = false;
  const emit = (event: LiveEvent) => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (e) {
        console.error('swipequeue: a live event listener failed', e);
      }
    }
  };
  const makeSocket: WebSocketFactory = opts.webSocket ?? ((url) => new WebSocket(url) as unknown as LiveSocket);
  const connect = () => {
    retry = null;
    if (listeners.size === 0) return;
    const ws = makeSocket(liveUrl(opts.baseUrl, opts.token));
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      opts.onLiveState?.(true);
      // Events may have been missed while away: screens reload on event-changed.
      if (everOpen) emit({ type: 'event-changed' });
      everOpen = true;
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      try {
        emit(JSON.parse(ev.data) as LiveEvent);
      } catch {
        // not an event
      }
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      opts.onLiveState?.(false);
      if (listeners.size > 0) retry = setTimeout(connect, reconnectDelay(attempt++));
    };
  };
  const onLive = (listener: (event: LiveEvent) => void) => {
    listeners.add(listener);
    if (socket === null && retry === null) connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        if (retry !== null) clearTimeout(retry);
        retry = null;
        const ws = socket;
        socket = null;
        ws?.close();
      }
    };
  };

  const ops = Object.fromEntries(
    opNames.map((name) => [
      name,
      (input: unknown, callOpts?: CallOptions) => (operations[name].answers === 'file' ? download(name, input, callOpts) : call(name, input, callOpts)),
    ]),
  );
  return { ...ops, onLive } as unknown as Bridge;
}

/**
 * The access token of a LAN station: `?token=` in the page URL on first load,
 * then sessionStorage (the address bar is cleaned so it is not shoulder-surfed).
 */
export function resolveToken(search: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    storage?.setItem('swipequeue.token', fromUrl);
    return fromUrl;
  }
  return storage?.getItem('swipequeue.token') ?? null;
}
