// SAM frames (GA 467): AA AA AA 96 69 | LEN_HI LEN_LO | payload | CHK.
// LEN counts every byte after itself, checksum included; CHK is the XOR of the
// two length bytes and the payload. Pure: no timers, no ports.

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
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

export type ParserEvent = { type: 'frame'; payload: Uint8Array } | { type: 'error'; reason: string };

function indexOfPreamble(buf: Uint8Array, from: number): number {
  outer: for (let i = from; i + PREAMBLE.length <= buf.length; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

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
      const start = indexOfPreamble(this.buf, pos);
      if (start < 0) {
        // keep a tail that may be the beginning of a preamble split across reads
        pos = Math.max(pos, this.buf.length - (PREAMBLE.length - 1));
        break;
      }
      if (this.buf.length < start + HEADER) {
        pos = start;
        break;
      }
      const len = ((this.buf[start + 5] ?? 0) << 8) | (this.buf[start + 6] ?? 0);
      if (len < 2 || len > MAX_LEN) {
        events.push({ type: 'error', reason: `length field ${len} is out of range` });
        pos = start + 1;
        continue;
      }
      const end = start + HEADER + len;
      if (this.buf.length < end) {
        pos = start;
        break;
      }
      const payload = this.buf.slice(start + HEADER, end - 1);
      const chk = this.buf[end - 1] ?? 0;
      if (checksum(this.buf[start + 5] ?? 0, this.buf[start + 6] ?? 0, payload) !== chk) {
        events.push({ type: 'error', reason: 'checksum mismatch' });
        pos = start + 1;
        continue;
      }
      events.push({ type: 'frame', payload });
      pos = end;
    }
    this.buf = this.buf.slice(Math.max(0, pos));
    return events;
  }

  /** Forgets a half-received frame (after a timeout, or when the port reopens). */
  reset(): void {
    this.buf = new Uint8Array(0);
  }
}
