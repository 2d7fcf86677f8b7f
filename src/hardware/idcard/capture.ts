// What operators copy out of vendor tools, logs and SDK dumps → the card, and
// one line saying what was recognised and skipped (docs/reader-protocol.md §2):
//   - raw bytes, hex text (any whitespace, 0x, commas), base64 of the raw
//     bytes, or hex pairs among other words of a log line;
//   - a frame (either preamble) with stray bytes around it or an outer wrapper:
//     the frame is found by the same scanner the live parser uses (frame.ts),
//     and its own length and checksum decide;
//   - a header-stripped reply: the text and photo lengths first (`01 00 04 00`),
//     or SW1 SW2 SW3 first, possibly ending with the frame's checksum byte;
//   - a bare 256-byte text block, optionally followed by the 1024-byte photo.
// Pure: bytes in, card or AppError out.
import { AppError, badInput } from '../../shared/errors.js';
import type { IdCard } from './card.js';
import { cardOfRead, classifyReply, describeReply, readLayout, statusReplyError, type Reply } from './decode-reply.js';
import { checksum, scanFrame, type FoundFrame, type FrameScan } from './frame.js';
import { KNOWN_SW3, SW3, hexByte, isHealthyStatus } from './status.js';
import { TEXT_BLOCK_SIZE, decodeTextBlock } from './text-block.js';

export const PHOTO_SIZE = 1024;

export interface CaptureRead {
  card: IdCard;
  /** One line for stderr (without `note: `); null for one clean frame, which needs no comment. */
  note: string | null;
}

/** How the file's bytes were read. */
interface Interpretation {
  bytes: Uint8Array;
  encoding: string;
  /** The bytes are exactly what the file said (raw, or strict hex): a clean frame needs no note. */
  plain: boolean;
}

interface Recognised {
  card: IdCard;
  what: string;
  skipped: string[];
  clean: boolean;
}

/** Nothing in the bytes looks like a reader reply at all: the next interpretation may do better. */
const NOTHING = 'missing-preamble';
const nothingFound = () =>
  badInput(
    NOTHING,
    'not a reader frame: missing preamble AA AA AA 96 69 (or AA AA AA A5 5A), and not a header-stripped reply or a bare 256-byte text block either',
  );

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function strayNote(before: number, between: number, after: number): string | null {
  const parts: string[] = [];
  if (before > 0) parts.push(`${plural(before, 'stray byte')} before the frame`);
  if (between > 0) parts.push(`${plural(between, 'stray byte')} between frames`);
  if (after > 0) parts.push(`${before > 0 || between > 0 ? after : plural(after, 'stray byte')} after${before > 0 || between > 0 ? '' : ' it'}`);
  return parts.length > 0 ? parts.join(' and ') : null;
}

