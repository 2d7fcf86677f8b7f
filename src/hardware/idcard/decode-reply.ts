// A reply payload (SW1 SW2 SW3 data) → what it is: a card read, a status-only
// reply, or a command. Shared by the live poller and `idcard decode`.
import { badInput } from '../../shared/errors.js';
import type { IdCard } from './card.js';
import { SW3, hexByte, statusMeaning } from './status.js';
import { TEXT_BLOCK_SIZE, decodeTextBlock } from './text-block.js';

/** How the data of a text read is laid out: lengths first, then text, photo, fingerprint. */
export interface ReadLayout {
  /** Bytes of lengths before the text: 4 (text + photo) or 6 (+ fingerprint). */
  offset: number;
  textLen: number;
  photoLen: number;
  fingerprintLen: number;
}

const be16 = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

/**
 * The lengths at the start of `data` when they account for exactly `data.length - extra`
 * bytes: "read text + photo" has two lengths, "+ fingerprint" (30 10) a third.
 */
export function readLayout(data: Uint8Array, extra = 0): ReadLayout | null {
  const size = data.length - extra;
  if (size < 4) return null;
  const textLen = be16(data, 0);
  const photoLen = be16(data, 2);
  if (textLen > 0 && 4 + textLen + photoLen === size) return { offset: 4, textLen, photoLen, fingerprintLen: 0 };
  if (size >= 6) {
    const fingerprintLen = be16(data, 4);
    if (textLen > 0 && 6 + textLen + photoLen + fingerprintLen === size) return { offset: 6, textLen, photoLen, fingerprintLen };
  }
  return null;
}

export type Reply =
  | { kind: 'command'; cmd: number; para: number }
  | { kind: 'read'; sw3: number; layout: ReadLayout; data: Uint8Array }
  /** Status 90 with data too long for a select or SAM reply, whose lengths do not add up. */
  | { kind: 'bad-read'; sw3: number; reason: string }
  | { kind: 'status'; sw3: number; dataLength: number };

export function classifyReply(payload: Uint8Array): Reply {
  // commands are CMD PARA; replies start with SW1 SW2 = 00 00 and carry SW3
  if (payload.length < 3) return { kind: 'command', cmd: payload[0] ?? 0, para: payload[1] ?? 0 };
  const sw3 = payload[2] ?? 0;
  const data = payload.subarray(3);
  if (sw3 !== SW3.SUCCESS) return { kind: 'status', sw3, dataLength: data.length };
  const layout = readLayout(data);
  if (layout) return { kind: 'read', sw3, layout, data };
  // select answers 90 with the 8-byte card serial, SAM status 90 with nothing: those are not reads
  if (data.length < 4 + TEXT_BLOCK_SIZE) return { kind: 'status', sw3, dataLength: data.length };
  return {
    kind: 'bad-read',
    sw3,
    reason: `reply lengths do not add up: text ${be16(data, 0)} + photo ${be16(data, 2)} bytes declared, ${data.length - 4} bytes follow them`,
  };
}

/** `status reply, not a card read: 9F card found` (docs/reader-protocol.md §2). */
export function statusReplyError(sw3: number) {
  return badInput('status-reply', `status reply, not a card read: ${hexByte(sw3)} ${statusMeaning(sw3)}`, { sw3: hexByte(sw3) });
}

/** The text block of a read, checked for size, → the card (a blank block is refused by decodeTextBlock). */
export function cardOfRead(layout: ReadLayout, data: Uint8Array): IdCard {
  if (layout.textLen !== TEXT_BLOCK_SIZE) throw badInput('bad-text-block', `text block is ${layout.textLen} bytes, expected ${TEXT_BLOCK_SIZE}`);
  return decodeTextBlock(data.subarray(layout.offset, layout.offset + layout.textLen));
}

/** The reply payload of a text read → the card; a status-only reply or a bad read in plain words. */
export function decodeReadPayload(payload: Uint8Array): IdCard {
  const reply = classifyReply(payload);
  switch (reply.kind) {
    case 'command':
      throw badInput('truncated-frame', `reply too short: ${payload.length} bytes, expected at least the 3 status bytes`);
    case 'status':
      throw statusReplyError(reply.sw3);
    case 'bad-read':
      throw badInput('truncated-frame', reply.reason);
    case 'read':
      return cardOfRead(reply.layout, reply.data);
  }
}

/** What a reply or command frame is, in a few words (for notes: "skipped 2 other frames (…)"). */
export function describeReply(reply: Reply): string {
  if (reply.kind === 'command') return `command ${hexByte(reply.cmd)} ${hexByte(reply.para)}`;
  if (reply.kind === 'read') return 'card read';
  if (reply.kind === 'bad-read') return 'damaged card read';
  return `reply ${hexByte(reply.sw3)} ${statusMeaning(reply.sw3)}`;
}
