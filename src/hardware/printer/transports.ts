// Where the ticket bytes go: tcp://host:port, serial:/dev/…?baud=…, file:/path.
// Every step has a timeout: an unreachable printer is an error in plain words
// within a few seconds, never a hang.
import { appendFile, access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname } from 'node:path';
import net from 'node:net';
import { SerialPort } from 'serialport';
import type { PrinterStatus } from '../printer.js';
import { DLE_EOT, STATE_MESSAGE, decodeStatus } from './status.js';

export interface PrinterLink {
  readonly target: string;
  send(bytes: Uint8Array): Promise<void>;
  status(): Promise<PrinterStatus>;
}

const CONNECT_TIMEOUT_MS = 3000;
const WRITE_TIMEOUT_MS = 5000;
const STATUS_TIMEOUT_MS = 1500;

const status = (target: string, state: PrinterStatus['state'], detail?: string): PrinterStatus => ({
  state,
  target,
  message: detail ? `${STATE_MESSAGE[state]} (${detail})` : STATE_MESSAGE[state],
});

const reason = (e: NodeJS.ErrnoException) =>
  ({ ECONNREFUSED: '拒绝连接 (connection refused)', EHOSTUNREACH: '主机不可达 (host unreachable)', ENOTFOUND: '找不到主机 (host not found)', ETIMEDOUT: '连接超时 (timed out)', EACCES: '没有权限 (permission denied)', ENOENT: '设备不存在 (no such device)' })[e.code ?? ''] ?? e.message;

/** Asks DLE EOT 1, 2, 4 in turn over a two-way link; `ask` resolves with one byte or undefined on timeout. */
async function queryStatus(target: string, ask: (q: Uint8Array) => Promise<number | undefined>): Promise<PrinterStatus> {
  const printer = await ask(DLE_EOT.printer);
  if (printer === undefined) return status(target, 'offline', '无应答 (no answer to DLE EOT)');
  const cause = printer & 0x08 ? await ask(DLE_EOT.offlineCause) : undefined;
  const paper = await ask(DLE_EOT.paperSensor);
  return status(target, decodeStatus(printer, cause, paper));
}

/** A one-byte-at-a-time reader over a stream of answers. */
function byteAsker(write: (b: Uint8Array) => void, onData: (cb: (d: Buffer) => void) => void) {
  const pending: number[] = [];
  let waiter: ((b: number | undefined) => void) | undefined;
  onData((d) => {
    for (const b of d) {
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w(b);
      } else pending.push(b);
    }
  });
  return (q: Uint8Array) =>
    new Promise<number | undefined>((resolve) => {
      pending.length = 0;
      waiter = resolve;
      write(q);
      setTimeout(() => {
        if (waiter === resolve) {
          waiter = undefined;
          resolve(undefined);
        }
      }, STATUS_TIMEOUT_MS);
    });
}

export function tcpLink(host: string, port: number): PrinterLink {
  const target = `tcp://${host}:${port}`;
  const connect = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`打印机无法连接：${target} 连接超时 (timed out after ${CONNECT_TIMEOUT_MS / 1000} s)`));
      }, CONNECT_TIMEOUT_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`打印机无法连接：${target} ${reason(e)}`, { cause: e }));
      });
    });
  return {
    target,
    async send(bytes) {
      const socket = await connect();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`打印机无响应：${target} 发送超时 (write timed out)`));
        }, WRITE_TIMEOUT_MS);
        socket.once('error', (e) => {
          clearTimeout(timer);
          reject(new Error(`打印中断：${target} ${reason(e)}`, { cause: e }));
        });
        socket.end(Buffer.from(bytes), () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async status() {
      let socket: net.Socket;
      try {
        socket = await connect();
      } catch (e) {
        return status(target, 'offline', (e as Error).message.replace(/^打印机无法连接：/, ''));
      }
      socket.on('error', () => {});
      try {
        return await queryStatus(target, byteAsker((q) => socket.write(q), (cb) => socket.on('data', cb)));
      } finally {
        socket.destroy();
      }
    },
  };
}

export function serialLink(path: string, baudRate: number): PrinterLink {
  const target = `serial:${path}?baud=${baudRate}`;
  const open = () =>
    new Promise<SerialPort>((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      port.open((e) => (e ? reject(new Error(`打印机无法连接：${target} ${reason(e as NodeJS.ErrnoException)}`, { cause: e })) : resolve(port)));
    });
  const close = (port: SerialPort) => new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r()));
  return {
    target,
    async send(bytes) {
      const port = await open();
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`打印机无响应：${target} 发送超时 (write timed out)`)), WRITE_TIMEOUT_MS);
          port.write(Buffer.from(bytes), (e) => {
            if (e) {
              clearTimeout(timer);
              return reject(new Error(`打印中断：${target} ${e.message}`, { cause: e }));
            }
            port.drain(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        });
      } finally {
        await close(port);
      }
    },
    async status() {
      let port: SerialPort;
      try {
        port = await open();
      } catch (e) {
        return status(target, 'offline', (e as Error).message.replace(/^打印机无法连接：/, ''));
      }
      try {
        return await queryStatus(target, byteAsker((q) => port.write(Buffer.from(q)), (cb) => port.on('data', cb)));
      } finally {
        await close(port);
      }
    },
  };
}

/** Raw bytes appended to a file or a device node such as /dev/usb/lp0 (one-way: status is "writable"). */
export function fileLink(path: string): PrinterLink {
  const target = `file:${path}`;
  return {
    target,
    async send(bytes) {
      try {
        await appendFile(path, bytes);
      } catch (e) {
        throw new Error(`打印机无法写入：${target} ${reason(e as NodeJS.ErrnoException)}`, { cause: e });
      }
    },
    async status() {
      try {
        await access(path, constants.W_OK).catch(async (e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
          await access(dirname(path), constants.W_OK);
        });
        return status(target, 'ok');
      } catch (e) {
        return status(target, 'error', reason(e as NodeJS.ErrnoException));
      }
    },
  };
}
