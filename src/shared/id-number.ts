// GB 11643 citizen identity numbers: validation, masking, and the input
// typed by keyboard-wedge readers.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type IdNumber = string & { readonly __brand: 'IdNumber' };

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function checkDigit(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? null;
}

/** 18 characters, well formed, and the GB 11643 check digit matches. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return checkDigit(id.slice(0, 17)) === id[17];
}

/**
 * A number a card may carry: a GB 11643 number with its check digit (resident,
 * residence permit, 2023 foreigner card) or a 2017 foreigner permit (three
 * letters, twelve digits).
 */
export function isCardNumber(id: string): boolean {
  return isValidIdNumber(id) || /^[A-Z]{3}\d{12}$/.test(id);
}

/** Upper-cases a trailing x and strips spaces; does not validate. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** `3301**********002X`: first four and last four kept. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** An 18-character ID number standing alone in any text (not part of a longer run of letters or digits). */
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/** `sfzh=` (身份证号) in a 学信网 code or URL: its value whatever its form. */
const SFZH_VALUE = /(sfzh=)([^&#;,\s"']*)/gi;

/**
 * Any text that may carry ID numbers (a scanned 采集码, a log line) with each
 * one masked, and every `sfzh=` value too, so it can be kept or written.
 */
export function maskIdNumbersIn(text: string): string {
  return text.replace(SFZH_VALUE, (_m, key: string, value: string) => `${key}${maskIdNumber(value.toUpperCase())}`).replace(ID_IN_TEXT, (id) => maskIdNumber(id.toUpperCase()));
}

/** `张*三`, `李*`, `欧**娜`: first and last character kept for names of 3+, last hidden for 2. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export type DeskInput =
  | { kind: 'idNumber'; idNumber: string; valid: boolean }
  | { kind: 'studentId'; studentId: string }
  | { kind: 'name'; name: string }
  | { kind: 'scan'; code: string }
  | { kind: 'empty' };

/**
 * Classifies what a volunteer typed, or what a keyboard-wedge reader or a 2D
 * scanner typed, into the desk's single search box.
 */
export function classifyDeskInput(raw: string): DeskInput {
  const text = raw.replace(/[\r\n]+$/g, '').trim();
  if (text === '') return { kind: 'empty' };
  const compact = normalizeIdNumber(text);
  if (/^\d{17}[\dX]$/.test(compact)) return { kind: 'idNumber', idNumber: compact, valid: isValidIdNumber(compact) };
  if (/^[0-9A-Za-z_-]{4,20}$/.test(text) && /\d/.test(text)) return { kind: 'studentId', studentId: text };
  // Scanners type long codes, URLs or JSON; a name has no ASCII punctuation.
  if (text.length > 20 || /[:/?=&{}|]/.test(text)) return { kind: 'scan', code: text };
  return { kind: 'name', name: text };
}
