import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import type { TicketPrintJob } from '../../../src/hardware/printer.js';
import { RULE_LINE, ticketEscPos, ticketSvg } from '../../../src/hardware/printer/ticket-document.js';
import { rasterToRgba, readEscPos } from './escpos-reader.js';

const job = (over: Partial<TicketPrintJob> = {}): TicketPrintJob => ({
  eventName: '2021届研究生毕业图像采集',
  ticket: '0042B',
  station: 'B',
  room: '7-119',
  college: '纺织科学与工程学院（国际丝绸学院）',
  name: '欧阳娜娜',
  checkedInAt: new Date(2020, 11, 21, 9, 5),
  ahead: 7,
  paperWidth: 80,
  ...over,
});

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

describe.each([58, 80] as const)('ticket on %i mm paper, read back from its ESC/POS bytes', (paperWidth) => {
  const bytes = ticketEscPos(job({ paperWidth }));
  const doc = readEscPos(bytes);
  const text = doc.lines.join('\n');

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

  it('prints room and station, college, the masked name, time, people ahead and the rule', () => {
    expect(text).toContain('7-119');
    expect(text).toMatch(/B 机位/);
    expect(text.replace(/\s+/g, '')).toContain('纺织科学与工程学院（国际丝绸学院）');
    expect(text).toContain('欧**娜');
    expect(text).not.toContain('欧阳娜娜');
    expect(text).toContain('2020-12-21 09:05');
    expect(text).toMatch(/前面还有\s+7 人/);
    expect(text.replace(/\s+/g, '')).toContain(RULE_LINE);
  });

  it('carries a QR code that scans back to the ticket and the event', () => {
    expect(doc.rasterImages).toBe(1);
    expect(qrTexts(bytes)).toEqual(['0042B 2021届研究生毕业图像采集']);
  });

  it('ends with a cut', () => {
    expect(doc.cuts).toBe(1);
    const cutAt = Buffer.from(bytes).lastIndexOf(Buffer.from([0x1d, 0x56]));
    expect(cutAt).toBeGreaterThan(Buffer.from(bytes).lastIndexOf(Buffer.from([0x1d, 0x76, 0x30])));
  });

  it('never prints a line wider than the paper', () => {
    // Font A is 12 dots; a CJK character is two columns. 58 mm: 32 columns, 80 mm: 48.
    const cols = paperWidth === 58 ? 32 : 48;
    const width = (s: string) => Array.from(s).reduce((n, c) => n + (c.charCodeAt(0) < 0x80 ? 1 : 2), 0);
    for (const line of doc.lines) expect(width(line.replace(/\s+$/, '')), line).toBeLessThanOrEqual(cols);
  });
});

describe('ticket document', () => {
  it('keeps markup characters in names and colleges as text', () => {
    const text = readEscPos(ticketEscPos(job({ college: '理学院|数学_系{1}', name: '^张三' }))).lines.join('\n');
    expect(text).toContain('理学院|数学_系{1}');
    expect(text).toContain('^*三');
  });

  it('a QR payload of the job replaces the default one', () => {
    expect(qrTexts(ticketEscPos(job({ qr: 'https://example.edu/t/0042B?e=3' })))).toEqual(['https://example.edu/t/0042B?e=3']);
  });

  it('the SVG preview is the same document', () => {
    const svg = ticketSvg(job({ paperWidth: 58 }));
    expect(svg.startsWith('<svg')).toBe(true);
    // one <tspan> per character: the text is what is left without the tags
    const text = svg.replace(/<[^>]*>/g, '').replace(/&#xa0;/g, ' ');
    for (const s of ['2021届研究生毕业图像采集', '0042B', '7-119', '欧**娜', '2020-12-21 09:05', RULE_LINE]) expect(text.replace(/\s+/g, '')).toContain(s.replace(/\s+/g, ''));
    expect(text).not.toContain('欧阳娜娜');
    expect(svg).toMatch(/scale\(6,6\)/); // the number at 6x, as printed
    expect(svg).toMatch(/<path d="M0,0l4,0/); // the QR code, 4 dots a module
    // 58 mm is 384 dots wide, 80 mm 576
    expect(svg).toMatch(/width="384px"/);
    expect(ticketSvg(job({ paperWidth: 80 }))).toMatch(/width="576px"/);
  });
});
