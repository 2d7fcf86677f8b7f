// The fee summary per college and the absentee list for the make-up notice.
// Fees are counted as the notices count them: the college hands over the fee
// for every student photographed (seed 003: 按照采集人数), exempt ones apart;
// students checked in but not photographed and exempt students are listed.
import type { Db } from '../../db/connection.js';
import { feeTotals } from '../fees.js';
import { FEE_LABEL, wordsOf, exportScope, scheduleOrder, studentLines, type ExportOptions } from './data.js';
import { renderReport, type Column } from './pdf-report.js';
import { YUAN, cellText, type Table } from './tabular.js';

export interface FeeTables {
  /** One row per college in schedule order, then 合计. */
  summary: Table;
  /** Checked in, not photographed: with their fee status (a paid one is money held for nobody photographed). */
  notPhotographed: Table;
  /** A photo on file, or exempted at the desk. */
  exempt: Table;
}

export function feeTables(db: Db, eventId: number, college?: string): FeeTables {
  const event = exportScope(db, eventId, college);
  const { feeFen, colleges } = feeTotals(db, eventId);
  const byName = new Map(colleges.map((c) => [c.college, c]));
  const rows = scheduleOrder(event, byName.keys())
    .filter((c) => college === undefined || c === college)
    .map((c) => byName.get(c)!);
  type Count = 'photographed' | 'chargeable' | 'paid' | 'unpaid' | 'notPhotographed' | 'exempt' | 'paidFen' | 'dueFen';
  const sum = (k: Count) => rows.reduce((n, c) => n + c[k], 0);
  const yuan = (fen: number) => fen / 100;
  const line = (name: string, get: (k: Count) => number) => [
    name,
    get('photographed'),
    get('chargeable'),
    yuan(feeFen),
    yuan(get('dueFen')),
    get('paid'),
    get('unpaid'),
    yuan(get('paidFen')),
    get('notPhotographed'),
    get('exempt'),
  ];
  const lines = studentLines(db, eventId, college);
  return {
    summary: {
      header: ['学院', '采集人数', '收费人数', '单价(元)', '应交(元)', '已缴', '未缴', '已收(元)', '签到未拍', '免缴'],
      formats: [undefined, undefined, undefined, YUAN, YUAN, undefined, undefined, YUAN, undefined, undefined],
      rows: [...rows.map((c) => line(c.college, (k) => c[k])), line('合计', sum)],
    },
    notPhotographed: {
      header: ['学号', '姓名', '学院', '号牌', '拍摄', '缴费'],
      rows: lines
        .filter((l) => l.ticket !== null && l.status !== 'photographed')
        .map((l) => [l.studentId, l.name, l.college, l.ticket ?? '', wordsOf(l).full, l.feeStatus ? FEE_LABEL[l.feeStatus] : '']),
    },
    exempt: {
      header: ['学号', '姓名', '学院', '号牌', '拍摄', '免缴原因'],
      rows: lines
        .filter((l) => l.hasPhoto || l.feeStatus === 'exempt')
        .map((l) => [l.studentId, l.name, l.college, l.ticket ?? '', wordsOf(l).full, l.hasPhoto ? '已有照片' : '签到时免缴']),
    },
  };
}

/** Students still without a photo at the end of the day: never came, no-show, or left in the queue. */
export function absenteesTable(db: Db, eventId: number, college?: string): Table {
  exportScope(db, eventId, college);
  return {
    header: ['学号', '姓名', '学院', '专业', '层次', '情况'],
    rows: studentLines(db, eventId, college)
      .filter((l) => l.status !== 'photographed' && l.status !== 'exempt')
      .map((l) => [l.studentId, l.name, l.college, l.major ?? '', l.level ?? '', wordsOf(l).full]),
  };
}

