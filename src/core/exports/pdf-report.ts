// A4 report pages shared by the sign-in sheet, fee summary and absentee list:
// a title block and the column header repeated on every page, one section per
// college starting on a new page, and 第 n 页 / 共 m 页 in every footer.
import PDFDocument from 'pdfkit';
import { cjkFonts, type CjkFonts, type FontOptions } from './pdf-fonts.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface Section {
  /** Shown under the title on every page of the section, e.g. the college and its room. */
  heading: string;
  rows: string[][];
  /** Lines printed after the last row (the college's summary). */
  summary: string[];
  /** A table of its own (a list after a summary); the report's columns otherwise. */
  columns?: Column[];
  /** Starts below the previous section when its heading, header and a row still fit, instead of on a new page. */
  followOn?: boolean;
}

/** Measures text as it will print at the cell size, so a table can size a column to its longest entry. */
export type MeasureText = (text: string) => number;

export interface Report {
  title: string;
  subtitle: string;
  columns: Column[] | ((measure: MeasureText) => Column[]);
  rowHeight: number;
  sections: Section[];
  /** Draws extra content in a cell (the signature); called after the text. */
  drawCell?: (doc: Doc, section: number, row: number, col: number, box: { x: number; y: number; w: number; h: number }) => void;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  fonts?: FontOptions;
}

const MARGIN = 36;
const FOOTER = 28;
/** Cell text size; a text wider than its cell shrinks to fit, down to MIN_CELL_FONT. */
const CELL_FONT = 10;
const MIN_CELL_FONT = 5;
/** Room left and right of a cell's text. */
const CELL_PAD = 3;
/** Progress is reported, and the event loop let run, every this many rows. */
const STEP = 200;

/** The usable width of an A4 page between the margins. */
export const TABLE_WIDTH = 595.28 - 2 * MARGIN;

/** The size a cell's text prints at: the cell size, or smaller when it would not fit on one line. */
export function fitFontSize(textWidthAtCellFont: number, cellWidth: number): number {
  const room = cellWidth - 2 * CELL_PAD;
  if (textWidthAtCellFont <= room) return CELL_FONT;
  return Math.max(MIN_CELL_FONT, Math.floor(((CELL_FONT * room) / textWidthAtCellFont) * 10) / 10);
}

export async function renderReport(r: Report): Promise<{ pdf: Buffer; pages: number; fonts: CjkFonts }> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: r.title, Creator: 'swipequeue' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const fonts = cjkFonts(doc, r.fonts);
  const pageW = doc.page.width;
  const pageH = doc.page.height;
  const measure: MeasureText = (text) => fonts.advanceOf(text, CELL_FONT);
  const reportColumns = typeof r.columns === 'function' ? r.columns(measure) : r.columns;
  const bottom = pageH - MARGIN - FOOTER;
  const total = r.sections.reduce((n, s) => n + s.rows.length, 0);
  let rowsDone = 0;

  /** The grey column header row at y; returns the y below it. */
  const columnHeader = (columns: Column[], left: number, y: number): number => {
    const tableW = columns.reduce((s, c) => s + c.width, 0);
    doc.rect(left, y, tableW, 20).fillAndStroke('#eeeeee', '#000000');
    doc.fillColor('black').fontSize(CELL_FONT).lineWidth(0.8);
    let x = left;
    for (const c of columns) {
      fonts.text(doc, c.title, x, y + 5, { width: c.width, align: 'center', lineBreak: false });
      doc.moveTo(x, y).lineTo(x, y + 20).stroke();
      x += c.width;
    }
    doc.moveTo(x, y).lineTo(x, y + 20).stroke();
    return y + 20;
  };

  const sectionHeading = (heading: string, columns: Column[], left: number, y: number, continued: boolean): number => {
    const tableW = columns.reduce((s, c) => s + c.width, 0);
    doc.fontSize(11).fillColor('black');
    fonts.text(doc, heading, left, y, { lineBreak: false });
    if (continued) {
      doc.fontSize(9.5).fillColor('#333');
      fonts.text(doc, '（续上页）', left, y + 2, { width: tableW, align: 'right', lineBreak: false });
      doc.fontSize(11).fillColor('black');
    }
    return columnHeader(columns, left, y + 20);
  };

  const pageHeader = (heading: string, columns: Column[], left: number, continued = false): number => {
    doc.fillColor('black').fontSize(15);
    fonts.text(doc, r.title, MARGIN, MARGIN, { width: pageW - 2 * MARGIN, align: 'center' });
    doc.fontSize(9.5).fillColor('#333');
    fonts.text(doc, r.subtitle, MARGIN, MARGIN + 22, { width: pageW - 2 * MARGIN, align: 'center' });
    return sectionHeading(heading, columns, left, MARGIN + 42, continued);
  };

  let y = 0;
  for (let si = 0; si < r.sections.length; si++) {
    const section = r.sections[si]!;
    const columns = section.columns ?? reportColumns;
    const tableW = columns.reduce((s, c) => s + c.width, 0);
    const left = (pageW - tableW) / 2;
    if (si === 0) y = pageHeader(section.heading, columns, left);
    else if (section.followOn && y + 24 + 40 + r.rowHeight <= bottom) y = sectionHeading(section.heading, columns, left, y + 24, false);
    else {
      doc.addPage();
      y = pageHeader(section.heading, columns, left);
    }
    for (let ri = 0; ri < section.rows.length; ri++) {
      const row = section.rows[ri]!;
      if (y + r.rowHeight > bottom) {
        doc.addPage();
        y = pageHeader(section.heading, columns, left, true);
      }
      let x = left;
      doc.lineWidth(0.6).strokeColor('#000000');
      doc.rect(left, y, tableW, r.rowHeight).stroke();
      doc.fillColor('black');
      columns.forEach((c, ci) => {
        const text = row[ci] ?? '';
        if (text !== '') {
          // One line per cell: a long 学号 or name prints smaller rather than wrapping or running into the next column.
          const size = fitFontSize(measure(text), c.width);
          doc.fontSize(size);
          const ty = y + (r.rowHeight - size) / 2 - size / 10;
          fonts.text(doc, text, x + CELL_PAD, ty, { width: c.width - 2 * CELL_PAD, align: c.align ?? 'left', lineBreak: false, height: r.rowHeight });
        }
        r.drawCell?.(doc, si, ri, ci, { x, y, w: c.width, h: r.rowHeight });
        if (ci > 0) doc.moveTo(x, y).lineTo(x, y + r.rowHeight).stroke();
        x += c.width;
      });
      y += r.rowHeight;
      rowsDone++;
      if (rowsDone % STEP === 0) {
        r.onProgress?.(rowsDone, total);
        // Let the event loop run: progress reaches the page, and other desks keep checking in during a long export.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (section.rows.length === 0) {
      doc.fontSize(10);
      fonts.text(doc, '（无记录）', left + 4, y + 6, { lineBreak: false });
      y += 24;
    }
    const summaryH = 16 * section.summary.length + 8;
    if (y + summaryH > bottom) {
      doc.addPage();
      y = pageHeader(section.heading, columns, left, true);
    }
    y += 8;
    doc.fontSize(10);
    for (const line of section.summary) {
      fonts.text(doc, line, left, y, { lineBreak: false });
      y += 16;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.fontSize(9).fillColor('#333');
    // Writing inside the bottom margin must not push pdfkit onto a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    fonts.text(doc, `第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN, pageH - MARGIN - 12, {
      width: pageW - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = saved;
  }
  r.onProgress?.(total, total);
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), pages: range.count, fonts };
}
