// How the poller talks to a SAM, whatever carries the commands: SAM frames on
// a byte link (serial, HID, emulator pipes) or a vendor SDTAPI library (sdtapi.ts).
import { FrameParser, encodeCommand, type CommandName } from './frame.js';
import { SW3 } from './status.js';
import type { ReaderTransport } from './transport.js';

export interface SamLink {
  /** For status messages: `serial:/dev/ttyUSB0?baud=115200`, `sdtapi:/opt/x/libsdtapi.so?port=1001`. */
  readonly target: string;
  /** Resolves once commands can be sent; rejects in plain words when the reader is not there. */
  open(): Promise<void>;
  /**
   * One command, one at a time: the reply payload (SW1 SW2 SW3 data), or null
   * when no reply came within `timeoutMs` or the link is gone.
   */
  send(command: CommandName, timeoutMs: number): Promise<Uint8Array | null>;
  /** A card read that arrived after its command timed out: the reader says "already read" from then on. */
  onLateRead(listener: (payload: Uint8Array) => void): void;
  /** The link went away (unplugged, port closed, library failed). */
  onGone(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

/** A successful "read text" reply: status 90, the two lengths and at least a text block. */
export const isReadReply = (p: Uint8Array): boolean => p.length >= 3 + 4 + 256 && p[2] === SW3.SUCCESS;

/** SAM frames over a byte transport: fragments reassembled, garbage skipped, one command in flight. */
export function frameLink(t: ReaderTransport): SamLink {
  const parser = new FrameParser();
  const lateReads: ((p: Uint8Array) => void)[] = [];
  const goneListeners: ((e: Error) => void)[] = [];
  let waiting: ((payload: Uint8Array | null) => void) | undefined;
  let waitingFor: CommandName | undefined;
  let gone: Error | undefined;
  t.onData((bytes) => {
    // bad frames are dropped by the parser; only a whole, checked frame answers the command in flight
    for (const e of parser.push(bytes)) {
      if (e.type !== 'frame') continue;
      if (isReadReply(e.payload) && (!waiting || waitingFor !== 'readText')) {
        lateReads.forEach((l) => l(e.payload));
        continue;
      }
      if (!waiting) continue;
      const w = waiting;
      waiting = undefined;
      w(e.payload);
    }
  });
  t.onClose((e) => {
    if (gone) return;
    gone = e ?? new Error('port closed');
    waiting?.(null);
    goneListeners.forEach((l) => l(gone!));
  });
  return {
    target: t.target,
    open: () => t.open(),
    send(name, timeoutMs) {
      if (gone) return Promise.resolve(null);
      waitingFor = name;
      return new Promise<Uint8Array | null>((resolve) => {
        const timer = setTimeout(() => {
          if (waiting !== settle) return;
          waiting = undefined;
          parser.reset(); // a half frame after a timeout belongs to nobody
          resolve(null);
        }, timeoutMs);
        function settle(payload: Uint8Array | null) {
          clearTimeout(timer);
          resolve(payload);
        }
        waiting = settle;
        t.write(encodeCommand(name)).catch((e: Error) => {
          if (!gone) {
            gone = e;
            goneListeners.forEach((l) => l(e));
          }
          if (waiting === settle) {
            waiting = undefined;
            settle(null);
          }
        });
      });
    },
    onLateRead: (l) => void lateReads.push(l),
    onGone: (l) => void goneListeners.push(l),
    close: () => t.close(),
  };
}