/** Frames found by the shared scanner; stray bytes counted; the card read among them decoded. */
function fromFrames(bytes: Uint8Array): Recognised | null {
  const frames: FoundFrame[] = [];
  const bad: Extract<FrameScan, { kind: 'bad' }>[] = [];
  let partial: Extract<FrameScan, { kind: 'partial' }> | undefined;
  for (let pos = 0; ; ) {
    const found = scanFrame(bytes, pos);
    if (found.kind === 'none') break;
    if (found.kind === 'frame') {
      frames.push(found);
      pos = found.end;
    } else {
      // a false start (a preamble inside stray bytes) must not hide a real frame after it
      if (found.kind === 'bad') bad.push(found);
      else partial ??= found;
      pos = found.start + 1;
    }
  }
  if (frames.length === 0) {
    if (bad[0]) throw badInput(bad[0].code === 'checksum-mismatch' ? 'checksum-mismatch' : 'length-mismatch', bad[0].reason);
    if (partial) {
      if (partial.need <= 7) throw badInput('truncated-frame', `truncated frame: ${partial.have} bytes, the header alone is 7`);
      throw badInput('truncated-frame', `truncated frame: the length field says ${partial.need - 7} bytes follow, found ${partial.have - 7}`);
    }
    return null;
  }
  const replies = frames.map((f) => ({ frame: f, reply: classifyReply(f.payload) }));
  const read = replies.find((r) => r.reply.kind === 'read' || r.reply.kind === 'bad-read');
  if (!read) {
    const answers = replies.filter((r) => r.reply.kind === 'status');
    // a fault says more than the "found" or "success" that came before it
    const chosen = answers.find((r) => !isHealthyStatus((r.reply as { sw3: number }).sw3)) ?? answers[answers.length - 1];
    if (chosen) throw statusReplyError((chosen.reply as { sw3: number }).sw3);
    throw badInput('no-reply', `the file holds only commands to the reader (${replies.map((r) => describeReply(r.reply)).join(', ')}), no reply`);
  }
  const reply = read.reply as Extract<Reply, { kind: 'read' | 'bad-read' }>;
  if (reply.kind === 'bad-read') throw badInput('truncated-frame', reply.reason);
  const card = cardOfRead(reply.layout, reply.data);
  const first = frames[0]!;
  const last = frames[frames.length - 1]!;
  let between = 0;
  for (let i = 1; i < frames.length; i++) between += frames[i]!.start - frames[i - 1]!.end;
  const skipped: string[] = [];
  const stray = strayNote(first.start, between, bytes.length - last.end);
  if (stray) skipped.push(stray);
  const others = replies.filter((r) => r !== read);
  if (others.length > 0) skipped.push(`${plural(others.length, 'other frame')} (${others.map((r) => describeReply(r.reply)).join(', ')})`);
  const variant = read.frame.variant === 'A55A' ? 'a reply frame with the AA AA AA A5 5A preamble' : 'a reply frame';
  return { card, what: variant, skipped, clean: frames.length === 1 && skipped.length === 0 && read.frame.variant === '9669' };
}

/** A read reply with its 7-byte header cut off: lengths first, or SW1 SW2 SW3 first; maybe the checksum byte after. */
function fromHeaderless(bytes: Uint8Array): Recognised | null {
  // only the preamble cut off: LEN, payload, checksum, and the checksum decides
  const len = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
  if (bytes.length >= 5 && len === bytes.length - 2) {
    const payload = bytes.subarray(2, bytes.length - 1);
    if (checksum(bytes[0] ?? 0, bytes[1] ?? 0, payload) === bytes[bytes.length - 1]) {
      const reply = classifyReply(payload);
      if (reply.kind === 'status') throw statusReplyError(reply.sw3);
      if (reply.kind === 'read') return { card: cardOfRead(reply.layout, reply.data), what: 'a reply frame without its preamble (length field first), checksum checks out', skipped: [], clean: false };
    }
  }
  const withStatus = bytes.length >= 3 && bytes[0] === 0 && bytes[1] === 0 && KNOWN_SW3.includes(bytes[2] ?? -1);
  if (withStatus && bytes[2] !== SW3.SUCCESS && bytes.length <= 16) throw statusReplyError(bytes[2] ?? 0);
  const body = withStatus && bytes[2] === SW3.SUCCESS ? bytes.subarray(3) : bytes;
  const start = withStatus ? 'status 00 00 90 first' : 'text and photo lengths first';
  for (const extra of [0, 1]) {
    const layout = readLayout(body, extra);
    if (!layout) continue;
    const data = body.subarray(0, body.length - extra);
    const card = cardOfRead(layout, data);
    if (extra === 0) return { card, what: `a header-stripped reply (${start}) without the checksum byte: nothing to verify`, skipped: [], clean: false };
    // the frame it came from: LEN counts 00 00 90, the data and the checksum itself
    const payload = Uint8Array.from([0, 0, SW3.SUCCESS, ...data]);
    const len = payload.length + 1;
    const expected = checksum(len >> 8, len & 0xff, payload);
    const found = body[body.length - 1] ?? 0;
    if (expected !== found) {
      throw badInput(
        'checksum-mismatch',
        `checksum mismatch: the byte after the header-stripped reply is ${hexByte(found)}, the frame's checksum would be ${hexByte(expected)}`,
      );
    }
    return { card, what: `a header-stripped reply (${start}) ending with the frame's checksum byte ${hexByte(found)}, which checks out`, skipped: [], clean: false };
  }
  return null;
}

