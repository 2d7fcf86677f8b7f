// Keyboard-wedge ("driver-free") readers that type the whole card into the
// focused box: one line with several fields (name, sex, nation, birth,
// address, ID number, …) separated by tabs, commas, bars or spaces, sometimes
// as `key:value` pairs or JSON, sometimes with the Chinese as `\uXXXX` escapes
// (a keyboard cannot type 张). This takes the 18-character ID number (check
// digit valid) and the name out of such a line, and says when a line that
// looks like a card holds no ID number. Pure: no DOM, no React.
import { isValidIdNumber, maskIdNumber, maskName } from '../../shared/id-number.js';
import { deskActionFor, type DeskAction } from './desk-input.js';

export type WedgeLine =
  /** A card line: its ID number (check digit valid) and the name when one was found. */
  | { kind: 'card'; idNumber: string; name: string | null }
  /** A card line whose 18-character number fails the check digit (masked: it is shown). */
  | { kind: 'invalid-id-number'; maskedId: string }
  /** Looks like a card line (several fields, escapes, a name label) but holds no ID number. */
  | { kind: 'no-id-number' }
  /** One value (a student ID, a name, an ID number alone, a scan): the desk's usual input. */
  | { kind: 'plain' };

const ESCAPE = /\\u([0-9a-fA-F]{4})/g;
/** `\u5f20\u4e09` → 张三; `&#x5F20;` and `&#24352;` too (some readers type HTML entities). */
export function decodeEscapes(raw: string): string {
  return raw
    .replace(ESCAPE, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]{1,6});/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d{1,7});/g, (_m, d: string) => String.fromCodePoint(Number(d)));
}

/** 18 characters, not part of a longer run of digits or letters. */
const ID_CANDIDATE = /(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])/g;
/** Where fields part: tabs, bars, commas, semicolons, Chinese punctuation, `key:value`, quotes, braces, spaces. */
const SEPARATORS = /[\t|,;，；、:：="'{}[\]\s]+/;
/** `姓名:张三`, `"name":"MARIA JOSE"`: a quoted value runs to its quote, a bare one to the next separator. */
const NAME_LABEL = /(?:姓名|名字|name|xm|xingming)["']?\s*[:：=]\s*(?:["']([^"']+)["']|([^\s"',;|，；{}]+))/i;
const CARD_LABEL = /姓名|身份证|公民身份号码|证件号|idnum|idcard|cardno|id_?no/i;
const HAN_NAME = /^[\p{Script=Han}][\p{Script=Han}·•・]{1,19}$/u;
const GENDER = new Set(['男', '女', '未知', '未说明']);

/** A field that is no name: an address, an issuing authority, a nation with 族. */
const notAName = (field: string) => /[省市区县镇乡村路街号楼室局]$/.test(field) || /族$/.test(field) || field.length > 12;

function nameIn(text: string, fields: string[]): string | null {
  const m = NAME_LABEL.exec(text);
  const labelled = (m?.[1] ?? m?.[2])?.trim();
  if (labelled && !/^\d/.test(labelled)) return labelled;
  // card order: the name is the first field; a nation (汉, 维吾尔) or sex comes after it
  return fields.find((f) => HAN_NAME.test(f) && !GENDER.has(f) && !notAName(f)) ?? null;
}

export function parseWedgeLine(raw: string): WedgeLine {
  const escaped = ESCAPE.test(raw) || /&#x?[0-9a-fA-F]+;/.test(raw);
  ESCAPE.lastIndex = 0;
  const text = decodeEscapes(raw).replace(/[\r\n]+/g, ' ').trim();
  if (text === '') return { kind: 'plain' };
  const fields = text.split(SEPARATORS).filter(Boolean);
  const candidates = [...text.matchAll(ID_CANDIDATE)].map((m) => (m[1] ?? '').toUpperCase());
  // a 学信网 采集码 is a link: it is the desk's to keep, even when it carries a number
  if (!escaped && /^https?:\/\//i.test(text)) return { kind: 'plain' };
  const others = fields.filter((f) => !candidates.includes(f.toUpperCase()));
  const cardLike = escaped || CARD_LABEL.test(text) || (fields.length >= 3 && /[\t|,;，；]/.test(text));
  if (candidates.length > 0 && (others.length > 0 || escaped)) {
    const valid = candidates.find(isValidIdNumber);
    if (!valid) return { kind: 'invalid-id-number', maskedId: maskIdNumber(candidates[0] ?? '') };
    return { kind: 'card', idNumber: valid, name: nameIn(text, others) };
  }
  if (candidates.length === 0 && cardLike) return { kind: 'no-id-number' };
  return { kind: 'plain' };
}

export type TypedDeskAction =
  | DeskAction
  /** A whole card typed by a wedge reader: check in with the number and the name, as a card read does. */
  | { kind: 'check-in-card'; idNumber: string; name: string; maskedId: string }
  /** Say something instead of acting (a catalogue key). */
  | { kind: 'say'; key: 'desk.wedgeNoIdNumber' | 'desk.idNumberInvalid' };

/** What the desk does with its search box on Enter, wedge card lines included. */
export function typedDeskAction(raw: string): TypedDeskAction {
  const line = parseWedgeLine(raw);
  switch (line.kind) {
    case 'plain':
      return deskActionFor(raw);
    case 'no-id-number':
      return { kind: 'say', key: 'desk.wedgeNoIdNumber' };
    case 'invalid-id-number':
      return { kind: 'say', key: 'desk.idNumberInvalid' };
    case 'card':
      if (line.name) return { kind: 'check-in-card', idNumber: line.idNumber, name: line.name, maskedId: maskIdNumber(line.idNumber) };
      return { kind: 'find-by-id-number', idNumber: line.idNumber, valid: true };
  }
}

/** What a line held, masked, for the reader self-test (never the full number). */
export function maskedLine(raw: string): { kind: WedgeLine['kind']; maskedId: string | null; maskedName: string | null } {
  const line = parseWedgeLine(raw);
  if (line.kind === 'card') return { kind: 'card', maskedId: maskIdNumber(line.idNumber), maskedName: line.name ? maskName(line.name) : null };
  if (line.kind === 'invalid-id-number') return { kind: line.kind, maskedId: line.maskedId, maskedName: null };
  if (line.kind === 'no-id-number') return { kind: line.kind, maskedId: null, maskedName: null };
  // a plain value may be an ID number alone
  const action = deskActionFor(raw);
  if (action.kind === 'find-by-id-number') return { kind: action.valid ? 'card' : 'invalid-id-number', maskedId: maskIdNumber(action.idNumber), maskedName: null };
  return { kind: 'plain', maskedId: null, maskedName: null };
}
