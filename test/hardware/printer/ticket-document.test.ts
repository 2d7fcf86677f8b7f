import iconv from 'iconv-lite';
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import type { TicketPrintJob } from '../../../src/hardware/printer.js';
import {
  FEED_LINES,
  QR_CAPTION,
  RULE_LINES,
  UNPRINTABLE_MARK,
  ticketEscPos,
  ticketSvg,
  unprintableCharacters,
  wrapWords,
} from '../../../src/hardware/printer/ticket-document.js';
import { escPosLayout, rasterToRgba, readEscPos, type LayoutRow } from './escpos-reader.js';
import { svgLayout } from './svg-layout.js';

const job = (over: Partial<TicketPrintJob> = {}): TicketPrintJob => ({
  eventName: '2021届研究生毕业图像采集',
  ticket: '0042B',
  station: 'B',
  room: '7-119',
  college: '纺织科学与工程学院（国际丝绸学院）',
  name: '欧阳娜娜',
  checkedInAt: new Date(2020, 11, 21, 9, 5, 7),
  ahead: 7,
  paperWidth: 80,
  ...over,
});

const LINK = 'http://192.168.1.20:8740/t/q3X9vK2mW8pL5nR7';

// jsqr is CommonJS whose types declare an ES default export: take whichever is the function
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

const qrTexts = (bytes: Uint8Array) =>
  readEscPos(bytes)
    .rasters.map((r) => {
      const img = rasterToRgba(r);
      return jsQR(img.rgba, img.width, img.height)?.data;
    })
    .filter((t): t is string => t !== undefined);

/** Columns of a printed line: ASCII one, the rest two (font A, GB18030). */
const width = (s: string) => Array.from(s).reduce((n, c) => n + (c.charCodeAt(0) < 0x80 ? 1 : 2), 0);

describe.each([58, 80] as const)('ticket on %i mm paper, read back from its ESC/POS bytes', (paperWidth) => {
  const bytes = ticketEscPos(job({ paperWidth, qr: LINK }));
  const doc = readEscPos(bytes);
  const text = doc.lines.join('\n');
  const flat = text.replace(/\s+/g, '');

  it('prints Chinese in Kanji mode, GB18030-encoded', () => {
    expect(doc.kanjiMode).toBe(true);
    // the raw bytes hold the GB18030 encoding of the event name, not UTF-8
    expect(Buffer.from(bytes).includes(Buffer.from([0xbd, 0xec]))).toBe(true); // 届
    expect(Buffer.from(bytes).includes(Buffer.from('届', 'utf8'))).toBe(false);
    expect(text).toContain('2021届研究生毕业图像采集');
  });

  it('prints the ticket number alone at the largest size (6x)', () => {
    expect(doc.sizes).toContain(0x55); // GS ! 0x55: 6x wide, 6x high
    expect(doc.textBySize.get(0x55)?.trim()).toBe('0042B');
    expect(Math.max(...doc.sizes)).toBe(0x55);
  });

  it('prints room and station, college, the masked name, the time to the second, people ahead and both rules', () => {
    expect(text).toContain('7-119');
    expect(text).toMatch(/B 机位/);
    expect(flat).toContain('纺织科学与工程学院（国际丝绸学院）');
    expect(text).toContain('欧**娜');
    expect(text).not.toContain('欧阳娜娜');
    expect(text).toContain('2020-12-21 09:05:07');
    expect(text).toMatch(/前面还有\s+7 人/);
    for (const rule of RULE_LINES) expect(flat).toContain(rule.replace(/\s+/g, ''));
    expect(doc.lines.map((l) => l.trim())).toContain('过号请到签到台重新叫号');
  });

  it('a long college breaks between words: 学院 and （国际丝绸学院） stay whole', () => {
    const collegeLines = doc.lines.filter((l) => /学院|丝绸/.test(l) && !/采集/.test(l)).map((l) => l.replace(/^(学院)?\s+/, '').trim());
    expect(collegeLines.join('')).toBe('纺织科学与工程学院（国际丝绸学院）');
    if (paperWidth === 58) expect(collegeLines).toEqual(['纺织科学与工程学院', '（国际丝绸学院）']);
  });

  it('carries a QR code that scans back to the ticket\'s page, with its caption', () => {
    expect(doc.rasterImages).toBe(1);
    expect(qrTexts(bytes)).toEqual([LINK]);
    expect(doc.lines.map((l) => l.trim())).toContain(QR_CAPTION);
  });

  it(`feeds ${FEED_LINES} blank lines after the rules, then cuts`, () => {
    expect(doc.cuts).toBe(1);
    const cutAt = Buffer.from(bytes).lastIndexOf(Buffer.from([0x1d, 0x56]));
    expect(cutAt).toBeGreaterThan(Buffer.from(bytes).lastIndexOf(Buffer.from([0x1d, 0x76, 0x30])));
    const beforeCut = readEscPos(bytes.subarray(0, cutAt)).lines;
    expect(beforeCut.slice(-FEED_LINES).every((l) => l.trim() === '')).toBe(true);
    expect(beforeCut.at(-FEED_LINES - 1)?.trim()).toBe(RULE_LINES[1]);
  });

  it('never prints a line wider than the paper', () => {
    // Font A is 12 dots; a CJK character is two columns. 58 mm: 32 columns, 80 mm: 48.
    const cols = paperWidth === 58 ? 32 : 48;
    for (const line of doc.lines) expect(width(line.replace(/\s+$/, '')), line).toBeLessThanOrEqual(cols);
  });
});

