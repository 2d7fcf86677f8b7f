// Where the ticket bytes go: tcp://host:port, serial:/dev/…?baud=…, file:/path.
// Every step has a timeout: an unreachable printer is an error in plain words
// (Chinese first, then English) within a few seconds, never a hang.
//
// Two-way links (tcp, serial) open a connection per job: a printer switched off
// and on, or a cable re-plugged, just works on the next ticket. Before a ticket
// is sent the printer is asked for its status on the same connection, so a
// printer out of paper, with its cover open or not answering is reported as
// "not printed" instead of silently swallowing the ticket (and printing it
// again later, after the volunteer has reprinted it). After the ticket the
// printer is asked once more: its answer comes only once it has read every
// byte before the question, so a printer that answers the first status query
// and then drops the connection is "not printed", never "printed".
import { access, open as openFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname } from 'node:path';
import net from 'node:net';
import { loadSerialPort } from '../serialport.js';
import type { PrinterStatus } from '../printer.js';
import { DLE_EOT, describeStatus, isStatusByte } from './status.js';

export interface PrinterLink {
  readonly target: string;
  /** Hands the bytes to the printer; rejects with plain words when they did not get there. */
  send(bytes: Uint8Array): Promise<void>;
  status(): Promise<PrinterStatus>;
}

export const CONNECT_TIMEOUT_MS = 3000;
export const WRITE_TIMEOUT_MS = 4000;
export const STATUS_TIMEOUT_MS = 1000;

/**
 * How long a serial write may take: the wire itself is slow (10 bits a byte; a
 * 5 KB ticket with its QR raster takes 5.3 s at 9600 baud), so the fixed write
 * timeout would fail every ticket at low baud rates while the bytes still print.
 */
export const serialSendMs = (bytes: number, baudRate: number) => WRITE_TIMEOUT_MS + Math.ceil(((bytes * 10) / baudRate) * 1000 * 1.25);

/**
 * How long to wait for the printer to confirm it read the whole ticket. A network
 * printer may sit behind a slow link of its own (a serial print server, a printer
 * that reads its socket at 9600 baud): allow the ticket's time at 9600 baud.
 */
export const receiptMs = (bytes: number, baudRate = 9600) => serialSendMs(bytes, Math.min(baudRate, 9600));

const reason = (e: NodeJS.ErrnoException) =>
  ({
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the printer',
    EPIPE: 'connection closed by the printer',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found',
    ETIMEDOUT: 'timed out',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: 'no such file or device',
    EISDIR: 'is a directory',
    EBUSY: 'device busy',
  })[e.code ?? ''] ?? e.message;

/** serialport's errors carry no code, only the OS message: "Error: No such file or directory, cannot open …". */
const serialReason = (e: Error) => {
  const m = e.message;
  if (/no such file/i.test(m)) return 'no such file or device';
  if (/permission denied|access denied/i.test(m)) return 'permission denied';
  if (/busy|resource temporarily unavailable|cannot lock/i.test(m)) return 'port busy (another program has it open)';
  return m.replace(/^Error: /, '');
};

const unreachable = (target: string, detail: string) => new Error(`打印机无法连接 (${target}: ${detail})`);
const interrupted = (target: string, detail: string) => new Error(`打印中断 (${target}: ${detail})`);

/** One connection to a two-way printer: bytes out, answer bytes in. */
interface Session {
  write(bytes: Uint8Array): Promise<void>;
  /** The next DLE EOT answer, or undefined when none came within `timeoutMs` (default STATUS_TIMEOUT_MS). */
  answer(timeoutMs?: number): Promise<number | undefined>;
  /** Forgets answers already received (stray ones cannot confirm what comes next). */
  forgetAnswers(): void;
  /** Closes our side; rejects when the printer closed or reset the connection first (it may not have read everything). */
  end(): Promise<void>;
  destroy(): void;
}

/** Something answered, but not in DLE EOT bytes: a web server, a telnet port, a wrong baud rate. */
class NotAPrinter extends Error {}

/** A DLE EOT answer is one byte a query; past a stray byte or two, the far end is not an ESC/POS printer. */
const MAX_STRAY_BYTES = 2;

