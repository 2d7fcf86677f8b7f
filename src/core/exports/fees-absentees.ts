// The fee summary per college and the absentee list for the make-up notice.
import type { Db } from '../../db/connection.js';
import { feeTotals } from '../fees.js';
import { STATUS_LABEL, exportScope, scheduleOrder, studentLines, type ExportOptions } from './data.js';
import { renderReport, type Column } from './pdf-report.js';
import type { Table } from './tabular.js';

const yuan = (fen: number) => (fen / 100).toFixed(2);

export function feesTable(db: Db, eventId: number, college?: string): Table {
  const event = exportScope(db, eventId, college);
  const { feeFen, colleges } = feeTotals(db, eventId);
  const byName = new Map(colleges.map((c) => [c.college, c]));
  const rows = scheduleOrder(event, byName.keys())
    .filter((c) => college === undefined || c === college)
    .map((c) => byName.get(c)!);
  const sum = (k: 'paid' | 'unpaid' | 'exempt' | 'paidFen' | 'dueFen') => rows.reduce((n, c) => n + c[k], 0);
  return {
    header: ['学院', '收费人数', '已缴', '未缴', '免缴', '单价(元)', '应收(元)', '已收(元)'],
    rows: [
      ...rows.map((c) => [c.college, String(c.paid + c.unpaid), String(c.paid), String(c.unpaid), String(c.exempt), yuan(feeFen), yuan(c.dueFen), yuan(c.paidFen)]),
      ['合计', String(sum('paid') + sum('unpaid')), String(sum('paid')), String(sum('unpaid')), String(sum('exempt')), yuan(feeFen), yuan(sum('dueFen')), yuan(sum('paidFen'))],
    ],
  };
}

/** Students still without a photo at the end of the day: never came, no-show, or left in the queue. */
export function absenteesTable(db: Db, eventId: number, college?: string): Table {
  exportScope(db, eventId, college);
  return {
    header: ['学号', '姓名', '学院', '专业', '层次', '情况'],
    rows: studentLines(db, eventId, college)
      .filter((l) => l.status !== 'photographed' && l.status !== 'exempt')
      .map((l) => [l.studentId, l.name, l.college, l.major ?? '', l.level ?? '', STATUS_LABEL[l.status]]),
  };
}

const FEE_COLUMNS: Column[] = [
  { title: '学院', width: 150 },
  { title: '收费人数', width: 50, align: 'center' },
  { title: '已缴', width: 40, align: 'center' },
  { title: '未缴', width: 40, align: 'center' },
  { title: '免缴', width: 40, align: 'center' },
  { title: '单价(元)', width: 50, align: 'right' },
  { title: '应收(元)', width: 76, align: 'right' },
  { title: '已收(元)', width: 76, align: 'right' },
];
const ABSENT_COLUMNS: Column[] = [
  { title: '学号', width: 100, align: 'center' },
  { title: '姓名', width: 80, align: 'center' },
  { title: '专业', width: 170 },
  { title: '层次', width: 60, align: 'center' },
  { title: '情况', width: 70, align: 'center' },
];

export async function feesPdf(db: Db, eventId: number, { college, fonts }: ExportOptions = {}) {
  const event = exportScope(db, eventId, college);
  const t = feesTable(db, eventId, college);
  const rendered = await renderReport({
    title: `${event.name} 采集费用汇总`,
    subtitle: `拍摄日期：${event.date}　　收费标准：${event.feeYuan} 元/人（已有照片者免缴）`,
    columns: FEE_COLUMNS,
    rowHeight: 22,
    fonts,
    sections: [{ heading: college ? `学院：${college}` : '全部学院', rows: t.rows, summary: ['经办人签字：____________________　　日期：____________'] }],
  });
  return { ...rendered, rows: t.rows.length };
}

export async function absenteesPdf(db: Db, eventId: number, { college, fonts }: ExportOptions = {}) {
  const event = exportScope(db, eventId, college);
  const t = absenteesTable(db, eventId, college);
  const byCollege = new Map<string, string[][]>();
  for (const r of t.rows) {
    const college = r[2] ?? '';
    const list = byCollege.get(college);
    if (list) list.push(r);
    else byCollege.set(college, [r]);
  }
  const rendered = await renderReport({
    title: `${event.name} 未采集名单`,
    subtitle: `拍摄日期：${event.date}　　未参加或过号未拍的同学须自行前往图像采集点补拍`,
    columns: ABSENT_COLUMNS,
    rowHeight: 22,
    fonts,
    sections: scheduleOrder(event, byCollege.keys()).map((c) => ({
      heading: `学院：${c}`,
      rows: (byCollege.get(c) ?? []).map((r) => [r[0] ?? '', r[1] ?? '', r[3] ?? '', r[4] ?? '', r[5] ?? '']),
      summary: [`共 ${byCollege.get(c)?.length ?? 0} 人`],
    })),
  });
  return { ...rendered, rows: t.rows.length };
}
