// The 256-byte text block of a card read: UCS-2 little-endian, space padded.
// Layouts from the protocol notes (resident ' ', residence permit 'J',
// foreigner permanent residence card 'I', 2017). The 2023 foreigner card ('Y')
// follows the field table of a public reader driver header (Johann356/readinfo,
// PCSCGetData.h, `tagIDCardInfor2023`); no real 'Y' card was available to check it.
import { badInput } from '../../shared/errors.js';
import { isValidIdNumber } from '../../shared/id-number.js';
import { nationCode, nationName } from '../../shared/nation.js';
import type { IdCard } from './card.js';

export const TEXT_BLOCK_SIZE = 256;
const TYPE_OFFSET = 248;

const GENDER: Record<string, IdCard['gender']> = { '0': '未知', '1': '男', '2': '女', '9': '未说明' };
const GENDER_CODE: Record<IdCard['gender'], string> = { 未知: '0', 男: '1', 女: '2', 未说明: '9' };

/** Trims padding spaces and NULs at both ends; inner spaces and · stay. */
const clean = (s: string) => s.replaceAll('\u0000', ' ').trim();

function field(block: Uint8Array, offset: number, bytes: number): string {
  return clean(Buffer.from(block.buffer, block.byteOffset + offset, bytes).toString('utf16le'));
}

/** `YYYYMMDD` → `YYYY-MM-DD`; `长期` (long-term) stays as it is. */
function isoDate(raw: string): string {
  return /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : raw;
}

export function cardTypeChar(block: Uint8Array): string {
  return Buffer.from(block.buffer, block.byteOffset + TYPE_OFFSET, 2).toString('utf16le');
}

/**
 * The card in a 256-byte text block. A block with no name and no ID number
 * (all zeros, all spaces: a reader that answered before the card was read) is
 * not a card: `blank-card`, whoever decodes it (CLI, poller, SDTAPI).
 */
export function decodeTextBlock(block: Uint8Array): IdCard {
  const card = decodeFields(block);
  if (card.name === '' && card.idNumber === '' && (card.chineseName ?? '') === '') {
    throw badInput('blank-card', 'blank card data: the text block holds no name and no ID number');
  }
  return card;
}

function decodeFields(block: Uint8Array): IdCard {
  if (block.length !== TEXT_BLOCK_SIZE) {
    throw badInput('bad-text-block', `text block is ${block.length} bytes, expected ${TEXT_BLOCK_SIZE}`);
  }
  const type = cardTypeChar(block);
  const genderAt = (offset: number) => GENDER[field(block, offset, 2)] ?? '未知';
  if (type === ' ' || type === '\u0000' || type === 'J') {
    const idNumber = field(block, 122, 36);
    const card: IdCard = {
      cardType: type === 'J' ? 'gat' : 'resident',
      name: field(block, 0, 30),
      gender: genderAt(30),
      birthDate: isoDate(field(block, 36, 16)),
      address: field(block, 52, 70),
      idNumber,
      issuer: field(block, 158, 30),
      validFrom: isoDate(field(block, 188, 16)),
      validUntil: isoDate(field(block, 204, 16)),
      idNumberValid: isValidIdNumber(idNumber),
    };
    if (type === 'J') {
      card.nation = null;
      card.passNumber = field(block, 220, 18);
      card.issueCount = field(block, 238, 4);
    } else {
      card.nation = nationName(field(block, 32, 4));
    }
    return card;
  }
  if (type === 'I') {
    const permit = field(block, 122, 30);
    return {
      cardType: 'foreign',
      name: field(block, 0, 120),
      gender: genderAt(120),
      nation: null,
      birthDate: isoDate(field(block, 220, 16)),
      idNumber: permit,
      issuer: field(block, 240, 8),
      validFrom: isoDate(field(block, 188, 16)),
      validUntil: isoDate(field(block, 204, 16)),
      // 2017 permit: three letters (nationality) then 12 digits
      idNumberValid: /^[A-Z]{3}\d{12}$/.test(permit),
      chineseName: field(block, 158, 30),
      nationality: field(block, 152, 6),
      permitVersion: '2017',
    };
  }
  if (type === 'Y') {
    // 2023 card: an 18-character number with the GB 11643 check digit; the
    // English name is split in two fields (characters 1–35 and 36–46).
    const idNumber = field(block, 122, 36);
    const english = `${Buffer.from(block.buffer, block.byteOffset + 52, 70).toString('utf16le')}${Buffer.from(block.buffer, block.byteOffset + 220, 22).toString('utf16le')}`;
    return {
      cardType: 'foreign',
      name: clean(english),
      gender: genderAt(30),
      nation: null,
      birthDate: isoDate(field(block, 36, 16)),
      idNumber,
      issuer: '', // the 2023 block carries no issuing authority
      validFrom: isoDate(field(block, 188, 16)),
      validUntil: isoDate(field(block, 204, 16)),
      idNumberValid: isValidIdNumber(idNumber),
      chineseName: field(block, 0, 30),
      nationality: field(block, 242, 6),
      issueCount: field(block, 32, 4),
      permitVersion: '2023',
    };
  }
  const shown = type.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '????';
  throw badInput(
    'unsupported-card-type',
    `unsupported card type "${type.replace(/[^\x20-\x7e]/g, '?')}" (U+${shown} at byte ${TYPE_OFFSET}); supported: resident (blank), J (residence permit), I and Y (foreigner permanent residence card, 2017 and 2023)`,
  );
}