function replyQueue(target: string) {
  const bytes: number[] = [];
  const stray: number[] = [];
  let gone: Error | undefined;
  let wake: (() => void) | undefined;
  return {
    push(d: Uint8Array) {
      for (const b of d) bytes.push(b);
      wake?.();
    },
    fail(e: Error) {
      gone ??= e;
      wake?.();
    },
    get error() {
      return gone;
    },
    clear() {
      bytes.length = 0;
    },
    async next(timeoutMs = STATUS_TIMEOUT_MS): Promise<number | undefined> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        // Skip stray bytes (e.g. the GS r answer of the previous ticket).
        while (bytes.length > 0) {
          const b = bytes.shift()!;
          if (isStatusByte(b)) return b;
          stray.push(b);
          if (stray.length > MAX_STRAY_BYTES) {
            const seen = Buffer.from(stray.concat(bytes.splice(0, 24))).toString('latin1').replace(/[^\x20-\x7e]+/g, ' ').trim();
            throw new NotAPrinter(`这个地址不像打印机：请检查地址、端口或波特率 (${target}: answered "${seen}", not ESC/POS status)`);
          }
        }
        if (gone) throw gone;
        const left = end - Date.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    },
  };
}

/** Asks DLE EOT 1, 2, 3, 4 in turn. */
async function queryStatus(target: string, s: Session): Promise<PrinterStatus> {
  const ask = async (q: Uint8Array) => {
    await s.write(q);
    return s.answer();
  };
  const printer = await ask(DLE_EOT.printer);
  if (printer === undefined) return { state: 'offline', target, message: `打印机无应答：请检查电源和连线 (${target}: no answer to the status query)` };
  const offlineCause = printer & 0x08 ? await ask(DLE_EOT.offlineCause) : undefined;
  const errorCause = offlineCause !== undefined && offlineCause & 0x40 ? await ask(DLE_EOT.errorCause) : undefined;
  const paper = await ask(DLE_EOT.paperSensor);
  return { ...describeStatus({ printer, offlineCause, errorCause, paper }), target };
}

export interface LinkOptions {
  /**
   * false (`?status=off` in the target): never ask DLE EOT. For printers that cannot
   * answer: a serial cable wired one way only, a print server that does not pass
   * replies back. Tickets are sent blind and status only says whether the link opens.
   */
  status?: boolean;
}

/** The status of a printer that is never asked: the link opened, that is all we know. */
const blindStatus = (target: string): PrinterStatus => ({
  state: 'ok',
  target,
  message: `已连接，未查询打印机状态 (${target}: connected; status queries are off)`,
});

/**
 * Asks DLE EOT 1 after the ticket and waits for the answer. TCP and a serial line
 * keep bytes in order, so the answer proves the printer read every byte of the
 * ticket; a connection that drops first rejects (the ticket is "not printed").
 */
async function confirmReceipt(target: string, s: Session, bytes: number, baudRate: number | undefined): Promise<void> {
  s.forgetAnswers();
  await s.write(DLE_EOT.printer);
  const ms = receiptMs(bytes, baudRate);
  if ((await s.answer(ms)) === undefined) {
    throw interrupted(target, `the printer did not confirm it took the ticket within ${Math.ceil(ms / 1000)} s`);
  }
}

/** Status first, then the ticket, then the printer's receipt, on one connection. */
function twoWayLink(target: string, connect: () => Promise<Session>, opts: LinkOptions & { baudRate?: number } = {}): PrinterLink {
  const ask = opts.status !== false;
  return {
    target,
    async send(bytes) {
      const s = await connect();
      try {
        if (ask) {
          const st = await queryStatus(target, s);
          if (st.state !== 'ok') throw new Error(st.message);
          await s.write(bytes);
          await confirmReceipt(target, s, bytes.length, opts.baudRate);
          // Received and confirmed: how the connection closes no longer matters.
          await s.end().catch(() => {});
        } else {
          // Blind: the only sign left is that the printer did not close or reset first.
          await s.write(bytes);
          await s.end();
        }
      } finally {
        s.destroy();
      }
    },
    async status() {
      let s: Session;
      try {
        s = await connect();
      } catch (e) {
        return { state: 'offline', target, message: (e as Error).message };
      }
      try {
        return ask ? await queryStatus(target, s) : blindStatus(target);
      } catch (e) {
        return { state: e instanceof NotAPrinter ? 'error' : 'offline', target, message: (e as Error).message };
      } finally {
        s.destroy();
      }
    },
  };
}

const timed = <T>(target: string, ms: number, what: string, run: (done: (e?: Error | null, v?: T) => void) => void, onTimeout?: () => void) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(interrupted(target, `${what} timed out after ${ms / 1000} s`));
    }, ms);
    run((e, v) => {
      clearTimeout(timer);
      if (e) reject(e);
      else resolve(v as T);
    });
  });

