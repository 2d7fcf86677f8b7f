// The desktop app as a desk of another kiosk (`--server <url> --token <t>
// --desk <name>`): the same shape as the kiosk core gives Electron main (call,
// subscribe, a PIN check, close), but every operation goes over HTTP to the
// server and live events come from its /api/live socket. The windows keep
// loading the app's own pages from app://, with the app's CSP; only main
// talks to the network, and the token never reaches a page. A reader on this
// laptop is forwarded as desk <name> (./forwarder.ts).
import { join } from 'node:path';
import WebSocket from 'ws';
import { openReader } from '../hardware/idcard/open-reader.js';
import type { CardReader } from '../hardware/reader.js';
import { opNames, type Api, type CallContext, type OpName, type OpOutput } from '../shared/contract.js';
import { AppError, isAppError } from '../shared/errors.js';
import { statedDesk } from '../shared/http-request.js';
import { operations, roleAllows } from '../shared/operations.js';
import type { LiveEvent } from '../shared/types.js';
import { Forwarder, type ForwarderOptions } from './forwarder.js';
import { createRemote, type Remote } from './remote.js';

export interface RemoteKioskOptions {
  server: string;
  token: string | null;
  /** The desk this app is (`#/desk/<name>`, audit actor desk:<name>). */
  desk: string;
  /** This laptop's reader, forwarded as the desk; none when omitted. */
  reader?: string;
  /** Where forwarded reads wait for the server: `<data folder>/forward/<desk>`. */
  dataFolder: string;
  log?: (line: string) => void;
  /** Tests shorten the waits. */
  forwarder?: Partial<Pick<ForwarderOptions, 'heartbeatMs' | 'retryMs'>>;
  reconnectMs?: (attempt: number) => number;
}

export interface RemoteKiosk {
  readonly server: string;
  call<K extends OpName>(name: K, input: unknown, ctx: CallContext): Promise<OpOutput<K>>;
  as(ctx: CallContext): Api;
  /** The admin PIN, checked by the server (its wrong-PIN limit applies). */
  checkPin(pin: string | undefined, device: string): Promise<void>;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  readonly forwarder: Forwarder | null;
  close(): Promise<void>;
  /** For a session end: stops at once; reads not yet answered are on disk already. */
  closeNow(): void;
}

const reconnectDefault = (attempt: number): number => Math.min(10_000, 500 * 2 ** Math.max(0, attempt));

export function liveSocketUrl(server: string, token: string | null): string {
  const u = new URL('/api/live', server);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) u.searchParams.set('token', token);
  return u.toString();
}

export function openRemoteKiosk(opts: RemoteKioskOptions): RemoteKiosk {
  const log = opts.log ?? (() => {});
  const remote: Remote = createRemote({ server: opts.server, token: opts.token });

  const call = async <K extends OpName>(name: K, input: unknown, ctx: CallContext): Promise<OpOutput<K>> => {
    // The window's screen limits what it may ask, whatever the token allows; the server decides the rest.
    if (!roleAllows(ctx.role, operations[name].access)) {
      throw new AppError('forbidden', 'forbidden-for-role', `the ${ctx.role} screen may not do this (${name} needs ${operations[name].access})`, {
        role: ctx.role,
        needs: operations[name].access,
      });
    }
    try {
      // The desk window is this desk (audit actor desk:<name>); other windows state their screen.
      return await remote.call(name, input as never, { role: ctx.role === 'desk' ? statedDesk(opts.desk) : ctx.actor, pin: ctx.pin ?? null });
    } catch (e) {
      if (isAppError(e)) throw e;
      throw new AppError('failure', 'internal', `the kiosk server's answer to ${name} could not be read (${(e as Error).message})`);
    }
  };

  // --- live events: one socket while anyone listens, reconnecting; screens reload after a gap ---
  const listeners = new Set<(event: LiveEvent) => void>();
  let socket: WebSocket | null = null;
  let retry: NodeJS.Timeout | null = null;
  let attempt = 0;
  let everOpen = false;
  let closed = false;
  const emit = (event: LiveEvent) => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch {
        // one window's trouble is its own
      }
    }
  };
  const connect = () => {
    retry = null;
    if (closed || listeners.size === 0) return;
    const ws = new WebSocket(liveSocketUrl(remote.server, opts.token));
    socket = ws;
    ws.on('open', () => {
      attempt = 0;
      if (everOpen) emit({ type: 'event-changed' });
      everOpen = true;
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        emit(JSON.parse(data.toString()) as LiveEvent);
      } catch {
        // not an event
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (socket !== ws) return;
      socket = null;
      if (!closed && listeners.size > 0) {
        retry = setTimeout(connect, (opts.reconnectMs ?? reconnectDefault)(attempt++));
        retry.unref?.();
      }
    });
  };

  // --- this laptop's reader, forwarded as the desk ---
  let reader: CardReader | null = null;
  let forwarder: Forwarder | null = null;
  if (opts.reader !== undefined && opts.reader !== 'none') {
    reader = openReader(opts.reader);
    forwarder = new Forwarder({ remote, desk: opts.desk, queueDir: join(opts.dataFolder, 'forward', opts.desk), log, ...opts.forwarder });
    const f = forwarder;
    reader.onStatus((s) => f.setReaderStatus(s));
    reader.onCard((card, readAt) => f.take(card, readAt));
    f.setReaderStatus(reader.status());
    f.start();
  }

  const close = async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    socket?.close();
    socket = null;
    await reader?.close();
    await forwarder?.stop();
  };

  return {
    server: remote.server,
    call,
    as: (ctx) => Object.fromEntries(opNames.map((name) => [name, (input: unknown) => call(name, input, ctx)])) as unknown as Api,
    async checkPin(pin, device) {
      await call('verifyPin', {}, { role: 'display', actor: 'app', device, ...(pin !== undefined ? { pin } : {}) });
    },
    subscribe(listener) {
      listeners.add(listener);
      if (socket === null && retry === null) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          if (retry) clearTimeout(retry);
          retry = null;
          const ws = socket;
          socket = null;
          ws?.close();
        }
      };
    },
    get forwarder() {
      return forwarder;
    },
    close,
    closeNow: () => void close(),
  };
}
