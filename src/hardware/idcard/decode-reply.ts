// One complete reply frame of "read text + photo" → the card, or an error in plain words.
import { badInput } from '../../shared/errors.js';
import type { IdCard } from './card.js';
import { PREAMBLE, checksum } from './frame.js';
import { SW3, statusName } from './status.js';
import { TEXT_BLOCK_SIZE, decodeTextBlock } from './text-block.js';

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** Checks one whole frame: preamble, length field, checksum; returns the payload. */
export function unwrapFrame(bytes: Uint8Array): Uint8Array {
  if (bytes.length < PREAMBLE.length || PREAMBLE.some((b, i) => bytes[i] !== b)) {
    throw badInput('missing-preamble', 'not a reader frame: missing preamble AA AA AA 96 69');
  }
  if (bytes.length < 7) throw badInput('truncated-frame', `truncated frame: ${bytes.length} bytes, the header alone is 7`);
  const len = ((bytes[5] ?? 0) << 8) | (bytes[6] ?? 0);
  const have = bytes.length - 7;
  if (have < len) throw badInput('truncated-frame', `truncated frame: the length field says ${len} bytes follow, found ${have}`);
  if (have > len) throw badInput('length-mismatch', `length field says ${len} bytes follow the header, but the frame has ${have}`);
  if (len < 1) throw badInput('length-mismatch', 'length field is 0: no room for the checksum');
  const payload = bytes.slice(7, 7 + len - 1);
  const expected = checksum(bytes[5] ?? 0, bytes[6] ?? 0, payload);
  const found = bytes[7 + len - 1] ?? 0;
  if (expected !== found) throw badInput('checksum-mismatch', `checksum mismatch: computed ${hex(expected)}, frame says ${hex(found)}`);
  return payload;
}

/** The reply payload (SW1 SW2 SW3 data) of a text read → the card. */
export function decodeReadPayload(payload: Uint8Array): IdCard {
  if (payload.length < 3) throw badInput('truncated-frame', `reply too short: ${payload.length} bytes, expected at least the 3 status bytes`);
  const sw3 = payload[2] ?? 0;
  if (sw3 !== SW3.SUCCESS) throw badInput('reader-status', `the reader answered ${statusName(sw3)}`);
  const data = payload.subarray(3);
  if (data.length < 4) throw badInput('truncated-frame', 'reply has no text and photo lengths');
  const textLen = ((data[0] ?? 0) << 8) | (data[1] ?? 0);
  const photoLen = ((data[2] ?? 0) << 8) | (data[3] ?? 0);
  // "read text + photo" has two lengths; "+ fingerprint" (30 10) has a third
  let offset = 4;
  if (4 + textLen + photoLen !== data.length && data.length >= 6) {
    const fpLen = ((data[4] ?? 0) << 8) | (data[5] ?? 0);
    if (6 + textLen + photoLen + fpLen === data.length) offset = 6;
  }
  if (textLen !== TEXT_BLOCK_SIZE) throw badInput('bad-text-block', `text block is ${textLen} bytes, expected ${TEXT_BLOCK_SIZE}`);
  if (data.length < offset + textLen) throw badInput('truncated-frame', `reply holds ${data.length - offset} bytes of text, expected ${textLen}`);
  return decodeTextBlock(data.subarray(offset, offset + textLen));
}

export const decodeReplyFrame = (bytes: Uint8Array): IdCard => decodeReadPayload(unwrapFrame(bytes));

/** A file holds raw frame bytes or hex text (pairs of hex digits, any whitespace, optional 0x). */
export function frameBytesFromFile(content: Uint8Array): Uint8Array {
  // a hex dump saved by Notepad starts with a UTF-8 byte order mark
  const text = Buffer.from(content).toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  const digits = text.replace(/0x/gi, '').replace(/[\s,]/g, '');
  if (digits.length > 0 && /^[0-9a-fA-F]+$/.test(digits)) {
    if (digits.length % 2 !== 0) throw badInput('bad-hex', `hex text has an odd number of digits (${digits.length})`);
    return Uint8Array.from(Buffer.from(digits, 'hex'));
  }
  return Uint8Array.from(content);
}
