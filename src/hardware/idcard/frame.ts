// SAM frames (GA 467): AA AA AA 96 69 | LEN_HI LEN_LO | payload | CHK.
// LEN counts every byte after itself, checksum included; CHK is the XOR of the
// two length bytes and the payload. Pure: no timers, no ports. The preamble
// may also be AA AA AA A5 5A (a variant some readers and SDK logs use).

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Some readers and SDK logs use `AA AA AA A5 5A`; the rest of the frame is the same. */
export const PREAMBLE_A55A = Uint8Array.of(0xaa, 0xaa, 0xaa, 0xa5, 0x5a);
export type PreambleVariant = '9669' | 'A55A';
const HEADER = PREAMBLE.length + 2;
/** The longest reply a reader sends (text + photo + fingerprint) is about 2.3 kB. */
export const MAX_LEN = 8192;

export function checksum(lenHi: number, lenLo: number, payload: Uint8Array): number {
  let x = lenHi ^ lenLo;
  for (const b of payload) x ^= b;
  return x;
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  const len = payload.length + 1;
  const out = new Uint8Array(HEADER + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(payload, HEADER);
  out[HEADER + payload.length] = checksum(len >> 8, len & 0xff, payload);
  return out;
}

export const COMMANDS = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  readSamId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
  readExtraAddress: [0x30, 0x03],
  readTextWithFingerprint: [0x30, 0x10],
} as const;
export type CommandName = keyof typeof COMMANDS;

export const encodeCommand = (name: CommandName): Uint8Array => encodeFrame(Uint8Array.from(COMMANDS[name]));

/** One frame found in a buffer. `variant` names the preamble it began with. */
export interface FoundFrame {
  start: number;
  end: number;
  payload: Uint8Array;
  variant: PreambleVariant;
}

export type FrameScan =
  | ({ kind: 'frame' } & FoundFrame)
  /** A preamble whose frame does not check out; scanning goes on one byte past it. */
  | { kind: 'bad'; start: number; code: 'length-out-of-range' | 'checksum-mismatch'; reason: string }
  /** A preamble whose frame runs past the end of the buffer (more bytes may come). */
  | { kind: 'partial'; start: number; need: number; have: number }
  | { kind: 'none' };

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** Where the next preamble (either variant) starts at or after `from`, or -1. */
export function indexOfPreamble(buf: Uint8Array, from: number): number {
  for (let i = Math.max(0, from); i + PREAMBLE.length <= buf.length; i++) {
    if (buf[i] !== 0xaa || buf[i + 1] !== 0xaa || buf[i + 2] !== 0xaa) continue;
    const a = buf[i + 3];
    const b = buf[i + 4];
    if ((a === 0x96 && b === 0x69) || (a === 0xa5 && b === 0x5a)) return i;
  }
  return -1;
}

/**
 * The one scanner behind the live stream parser and `idcard decode`: the next
 * frame at or after `from`, trusted only when its length and checksum check out.
 */
export function scanFrame(buf: Uint8Array, from: number): FrameScan {
  const start = indexOfPreamble(buf, from);
  if (start < 0) return { kind: 'none' };
  if (buf.length < start + HEADER) return { kind: 'partial', start, need: HEADER, have: buf.length - start };
  const len = ((buf[start + 5] ?? 0) << 8) | (buf[start + 6] ?? 0);
  if (len < 2 || len > MAX_LEN) {
    return { kind: 'bad', start, code: 'length-out-of-range', reason: `length field ${len} is out of range (2 to ${MAX_LEN})` };
  }
  const end = start + HEADER + len;
  if (buf.length < end) return { kind: 'partial', start, need: HEADER + len, have: buf.length - start };
  const payload = buf.slice(start + HEADER, end - 1);
  const expected = checksum(buf[start + 5] ?? 0, buf[start + 6] ?? 0, payload);
  const found = buf[end - 1] ?? 0;
  if (expected !== found) {
    return { kind: 'bad', start, code: 'checksum-mismatch', reason: `checksum mismatch: computed ${hex(expected)}, frame says ${hex(found)}` };
  }
  return { kind: 'frame', start, end, payload, variant: buf[start + 3] === 0xa5 ? 'A55A' : '9669' };
}

export type ParserEvent = { type: 'frame'; payload: Uint8Array; variant: PreambleVariant } | { type: 'error'; reason: string };

/**
 * Streaming frame parser: bytes in any fragmentation, garbage skipped, a frame
 * trusted only after its length and checksum check out. A bad frame is reported
 * and parsing resumes one byte past its preamble, so a real frame hidden behind
 * a false start is still found.
 */
export class FrameParser {
  private buf = new Uint8Array(0);

  push(chunk: Uint8Array): ParserEvent[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    const events: ParserEvent[] = [];
    let pos = 0;
    for (;;) {
      const found = scanFrame(this.buf, pos);
      if (found.kind === 'none') {
        // keep a tail that may be the beginning of a preamble split across reads
        pos = Math.max(pos, this.buf.length - (PREAMBLE.length - 1));
        break;
      }
      if (found.kind === 'partial') {
        pos = found.start;
        break;
      }
      if (found.kind === 'bad') {
        events.push({ type: 'error', reason: found.reason });
        pos = found.start + 1;
        continue;
      }
      events.push({ type: 'frame', payload: found.payload, variant: found.variant });
      pos = found.end;
    }
    this.buf = this.buf.slice(Math.max(0, pos));
    return events;
  }

  /** Forgets a half-received frame (after a timeout, or when the port reopens). */
  reset(): void {
    this.buf = new Uint8Array(0);
  }
}
