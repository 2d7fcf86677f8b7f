// A network ESC/POS printer on 127.0.0.1 for tests (printer and server tests alike):
// collects the bytes of every job, answers DLE EOT status queries like a real
// printer, and can run out of paper, have its cover opened, go offline, stay
// silent, or drop connections.
import net from 'node:net';

export type EmulatedCondition = 'ok' | 'paper-out' | 'cover-open' | 'offline' | 'silent';

export interface TcpPrinterEmulator {
  /** `tcp://127.0.0.1:<port>` */
  target: string;
  port: number;
  /** Every byte received, in order (status queries included). */
  received(): Buffer;
  /** The bytes of each connection, one Buffer per connection. */
  jobs(): Buffer[];
  /** The documents received (from ESC @ on, status queries left out): what would be printed. */
  printed(): Buffer;
  set(condition: EmulatedCondition): void;
  /** Accept, then close at once (a printer rebooting or a flaky network). */
  dropConnections(on: boolean): void;
  connections(): number;
  close(): Promise<void>;
}

/** DLE EOT answers (fixed bits 0x12) for each condition; see status.ts. */
export function statusAnswer(condition: EmulatedCondition, n: number): number | undefined {
  if (condition === 'silent') return undefined;
  const offline = condition !== 'ok';
  switch (n) {
    case 1:
      return 0x12 | (offline ? 0x08 : 0);
    case 2:
      return 0x12 | (condition === 'cover-open' ? 0x04 : 0) | (condition === 'paper-out' ? 0x20 : 0);
    case 3:
      return 0x12;
    case 4:
      return 0x12 | (condition === 'paper-out' ? 0x60 : 0);
    default:
      return undefined;
  }
}

/** A job starts at ESC @ (initialise); status queries come before it on the same connection. */
const document = (b: Buffer): Buffer => {
  const at = b.indexOf(Buffer.of(0x1b, 0x40));
  return at < 0 ? Buffer.alloc(0) : b.subarray(at);
};

export async function startTcpPrinterEmulator(): Promise<TcpPrinterEmulator> {
  let condition: EmulatedCondition = 'ok';
  let drop = false;
  let count = 0;
  const jobs: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (drop) {
      socket.destroy();
      return;
    }
    const index = jobs.push(Buffer.alloc(0)) - 1;
    let pending = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      jobs[index] = Buffer.concat([jobs[index]!, d]);
      // Answer DLE EOT n as it streams past, even split across reads.
      pending = Buffer.concat([pending, d]);
      let i = 0;
      for (; i < pending.length; i++) {
        if (pending[i] !== 0x10) continue;
        if (i + 2 >= pending.length) break;
        if (pending[i + 1] === 0x04) {
          const a = statusAnswer(condition, pending[i + 2]!);
          if (a !== undefined) socket.write(Uint8Array.of(a));
          i += 2;
        }
      }
      pending = pending.subarray(i);
    });
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    target: `tcp://127.0.0.1:${port}`,
    port,
    received: () => Buffer.concat(jobs),
    jobs: () => jobs.slice(),
    printed: () => Buffer.concat(jobs.map(document)),
    set: (c) => {
      condition = c;
    },
    dropConnections: (on) => {
      drop = on;
    },
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: bind one, note it, close it. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
