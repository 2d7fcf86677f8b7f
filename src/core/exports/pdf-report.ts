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
}

export interface Report {
  title: string;
  subtitle: string;
  columns: Column[];
  rowHeight: number;
  sections: Section[];
  /** Draws extra content in a cell (the signature); called after the text. */
  drawCell?: (doc: Doc, section: number, row: number, col: number, box: { x: number; y: number; w: number; h: number }) => void;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  fonts?: FontOptions;
}

const MARGIN = 36;
const FOOTER = 28;

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
  const tableW = r.columns.reduce((s, c) => s + c.width, 0);
  const left = (pageW - tableW) / 2;
  const bottom = pageH - MARGIN - FOOTER;
  const total = r.sections.reduce((n, s) => n + s.rows.length, 0);
  let rowsDone = 0;

  const pageHeader = (heading: string, continued = false): number => {
    doc.fillColor('black').fontSize(15);
    fonts.text(doc, r.title, MARGIN, MARGIN, { width: pageW - 2 * MARGIN, align: 'center' });
    doc.fontSize(9.5).fillColor('#333');
    fonts.text(doc, r.subtitle, MARGIN, MARGIN + 22, { width: pageW - 2 * MARGIN, align: 'center' });
    doc.fontSize(11).fillColor('black');
    fonts.text(doc, heading, left, MARGIN + 42, { lineBreak: false });
    if (continued) {
      doc.fontSize(9.5).fillColor('#333');
      fonts.text(doc, '（续上页）', left, MARGIN + 44, { width: tableW, align: 'right', lineBreak: false });
      doc.fontSize(11).fillColor('black');
    }
    let y = MARGIN + 62;
    doc.rect(left, y, tableW, 20).fillAndStroke('#eeeeee', '#000000');
    doc.fillColor('black').fontSize(10).lineWidth(0.8);
    let x = left;
    for (const c of r.columns) {
      fonts.text(doc, c.title, x, y + 5, { width: c.width, align: 'center', lineBreak: false });
      doc.moveTo(x, y).lineTo(x, y + 20).stroke();
      x += c.width;
    }
    doc.moveTo(x, y).lineTo(x, y + 20).stroke();
    y += 20;
    return y;
  };

  r.sections.forEach((section, si) => {
    if (si > 0) doc.addPage();
    let y = pageHeader(section.heading);
    section.rows.forEach((row, ri) => {
      if (y + r.rowHeight > bottom) {
        doc.addPage();
        y = pageHeader(section.heading, true);
      }
      let x = left;
      doc.lineWidth(0.6).strokeColor('#000000');
      doc.rect(left, y, tableW, r.rowHeight).stroke();
      doc.fontSize(10).fillColor('black');
      r.columns.forEach((c, ci) => {
        const text = row[ci] ?? '';
        const ty = y + (r.rowHeight - 10) / 2 - 1;
        if (text !== '') fonts.text(doc, text, x + 3, ty, { width: c.width - 6, align: c.align ?? 'left', lineBreak: false, height: r.rowHeight });
        r.drawCell?.(doc, si, ri, ci, { x, y, w: c.width, h: r.rowHeight });
        if (ci > 0) doc.moveTo(x, y).lineTo(x, y + r.rowHeight).stroke();
        x += c.width;
      });
      y += r.rowHeight;
      rowsDone++;
      if (r.onProgress && rowsDone % 200 === 0) r.onProgress(rowsDone, total);
    });
    if (section.rows.length === 0) {
      doc.fontSize(10);
      fonts.text(doc, '（无记录）', left + 4, y + 6, { lineBreak: false });
      y += 24;
    }
    const summaryH = 16 * section.summary.length + 8;
    if (y + summaryH > bottom) {
      doc.addPage();
      y = pageHeader(section.heading, true);
    }
    y += 8;
    doc.fontSize(10);
    for (const line of section.summary) {
      fonts.text(doc, line, left, y, { lineBreak: false });
      y += 16;
    }
  });

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