export function tcpLink(host: string, port: number, opts: LinkOptions = {}): PrinterLink {
  const target = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}${opts.status === false ? '?status=off' : ''}`;
  const connect = () =>
    new Promise<Session>((resolve, reject) => {
      const socket = net.connect({ host, port });
      const replies = replyQueue(target);
      // The printer closing its side before we closed ours: it stopped reading.
      let peerEnded = false;
      socket.on('data', (d: Buffer) => replies.push(d));
      socket.on('end', () => {
        peerEnded = true;
      });
      socket.on('close', () => replies.fail(interrupted(target, 'connection closed by the printer')));
      const timer = setTimeout(() => {
        socket.destroy();
        reject(unreachable(target, `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
      }, CONNECT_TIMEOUT_MS);
      socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(unreachable(target, reason(e)));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.on('error', (e: NodeJS.ErrnoException) => replies.fail(interrupted(target, reason(e))));
        const guard = () => replies.error;
        resolve({
          write: (bytes) =>
            timed<void>(target, WRITE_TIMEOUT_MS, 'sending', (done) => {
              const e = guard();
              if (e) return done(e);
              socket.write(bytes, (err) => done(err ? (guard() ?? interrupted(target, reason(err)))  : null));
            }, () => socket.destroy()),
          answer: (ms) => replies.next(ms),
          forgetAnswers: () => replies.clear(),
          // Half-close and wait for the printer to close its side: it has read everything.
          end: () =>
            timed<void>(target, WRITE_TIMEOUT_MS, 'sending', (done) => {
              const e = guard();
              if (e) return done(e);
              if (peerEnded) return done(interrupted(target, 'the printer closed the connection before it took the ticket'));
              socket.once('close', (hadError: boolean) => done(hadError ? (guard() ?? interrupted(target, 'connection reset by the printer')) : null));
              socket.end();
            }, () => socket.destroy()).catch((e: Error) => {
              // The peer not closing its side is not a failed ticket: the bytes left this machine.
              if (!/timed out/.test(e.message)) throw e;
            }),
          destroy: () => socket.destroy(),
        });
      });
    });
  return twoWayLink(target, connect, opts);
}

export function serialLink(path: string, baudRate: number, opts: LinkOptions = {}): PrinterLink {
  const target = `serial:${path}?baud=${baudRate}${opts.status === false ? '&status=off' : ''}`;
  const connect = async () => {
    const SerialPort = await loadSerialPort().catch((e: Error) => {
      throw unreachable(target, e.message);
    });
    return timed<Session>(target, CONNECT_TIMEOUT_MS, 'opening the port', (done) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      const replies = replyQueue(target);
      port.on('data', (d: Buffer) => replies.push(d));
      port.on('error', (e: Error) => replies.fail(interrupted(target, e.message)));
      port.on('close', () => replies.fail(interrupted(target, 'port closed')));
      port.open((e) => {
        if (e) return done(unreachable(target, serialReason(e)));
        done(null, {
          write: (bytes) =>
            timed<void>(target, serialSendMs(bytes.length, baudRate), 'sending', (finish) => {
              if (replies.error) return finish(replies.error);
              port.write(Buffer.from(bytes), (err) => {
                if (err) return finish(interrupted(target, err.message));
                port.drain((err2) => finish(err2 ? interrupted(target, err2.message) : null));
              });
            }),
          answer: (ms) => replies.next(ms),
          forgetAnswers: () => replies.clear(),
          end: async () => {},
          destroy: () => {
            if (port.isOpen) port.close(() => {});
          },
        });
      });
    });
  };
  return twoWayLink(target, connect, { ...opts, baudRate });
}

/** Raw bytes appended to a file or a device node such as /dev/usb/lp0 (one-way: status is "writable"). */
export function fileLink(path: string): PrinterLink {
  const target = `file:${path}`;
  return {
    target,
    async send(bytes) {
      // A device node whose printer is off can block a write forever: give up in time
      // (the write thread is left to finish on its own).
      await timed<void>(target, WRITE_TIMEOUT_MS, 'writing', (done) => {
        void (async () => {
          const fh = await openFile(path, 'a', 0o600);
          try {
            await fh.write(bytes);
          } finally {
            await fh.close();
          }
        })().then(
          () => done(null),
          (e: NodeJS.ErrnoException) => done(new Error(`打印机无法写入 (${target}: ${reason(e)})`)),
        );
      });
    },
    async status() {
      try {
        await access(path, constants.W_OK).catch(async (e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
          await access(dirname(path), constants.W_OK);
        });
        return { state: 'ok', target, message: `可以写入 (${target}: writable)` };
      } catch (e) {
        return { state: 'error', target, message: `打印机无法写入 (${target}: ${reason(e as NodeJS.ErrnoException)})` };
      }
    },
  };
}