/** 256 bytes of card text, or 256 + the 1024-byte photo, and nothing else. */
function fromBareBlock(bytes: Uint8Array): Recognised | null {
  if (bytes.length !== TEXT_BLOCK_SIZE && bytes.length !== TEXT_BLOCK_SIZE + PHOTO_SIZE) return null;
  const card = decodeTextBlock(bytes.subarray(0, TEXT_BLOCK_SIZE));
  const photo = bytes.length > TEXT_BLOCK_SIZE ? ' with the 1024-byte photo' : '';
  return { card, what: `a bare ${TEXT_BLOCK_SIZE}-byte text block${photo}, no frame: no checksum to verify`, skipped: [], clean: false };
}

function recognise(bytes: Uint8Array): Recognised {
  const found = fromFrames(bytes) ?? fromHeaderless(bytes) ?? fromBareBlock(bytes);
  if (!found) throw nothingFound();
  return found;
}

const isText = (content: Uint8Array) => content.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);

/** The readings of a file, most literal first: raw bytes, or hex, base64, hex pairs in a log line. */
function interpretations(content: Uint8Array): { list: Interpretation[]; hexError: AppError | null } {
  // a dump saved by Notepad starts with a UTF-8 byte order mark
  const body = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? content.subarray(3) : content;
  if (body.length === 0 || !isText(body)) return { list: [{ bytes: Uint8Array.from(content), encoding: 'raw bytes', plain: true }], hexError: null };
  const text = Buffer.from(body).toString('latin1');
  const list: Interpretation[] = [];
  let hexError: AppError | null = null;
  const digits = text.replace(/0x/gi, '').replace(/[\s,;:-]/g, '');
  if (digits.length > 0 && /^[0-9a-fA-F]+$/.test(digits)) {
    if (digits.length % 2 === 0) list.push({ bytes: Uint8Array.from(Buffer.from(digits, 'hex')), encoding: 'hex text', plain: true });
    else hexError = badInput('bad-hex', `hex text has an odd number of digits (${digits.length})`);
  }
  const b64 = text.replace(/\s/g, '');
  if (b64.length >= 8 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(b64) && (b64.includes('=') ? b64.length % 4 === 0 : b64.length % 4 !== 1)) {
    list.push({ bytes: Uint8Array.from(Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64')), encoding: 'base64 text', plain: false });
  }
  // `hexdump -C` prints the bytes as characters between bars at the end of each line
  const words = text
    .replace(/\|[^|\n]*\|[ \t]*$/gm, ' ')
    .split(/[\s,;]+/)
    .filter(Boolean);
  const pairs = words.filter((w) => /^(0x)?[0-9a-fA-F]{2}$/.test(w));
  if (pairs.length >= 8 && pairs.length < words.length) {
    list.push({
      bytes: Uint8Array.from(pairs.map((w) => parseInt(w.slice(-2), 16))),
      encoding: `hex pairs picked out of text (${plural(words.length - pairs.length, 'other word')} skipped)`,
      plain: false,
    });
  }
  // text that is none of these is still bytes: a frame cannot hide in it, but the error says so
  if (list.length === 0) list.push({ bytes: Uint8Array.from(content), encoding: 'raw bytes', plain: true });
  return { list, hexError };
}

/**
 * The card in a capture file, and one line saying what was recognised and
 * what was skipped. Throws an AppError (bad input) naming the problem.
 */
export function readCapture(content: Uint8Array): CaptureRead {
  const { list, hexError } = interpretations(content);
  let specific: AppError | null = null;
  for (const reading of list) {
    try {
      const r = recognise(reading.bytes);
      if (r.clean && reading.plain) return { card: r.card, note: null };
      const skipped = r.skipped.length > 0 ? `; skipped ${r.skipped.join('; ')}` : '';
      return { card: r.card, note: `${reading.encoding}: ${r.what}${skipped}` };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // the first reading that recognised something names the problem best
      if (e.code !== NOTHING) specific ??= e;
    }
  }
  throw specific ?? hexError ?? nothingFound();
}

/** The bytes of the first reading of a file (raw, or the hex it spells). */
export function captureBytes(content: Uint8Array): Uint8Array {
  return interpretations(content).list[0]?.bytes ?? Uint8Array.from(content);
}

/** One reply frame (raw bytes) → the card, as `idcard decode` reads it. */
export const decodeReplyFrame = (bytes: Uint8Array): IdCard => readCapture(bytes).card;
