// The signed sign-in sheet (INTERFACES.md §1.7): one section per college, rows
// in ticket order, the captured signature drawn as vector strokes.
import type { Db } from '../../db/connection.js';
import { feeTotals } from '../fees.js';
import { FEE_LABEL, exportScope, localDateTime, scheduleOrder, studentLines, type ExportOptions, type StudentLine } from './data.js';
import { renderReport, type Column } from './pdf-report.js';

/** Signatures are stored as SVG path data in a 300×100 box (the desk's pad). */
const SIGNATURE_BOX = { w: 300, h: 100 };
const SAFE_PATH = /^[MLCQZmlcqz0-9.,\s-]+$/;

const COLUMNS: Column[] = [
  { title: '序号', width: 34, align: 'center' },
  { title: '号牌', width: 50, align: 'center' },
  { title: '学号', width: 92, align: 'center' },
  { title: '姓名', width: 78, align: 'center' },
  { title: '签到时间', width: 60, align: 'center' },
  { title: '缴费', width: 38, align: 'center' },
  { title: '签名', width: 150 },
];
const SIGNATURE_COL = 6;

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
  for (const l of lines) byCollege.set(l.college, [...(byCollege.get(l.college) ?? []), l]);
  const roomOf = new Map(event.stations.map((s) => [s.code, s.room]));
  const feeYuan = (fen: number) => `${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)} 元`;

  const sections = scheduleOrder(event, byCollege.keys()).map((college) => {
    const all = byCollege.get(college) ?? [];
    const signed = all.filter((l) => l.ticket !== null);
    const rooms = [...new Set(event.slots.filter((s) => s.college === college).map((s) => roomOf.get(s.station) ?? s.station))];
    const onRoster = all.filter((l) => !l.walkIn).length;
    const fee = fees.get(college);
    return {
      college,
      signed,
      heading: `学院：${college}${rooms.length ? `　　拍摄地点：${rooms.join('、')}` : ''}`,
      rows: signed.map((l, i) => [
        String(i + 1),
        l.ticket ?? '',
        l.studentId,
        l.name,
        localDateTime(l.checkedInAt).slice(11),
        l.feeStatus ? FEE_LABEL[l.feeStatus] : '',
        '',
      ]),
      summary: [
        `名单人数 ${onRoster}　已签到 ${signed.length}　已拍摄 ${all.filter((l) => l.status === 'photographed').length}　` +
          `已有照片免拍 ${all.filter((l) => l.hasPhoto).length}　缺席 ${all.filter((l) => l.status === 'absent').length}`,
        `缴费：已缴 ${fee?.paid ?? 0} 人　未缴 ${fee?.unpaid ?? 0} 人　免缴 ${fee?.exempt ?? 0} 人　` +
          `应收合计 ${feeYuan(fee?.dueFen ?? 0)}（${event.feeYuan} 元/人）`,
        '学院负责人签字：____________________　　日期：____________',
      ],
    };
  });

  const { pdf, pages, fonts } = await renderReport({
    title: `${event.name} 签到表`,
    subtitle: `拍摄日期：${event.date}　　导出时间：${localDateTime((opts.now ?? new Date()).toISOString())}`,
    columns: COLUMNS,
    rowHeight: 30,
    sections,
    onProgress: opts.onProgress,
    fonts: opts.fonts,
    drawCell(doc, si, ri, ci, box) {
      if (ci !== SIGNATURE_COL) return;
      const path = sections[si]?.signed[ri]?.signature;
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
