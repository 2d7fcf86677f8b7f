// The signed sign-in sheet (docs/interfaces.md §1.7): one section per college, rows
// in ticket order, the captured signature drawn as vector strokes, and whether
// each student was photographed. With allStudents, the roster students who
// never checked in follow, marked 缺席, for colleges that file the whole list.
import type { Db } from '../../db/connection.js';
import { feeTotals } from '../fees.js';
import { FEE_LABEL, wordsOf, exportScope, localDateTime, scheduleOrder, studentLines, type ExportOptions, type StudentLine } from './data.js';
import { TABLE_WIDTH, renderReport, type Column, type MeasureText } from './pdf-report.js';

/** Signatures are stored as SVG path data in a 300×100 box (the desk's pad). */
const SIGNATURE_BOX = { w: 300, h: 100 };
const SAFE_PATH = /^[MLCQZmlcqz0-9.,\s-]+$/;

/** 学号 gets the width of the longest one on the sheet (a 20-digit ID on one line at full size), within these bounds; 签名 the rest. */
const STUDENT_ID_WIDTH = { min: 80, max: 127 };
const FIXED: Column[] = [
  { title: '序号', width: 28, align: 'center' },
  { title: '号牌', width: 44, align: 'center' },
  { title: '学号', width: 0, align: 'center' },
  { title: '姓名', width: 70, align: 'center' },
  { title: '签到时间', width: 50, align: 'center' },
  { title: '缴费', width: 32, align: 'center' },
  { title: '拍摄', width: 32, align: 'center' },
  { title: '签名', width: 0 },
];
const STUDENT_ID_COL = 2;
const SIGNATURE_COL = 7;

/** The columns for these student IDs: measured as they print, so the longest fits on one line (smaller only past the maximum width). */
export function sheetColumns(measure: MeasureText, studentIds: string[]): Column[] {
  const longest = studentIds.reduce((w, id) => Math.max(w, measure(id)), measure('学号'));
  const idWidth = Math.min(STUDENT_ID_WIDTH.max, Math.max(STUDENT_ID_WIDTH.min, Math.ceil(longest) + 8));
  const fixed = FIXED.reduce((s, c) => s + c.width, 0);
  return FIXED.map((c, i) => (i === STUDENT_ID_COL ? { ...c, width: idWidth } : i === SIGNATURE_COL ? { ...c, width: Math.floor(TABLE_WIDTH - fixed - idWidth) } : c));
}

export interface SheetResult {
  pdf: Buffer;
  pages: number;
  rows: number;
  missingGlyphs: string[];
}

export async function signinSheet(
  db: Db,
  eventId: number,
  opts: ExportOptions = {},
): Promise<SheetResult> {
  const event = exportScope(db, eventId, opts.college);
  const lines = studentLines(db, eventId, opts.college);
  const fees = new Map(feeTotals(db, eventId).colleges.map((c) => [c.college, c]));
  const byCollege = new Map<string, StudentLine[]>();
  for (const l of lines) {
    const list = byCollege.get(l.college);
    if (list) list.push(l);
    else byCollege.set(l.college, [l]);
  }
  const roomOf = new Map(event.stations.map((s) => [s.code, s.room]));
  const feeYuan = (fen: number) => `${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)} 元`;

  const sections = scheduleOrder(event, byCollege.keys()).map((college) => {
    const all = byCollege.get(college) ?? [];
    // studentLines puts each college's checked-in students first, in ticket order.
    const signed = all.filter((l) => l.ticket !== null);
    const shown = opts.allStudents ? [...signed, ...all.filter((l) => l.ticket === null && !l.walkIn)] : signed;
    const rooms = [...new Set(event.slots.filter((s) => s.college === college).map((s) => roomOf.get(s.station) ?? s.station))];
    const onRoster = all.filter((l) => !l.walkIn).length;
    const fee = fees.get(college);
    return {
      college,
      shown,
      heading: `学院：${college}${rooms.length ? `　　拍摄地点：${rooms.join('、')}` : ''}`,
      rows: shown.map((l, i) => [
        String(i + 1),
        l.ticket ?? '',
        l.studentId,
        l.name,
        localDateTime(l.checkedInAt).slice(11),
        l.feeStatus ? FEE_LABEL[l.feeStatus] : '',
        wordsOf(l).sheet,
        '',
      ]),
      summary: [
        `名单人数 ${onRoster}　已签到 ${signed.length}　已拍摄 ${all.filter((l) => l.status === 'photographed').length}　` +
          `已有照片免拍 ${all.filter((l) => l.hasPhoto).length}　缺席 ${all.filter((l) => l.status === 'absent').length}`,
        `缴费（按采集人数）：收费 ${fee?.chargeable ?? 0} 人 × ${event.feeYuan} 元 = 应交 ${feeYuan(fee?.dueFen ?? 0)}；` +
          `已缴 ${fee?.paid ?? 0} 人　未缴 ${fee?.unpaid ?? 0} 人　签到未拍 ${fee?.notPhotographed ?? 0} 人　免缴 ${fee?.exempt ?? 0} 人`,
        '学院负责人签字：____________________　　日期：____________',
      ],
    };
  });

  const { pdf, pages, fonts } = await renderReport({
    title: `${event.name} 签到表${opts.allStudents ? '（全体名单）' : ''}`,
    subtitle: `拍摄日期：${event.date}　　导出时间：${localDateTime((opts.now ?? new Date()).toISOString())}`,
    columns: (measure) => sheetColumns(measure, sections.flatMap((s) => s.shown.map((l) => l.studentId))),
    rowHeight: 30,
    sections,
    onProgress: opts.onProgress,
    fonts: opts.fonts,
    drawCell(doc, si, ri, ci, box) {
      if (ci !== SIGNATURE_COL) return;
      const path = sections[si]?.shown[ri]?.signature;
      if (!path || !SAFE_PATH.test(path)) return;
      const scale = Math.min((box.w - 8) / SIGNATURE_BOX.w, (box.h - 4) / SIGNATURE_BOX.h);
      doc.save();
      // A stroke that left the pad's box must not run over the next row.
      doc.rect(box.x + 1, box.y + 1, box.w - 2, box.h - 2).clip();
      doc.translate(box.x + 4, box.y + 2).scale(scale);
      doc.path(path).lineWidth(2.2).lineCap('round').lineJoin('round').strokeColor('#102a7a').stroke();
      doc.restore();
      doc.strokeColor('#000000');
    },
  });
  return { pdf, pages, rows: sections.reduce((n, s) => n + s.rows.length, 0), missingGlyphs: [...fonts.missing] };
}