/**
 * The inverse: what a reader would send for this card (emulator, demo, bench).
 * Every card type; a foreign card is written in the 2023 layout when its
 * `permitVersion` says so, else in the 2017 one.
 */
export function textBlockOf(card: IdCard): Uint8Array {
  const block = Buffer.alloc(TEXT_BLOCK_SIZE, 0);
  const put = (offset: number, bytes: number, text: string) => Buffer.from(text.padEnd(bytes / 2, ' ').slice(0, bytes / 2), 'utf16le').copy(block, offset);
  const digits = (iso: string) => iso.replace(/-/g, '');
  put(0, TEXT_BLOCK_SIZE, '');
  if (card.cardType === 'foreign' && card.permitVersion === '2023') {
    put(0, 30, card.chineseName ?? '');
    put(30, 2, GENDER_CODE[card.gender]);
    put(32, 4, card.issueCount ?? '00');
    put(36, 16, digits(card.birthDate));
    put(52, 70, card.name.slice(0, 35));
    put(122, 36, card.idNumber);
    put(188, 16, digits(card.validFrom));
    put(204, 16, digits(card.validUntil));
    put(220, 22, card.name.slice(35));
    put(242, 6, card.nationality ?? '');
    put(TYPE_OFFSET, 2, 'Y');
    return block;
  }
  if (card.cardType === 'foreign') {
    put(0, 120, card.name);
    put(120, 2, GENDER_CODE[card.gender]);
    put(122, 30, card.idNumber);
    put(152, 6, card.nationality ?? '');
    put(158, 30, card.chineseName ?? '');
    put(188, 16, digits(card.validFrom));
    put(204, 16, digits(card.validUntil));
    put(220, 16, digits(card.birthDate));
    put(236, 4, '01');
    put(240, 8, card.issuer);
    put(TYPE_OFFSET, 2, 'I');
    return block;
  }
  put(0, 30, card.name);
  put(30, 2, GENDER_CODE[card.gender]);
  if (card.cardType === 'resident') put(32, 4, nationCode(card.nation ?? '') ?? '01');
  put(36, 16, digits(card.birthDate));
  put(52, 70, card.address ?? '');
  put(122, 36, card.idNumber);
  put(158, 30, card.issuer);
  put(188, 16, digits(card.validFrom));
  put(204, 16, digits(card.validUntil));
  if (card.cardType === 'gat') {
    put(220, 18, card.passNumber ?? '');
    put(238, 4, card.issueCount ?? '');
  }
  put(TYPE_OFFSET, 2, card.cardType === 'gat' ? 'J' : ' ');
  return block;
}
