// /api/live: every LiveEvent pushed as one JSON text frame to each connected
// display, caller and desk. A slow or dead client is dropped, never waited for.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { LiveEvent } from '../shared/types.js';

/** A display that has this much unsent data is not keeping up: drop it, it reconnects. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface LiveHub {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(event: LiveEvent): void;
  readonly clientCount: number;
  /** Says goodbye (1001) to every screen, cuts those that do not answer within `graceMs`; resolves when all are gone. */
  close(graceMs?: number): Promise<void>;
}

export function createLiveHub(logger: Logger, opts: { pingIntervalMs?: number; maxBufferedBytes?: number } = {}): LiveHub {
  const pingIntervalMs = opts.pingIntervalMs ?? 15_000;
  const maxBuffered = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  // Clients only listen; anything they send is tiny or ignored.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, clientTracking: true });
  const alive = new WeakMap<WebSocket, boolean>();

  wss.on('connection', (ws, req) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', () => {
      // Nothing to receive: the HTTP routes carry every command.
    });
    ws.on('error', (err) => logger.warn({ err: err.message }, 'live client error'));
    logger.info({ remote: req.socket.remoteAddress, clients: wss.clients.size }, 'live client connected');
  });

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, pingIntervalMs);
  pinger.unref();

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    broadcast(event) {
      const text = JSON.stringify(event);
      for (const ws of wss.clients) {
        if (ws.readyState !== ws.OPEN) continue;
        if (ws.bufferedAmount > maxBuffered) {
          logger.warn({ buffered: ws.bufferedAmount }, 'live client too slow, dropped');
          ws.terminate();
          continue;
        }
        ws.send(text);
      }
    },
    get clientCount() {
      return wss.clients.size;
    },
    async close(graceMs = 250) {
      clearInterval(pinger);
      const gone = [...wss.clients].map((ws) => (ws.readyState === ws.CLOSED ? Promise.resolve() : new Promise<void>((r) => ws.once('close', () => r()))));
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      // Clients that do not answer the close handshake promptly (a sleeping TV) are cut.
      const cut = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, graceMs);
      await Promise.all(gone);
      clearTimeout(cut);
      wss.close();
    },
  };
}