describe('ticket document', () => {
  it('without a link the QR says the ticket and the event, and no caption', () => {
    const bytes = ticketEscPos(job());
    expect(qrTexts(bytes)).toEqual(['0042B 2021届研究生毕业图像采集']);
    expect(readEscPos(bytes).lines.join('\n')).not.toContain(QR_CAPTION);
  });

  it('keeps markup characters in names and colleges as text', () => {
    const text = readEscPos(ticketEscPos(job({ college: '理学院|数学_系{1}', name: '^张三' }))).lines.join('\n');
    expect(text).toContain('理学院|数学_系{1}');
    expect(text).toContain('^*三');
  });

  it('a character the printer\'s GBK font lacks (4-byte GB18030, e.g. 𬌗) is printed as □ and reported, never sent as raw bytes', () => {
    const rare = job({ name: '𬌗明', room: '7-119 😀', paperWidth: 58 });
    const bytes = Buffer.from(ticketEscPos(rare));
    expect(iconv.encode('𬌗', 'gb18030')).toHaveLength(4);
    expect(bytes.includes(iconv.encode('𬌗', 'gb18030'))).toBe(false);
    expect(bytes.includes(iconv.encode('😀', 'gb18030'))).toBe(false);
    const text = readEscPos(bytes).lines.join('\n');
    expect(text).toContain(`${UNPRINTABLE_MARK}*`);
    expect(text).toContain(`7-119 ${UNPRINTABLE_MARK}`);
    expect(unprintableCharacters(rare)).toEqual([
      { field: 'room', count: 1 },
      { field: 'name', count: 1 },
    ]);
    // the masked-away middle of a name is never reported: it is not printed
    expect(unprintableCharacters(job({ name: '王𬌗明' }))).toEqual([]);
    expect(unprintableCharacters(job())).toEqual([]);
  });

  it.each([58, 80] as const)('a long room name wraps between words on %i mm paper, never inside one', (paperWidth) => {
    const room = '纺织楼7-115报告厅（西侧门进）Lecture Hall B-201';
    const bytes = ticketEscPos(job({ room, paperWidth }));
    // the room lines are the ones printed at 2x, each char where the printer puts it
    const lines = escPosLayout(bytes, paperWidth === 58 ? 384 : 576)
      .filter((r): r is Extract<LayoutRow, { kind: 'text' }> => r.kind === 'text' && r.chars.some((c) => c.scale[0] === 2))
      .map((r) => r.chars.map((c) => c.ch).join('').trim());
    expect(lines[0]).toBe('B 机位');
    expect(lines.slice(1).join(' ').replace(/\s+/g, '')).toBe(room.replace(/\s+/g, ''));
    for (const word of ['7-115', 'Lecture', 'Hall', 'B-201', '报告']) expect(lines.some((l) => l.includes(word)), word).toBe(true);
    // brackets stay with their words: no line starts with a closing one or ends with an opening one
    for (const l of lines) expect(l, l).not.toMatch(/^[）)]|[（(]$/);
    const cols = (paperWidth === 58 ? 32 : 48) / 2;
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(cols);
    // a room that fits stays on the station's line
    expect(readEscPos(ticketEscPos(job({ paperWidth }))).lines.map((l) => l.trim())).toContain('B 机位 · 7-119');
  });

  it('wraps between clauses first, then between words', () => {
    expect(wrapWords(RULE_LINES[0], 32)).toEqual(['请按号码顺序拍照，不得换号；', '拍摄后请归还号牌']);
    expect(wrapWords(RULE_LINES[0], 48)).toEqual([RULE_LINES[0]]);
    expect(wrapWords('Room 7-115 Building', 10)).toEqual(['Room 7-115', 'Building']);
    // a word longer than a line is broken between characters
    expect(wrapWords('ABCDEFGHIJKL', 5)).toEqual(['ABCDE', 'FGHIJ', 'KL']);
  });
});

describe('the SVG preview has the layout of the bytes', () => {
  /** Text rows must match character for character, dot for dot; a raster is padded to whole bytes (up to 7 dots). */
  const comparable = (rows: LayoutRow[]) =>
    rows.map((r) => (r.kind === 'image' ? { kind: 'image', centre: r.centre, height: r.height, width: Math.ceil(r.width / 8) * 8 } : { kind: 'text', chars: r.chars.map((c) => ({ ...c, ch: c.ch === ' ' ? ' ' : c.ch })) }));

  it.each([
    ['58 mm, link QR', job({ paperWidth: 58, qr: LINK })],
    ['80 mm, link QR', job({ paperWidth: 80, qr: LINK })],
    ['58 mm, long room, rare name character', job({ paperWidth: 58, room: '纺织楼7-115报告厅（西侧门进）Lecture Hall B-201', name: '𬌗明' })],
    ['80 mm, no link', job({ paperWidth: 80 })],
  ])('%s', (_label, j) => {
    const paper = escPosLayout(ticketEscPos(j), j.paperWidth === 58 ? 384 : 576);
    const preview = svgLayout(ticketSvg(j));
    expect(preview.length).toBeGreaterThan(15);
    expect(comparable(preview)).toEqual(comparable(paper));
    // the preview is the paper's width: 58 mm is 384 dots, 80 mm 576
    expect(ticketSvg(j)).toMatch(new RegExp(`width="${j.paperWidth === 58 ? 384 : 576}px"`));
  });
});