const FEE_COLUMNS: Column[] = [
  { title: '学院', width: 135 },
  { title: '采集人数', width: 44, align: 'center' },
  { title: '收费人数', width: 44, align: 'center' },
  { title: '单价(元)', width: 44, align: 'right' },
  { title: '应交(元)', width: 56, align: 'right' },
  { title: '已缴', width: 36, align: 'center' },
  { title: '未缴', width: 36, align: 'center' },
  { title: '已收(元)', width: 56, align: 'right' },
  { title: '签到未拍', width: 44, align: 'center' },
  { title: '免缴', width: 28, align: 'center' },
];
const listColumns = (last: string): Column[] => [
  { title: '学号', width: 122, align: 'center' },
  { title: '姓名', width: 80, align: 'center' },
  { title: '学院', width: 150 },
  { title: '号牌', width: 48, align: 'center' },
  { title: '拍摄', width: 56, align: 'center' },
  { title: last, width: 66, align: 'center' },
];
const ABSENT_COLUMNS: Column[] = [
  { title: '学号', width: 122, align: 'center' },
  { title: '姓名', width: 80, align: 'center' },
  { title: '专业', width: 160 },
  { title: '层次', width: 60, align: 'center' },
  { title: '情况', width: 70, align: 'center' },
];

const asText = (t: Table) => t.rows.map((r) => r.map((v, i) => cellText(v, t.formats?.[i])));
const yuanText = (fen: number) => `${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)} 元`;

export async function feesPdf(db: Db, eventId: number, { college, fonts, onProgress }: ExportOptions = {}) {
  const event = exportScope(db, eventId, college);
  const t = feeTables(db, eventId, college);
  const total = t.summary.rows.at(-1) ?? [];
  const num = (i: number) => (typeof total[i] === 'number' ? total[i] : 0);
  const heldPaid = t.notPhotographed.rows.filter((r) => r[5] === FEE_LABEL.paid).length;
  const rendered = await renderReport({
    title: `${event.name} 采集费用汇总`,
    subtitle: `拍摄日期：${event.date}　　收费标准：${event.feeYuan} 元/人，按采集（已拍摄）人数计；已有照片者免缴`,
    columns: FEE_COLUMNS,
    rowHeight: 22,
    fonts,
    onProgress,
    sections: [
      {
        heading: college ? `学院：${college}` : '全部学院',
        rows: asText(t.summary),
        summary: [`应交合计 ${yuanText(Math.round(num(4) * 100))}：收费人数 ${num(2)} 人 × ${event.feeYuan} 元；已缴 ${num(5)} 人，未缴 ${num(6)} 人`],
      },
      {
        heading: `签到未拍（${t.notPhotographed.rows.length} 人${heldPaid > 0 ? `，其中 ${heldPaid} 人已缴费：退费或补拍后计入` : ''}）`,
        columns: listColumns('缴费'),
        followOn: true,
        rows: asText(t.notPhotographed),
        summary: [],
      },
      {
        heading: `免缴（${t.exempt.rows.length} 人）`,
        columns: listColumns('免缴原因'),
        followOn: true,
        rows: asText(t.exempt),
        summary: ['经办人签字：____________________　　日期：____________'],
      },
    ],
  });
  return { ...rendered, rows: t.summary.rows.length };
}

export async function absenteesPdf(db: Db, eventId: number, { college, fonts, onProgress }: ExportOptions = {}) {
  const event = exportScope(db, eventId, college);
  const t = absenteesTable(db, eventId, college);
  const byCollege = new Map<string, string[][]>();
  for (const r of asText(t)) {
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
    onProgress,
    sections: scheduleOrder(event, byCollege.keys()).map((c) => ({
      heading: `学院：${c}`,
      rows: (byCollege.get(c) ?? []).map((r) => [r[0] ?? '', r[1] ?? '', r[3] ?? '', r[4] ?? '', r[5] ?? '']),
      summary: [`共 ${byCollege.get(c)?.length ?? 0} 人`],
    })),
  });
  return { ...rendered, rows: t.rows.length };
}
