// A network ESC/POS printer on 127.0.0.1 for tests and benches: collects the
// bytes of every job, answers DLE EOT status queries like a real printer (not
// inside raster image data, which a printer parses as pixels), and can run out
// of paper, have its cover opened, go offline, stay silent, drop connections,
// drop them right after answering the status query, or read its socket no
// faster than a serial printer at a given baud rate.
import net from 'node:net';

export type EmulatedCondition = 'ok' | 'paper-out' | 'cover-open' | 'offline' | 'silent';

export interface TcpPrinterEmulatorOptions {
  /** Take bytes no faster than a serial line at this rate (10 bits a byte); unlimited when omitted. */
  baud?: number;
}

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
  /** Drop only the next `n` connections, then behave again. */
  dropNext(n: number): void;
  /** Answer the paper query (DLE EOT 4, the last status question), then drop the connection before reading on. */
  dropAfterStatus(on: boolean): void;
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

/**
 * Finds DLE EOT n in a byte stream as a printer's parser would: split across
 * reads, and never inside the pixels of a GS v 0 raster image.
 */
export function dleEotScanner(onQuery: (n: number) => void): (d: Buffer) => void {
  let pending = Buffer.alloc(0);
  let skip = 0;
  return (d) => {
    const buf = pending.length > 0 ? Buffer.concat([pending, d]) : d;
    let i = 0;
    while (i < buf.length) {
      if (skip > 0) {
        const n = Math.min(skip, buf.length - i);
        skip -= n;
        i += n;
        continue;
      }
      const b = buf[i];
      if (b === 0x10) {
        if (i + 2 >= buf.length) break;
        if (buf[i + 1] === 0x04) {
          onQuery(buf[i + 2]!);
          i += 3;
          continue;
        }
      } else if (b === 0x1d) {
        if (i + 1 >= buf.length) break;
        if (buf[i + 1] === 0x76) {
          if (i + 7 >= buf.length) break;
          if (buf[i + 2] === 0x30) {
            skip = (buf[i + 4]! | (buf[i + 5]! << 8)) * (buf[i + 6]! | (buf[i + 7]! << 8));
            i += 8;
            continue;
          }
        }
      }
      i++;
    }
    pending = Buffer.from(buf.subarray(i));
  };
}

export async function startTcpPrinterEmulator(opts: TcpPrinterEmulatorOptions = {}): Promise<TcpPrinterEmulator> {
  let condition: EmulatedCondition = 'ok';
  let drop = false;
  let dropCount = 0;
  let dropAfter = false;
  let count = 0;
  const jobs: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const bytesPerMs = opts.baud === undefined ? Infinity : opts.baud / 10 / 1000;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (drop || dropCount > 0) {
      if (dropCount > 0) dropCount--;
      socket.destroy();
      return;
    }
    const index = jobs.push(Buffer.alloc(0)) - 1;
    const scan = dleEotScanner((n) => {
      if (socket.destroyed) return;
      const a = statusAnswer(condition, n);
      if (a !== undefined) socket.write(Uint8Array.of(a));
      if (n === 4 && dropAfter) socket.destroy();
    });
    const take = (d: Buffer) => {
      if (socket.destroyed) return;
      jobs[index] = Buffer.concat([jobs[index]!, d]);
      scan(d);
    };
    if (bytesPerMs === Infinity) {
      socket.on('data', take);
      socket.on('end', () => socket.end());
      return;
    }
    // A slow printer: read what the line rate allows, let TCP hold the rest back.
    const backlog: Buffer[] = [];
    let ended = false;
    let pump: NodeJS.Timeout | null = null;
    let since = 0;
    let budget = 0;
    const tick = () => {
      const now = performance.now();
      budget += (now - since) * bytesPerMs;
      since = now;
      while (backlog.length > 0 && budget >= 1) {
        const head = backlog[0]!;
        const n = Math.min(head.length, Math.floor(budget));
        take(head.subarray(0, n));
        budget -= n;
        if (n === head.length) backlog.shift();
        else backlog[0] = head.subarray(n);
      }
      if (backlog.length === 0) {
        if (pump) clearInterval(pump);
        pump = null;
        budget = 0;
        if (ended) socket.end();
        else socket.resume();
      }
    };
    socket.on('data', (d: Buffer) => {
      backlog.push(d);
      socket.pause();
      if (pump === null) {
        since = performance.now();
        pump = setInterval(tick, 5);
      }
    });
    socket.on('end', () => {
      ended = true;
      if (pump === null) socket.end();
    });
    socket.on('close', () => {
      if (pump) clearInterval(pump);
    });
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
    dropNext: (n) => {
      dropCount = n;
    },
    dropAfterStatus: (on) => {
      dropAfter = on;
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
