// The live hub over a real HTTP server: a display that stops reading is
// dropped; the others keep getting every event, in order.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
import { pino } from 'pino';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveHub, type LiveHub } from '../../src/server/live.js';

let http: Server | undefined;
let hub: LiveHub | undefined;
afterEach(async () => {
  hub?.close();
  if (http) await new Promise((r) => http!.close(r));
  http?.closeAllConnections();
});

describe('live hub', () => {
  it('drops a display that stops reading and keeps serving the others', async () => {
    hub = createLiveHub(pino({ enabled: false }), { maxBufferedBytes: 256 * 1024 });
    http = createServer();
    http.on('upgrade', (req, socket, head) => hub!.handleUpgrade(req, socket, head));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const port = (http.address() as { port: number }).port;

    // The stalled display: completes the handshake, then never reads again.
    const stalled = connect(port, '127.0.0.1');
    await once(stalled, 'connect');
    stalled.write(
      `GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await once(stalled, 'data');
    stalled.pause();

    const display = new WebSocket(`ws://127.0.0.1:${port}/api/live`);
    await once(display, 'open');
    let received = 0;
    let inOrder = true;
    const total = 4000;
    const allSeen = new Promise<void>((resolve) =>
      display.on('message', (data) => {
        const e = JSON.parse(String(data)) as { station: string };
        if (e.station !== String(received)) inOrder = false;
        received++;
        if (received === total) resolve();
      }),
    );
    expect(hub.clientCount).toBe(2);

    const pad = 'x'.repeat(4000);
    for (let i = 0; i < total; i++) {
      hub.broadcast({ type: 'queue-changed', station: String(i), pad } as never);
      // Yield now and then so sockets drain as they would between real events.
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await allSeen;
    // Dropped by the server, not by this test closing it.
    expect(hub.clientCount).toBe(1);
    stalled.destroy();
    expect(received).toBe(total);
    expect(inOrder).toBe(true);
    display.close();
  });
});
