// The sign-in sheet and the tables, made from SQL fixtures and read back from the files.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { buildExport, createExport } from '../../../src/core/exports/index.js';
import { SIGNATURE, exportFixture, manyStudents, type FixtureDay } from './fixture.js';
import { tmpDir } from '../helpers.js';

/** Names with 生僻字 that print on the sheet (赵堃 and 孙喆 cancelled: they are on the absentee side). */
const RARE_ON_SHEET = ['王𠈌', '李䶮', '周赟', '吴玥', '郑昇'];
const NOW = new Date(2020, 11, 21, 17, 0);

/** A day with every case the files must tell apart. */
const DAY: FixtureDay = {
  students: [
    // 理学院 (station B, first slot of the day)
    { studentId: '00123', name: '王𠈌', college: '理学院', major: '物理', tickets: [{ station: 'B', status: 'photographed', fee: 'paid', signature: SIGNATURE }] },
    { studentId: '00124', name: '李䶮', college: '理学院', tickets: [{ station: 'B', status: 'no-show' }] },
    { studentId: '00125', name: '赵堃', college: '理学院', tickets: [{ station: 'B', status: 'cancelled' }] }, // cancelled, never came back: absent
    { studentId: '00126', name: '孙喆', college: '理学院', hasPhoto: true, tickets: [{ station: 'B', status: 'cancelled' }] }, // photo on file: exempt
    { studentId: '00127', name: '周赟', college: '理学院', tickets: [{ station: 'B', status: 'cancelled' }, { station: 'B', status: 'called', signature: SIGNATURE }] },
    { studentId: '00128', name: '吴玥', college: '理学院', walkIn: true, major: '化学', tickets: [{ station: 'B', status: 'waiting', fee: 'paid' }] },
    { studentId: '00129', name: '郑昇', college: '理学院', hasPhoto: true, tickets: [{ station: 'B', status: 'photographed' }] },
    { studentId: '00130', name: '冯缺席', college: '理学院', major: '数学' },
    // 纺织 (station A, 09:00) and 法政 (station A, 15:50)
    { studentId: '2019330001', name: '陈纺织', college: '纺织科学与工程学院', tickets: [{ station: 'A', status: 'photographed', fee: 'paid', signature: SIGNATURE }] },
    { studentId: '2019330002', name: '褚有照', college: '纺织科学与工程学院', hasPhoto: true },
    { studentId: '2019550001', name: '卫法政', college: '法政学院', tickets: [{ station: 'A', status: 'waiting' }] },
  ],
};

function pdfText(pdf: Buffer): { text: string; fonts: string; pages: number; file: string } {
  const file = join(tmpDir('sq-export-'), 'out.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return {
    file,
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
  };
}

/** Pixels of blue ink (the signature strokes are #102a7a) on one page rendered at 60 dpi. */
function blueInk(pdfFile: string, page: number): number {
  const prefix = join(tmpDir('sq-export-png-'), 'p');
  execFileSync('pdftoppm', ['-r', '60', '-f', String(page), '-l', String(page), '-singlefile', pdfFile, prefix]);
  const ppm = readFileSync(`${prefix}.ppm`);
  // P6 header: "P6\n<w> <h>\n255\n"
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  const start = header?.[0].length ?? 0;
  let n = 0;
  for (let i = start; i + 2 < ppm.length; i += 3) if ((ppm[i + 2] ?? 0) - (ppm[i] ?? 0) > 50) n++;
  return n;
}

describe('sign-in sheet', () => {
  it('one section per college in schedule order, rows in ticket order, cancelled tickets left out, rare names drawn by the shipped fonts alone', async () => {
    const { db, eventId } = exportFixture(DAY);
    const built = await buildExport(db, eventId, 'signin-sheet', { now: NOW, fonts: { systemFallbacks: false } });
    const { text, fonts, pages, file } = pdfText(built.bytes);
    expect(built.missingGlyphs).toEqual([]);
    expect(built.pages).toBe(pages);
    expect(pages).toBe(3);
    // 理学院: 0001B 王𠈌, 0002B 李䶮, (0003B, 0004B, 0005B cancelled), 0006B 周赟, 0007B 吴玥, 0008B 郑昇
    expect(built.rows).toBe(7);
    const pageTexts = text.split('\f');
    expect(pageTexts[0]).toContain('学院：理学院');
    expect(pageTexts[0]).toContain('拍摄地点：7-119');
    expect(pageTexts[1]).toContain('学院：纺织科学与工程学院');
    expect(pageTexts[2]).toContain('学院：法政学院');
    const order = ['0001B', '00123', '王𠈌', '0002B', '李䶮', '0006B', '周赟', '0007B', '吴玥', '0008B', '郑昇'].map((s) => pageTexts[0]?.indexOf(s) ?? -1);
    order.forEach((p, i) => expect(p, `item ${i}`).toBeGreaterThan(i === 0 ? -1 : (order[i - 1] ?? 0)));
    for (const gone of ['0003B', '0004B', '0005B', '赵堃', '孙喆', '冯缺席']) expect(pageTexts[0]).not.toContain(gone);
    for (const n of RARE_ON_SHEET) expect(text).toContain(n);
    expect(text).toContain('2021届研究生毕业图像采集 签到表');
    expect(text).toContain('拍摄日期：2020-12-21');
    expect(text).toContain('导出时间：2020-12-21 17:00:00');
    // 理学院 summary: 7 on the roster (not the walk-in), 5 live tickets, 2 photographed, 2 with a photo on file, 2 absent (赵堃, 冯缺席)
    expect(pageTexts[0]).toMatch(/名单人数 7\s+已签到 5\s+已拍摄 2\s+已有照片免拍 2\s+缺席 2/);
    expect(pageTexts[0]).toMatch(/已缴 2 人\s+未缴 2 人\s+免缴 1 人\s+应收合计 80 元（20 元\/人）/);
    expect(text.replace(/\s+/g, '')).toMatch(/第1页\/共3页[\s\S]*第2页\/共3页[\s\S]*第3页\/共3页/);
    // Hans is the main face; 𠈌 (Ext-B) comes from the shipped Hant face; both subsets
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansHans-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansHant-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    // signatures are drawn: blue ink on pages with signed rows, none on 法政学院's unsigned page
        expect(blueInk(file, 1)).toBeGreaterThan(40); // two signed rows
    expect(blueInk(file, 2)).toBeGreaterThan(15); // one
    expect(blueInk(file, 3)).toBe(0);
  });

  it('a character no font has is reported, and the rest of the sheet still prints', async () => {
    const { db, eventId } = exportFixture({ students: [{ studentId: '001', name: '刘𠀀𪚥', college: '理学院', tickets: [{ station: 'B' }] }] });
    const built = await buildExport(db, eventId, 'signin-sheet', { fonts: { systemFallbacks: false } });
    expect(built.missingGlyphs).toEqual(['𠀀', '𪚥']);
    expect(pdfText(built.bytes).text).toContain('刘');
  });

  it('--college prints that college only; an unknown one names those that exist', async () => {
    const { db, eventId } = exportFixture(DAY);
    const built = await buildExport(db, eventId, 'signin-sheet', { college: '法政学院' });
    const { text, pages } = pdfText(built.bytes);
    expect([pages, built.rows]).toEqual([1, 1]);
    expect(text).toContain('卫法政');
    expect(text).not.toContain('理学院');
    await expect(buildExport(db, eventId, 'signin-sheet', { college: '理' })).rejects.toThrow(
      'college "理" is not on the roster; colleges: 理学院、纺织科学与工程学院、法政学院',
    );
  });

  it('120 rows paginate: header on every page, each row once, the summary after the last row', async () => {
    const { db, eventId } = exportFixture({ students: manyStudents(120) });
    const built = await buildExport(db, eventId, 'signin-sheet');
    const { text, pages } = pdfText(built.bytes);
    expect(pages).toBe(built.pages);
    const perPage = text.split('\f').filter((p) => p.trim() !== '');
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => {
      expect(p).toMatch(/序号\s+号牌\s+学号\s+姓名\s+签到时间\s+缴费\s+签名/);
      expect(p).toContain('学院：理学院');
      if (i > 0) expect(p).toContain('（续上页）');
      expect(p).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
    });
    for (let i = 1; i <= 120; i++) expect(text.split(`学生${i}号`).length - 1, `学生${i}号`).toBe(1);
    expect(perPage.at(-1)).toContain('名单人数 120');
  });
});

describe('tables', () => {
  it('attendance: every roster student and walk-in, §1.8 statuses (cancelled counts as not checked in)', async () => {
    const { db, eventId } = exportFixture(DAY);
    const csv = await buildExport(db, eventId, 'attendance-csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['学号', '姓名', '学院', '号牌', '签到时间', '状态', '缴费']);
    const status = Object.fromEntries(rows.slice(1).map((r) => [r[0], [r[3], r[5], r[6]]]));
    expect(status).toEqual({
      '00123': ['0001B', 'photographed', 'paid'],
      '00124': ['0002B', 'no-show', 'unpaid'],
      '00125': ['', 'absent', ''],
      '00126': ['', 'exempt', ''],
      '00127': ['0006B', 'called', 'unpaid'],
      '00128': ['0007B', 'waiting', 'paid'],
      '00129': ['0008B', 'photographed', 'exempt'],
      '00130': ['', 'absent', ''],
      '2019330001': ['0001A', 'photographed', 'paid'],
      '2019330002': ['', 'exempt', ''],
      '2019550001': ['0002A', 'waiting', 'unpaid'],
    });
    expect(rows.find((r) => r[0] === '00123')?.[4]).toBe('2020-12-21 09:30:00');

    const xlsx = await buildExport(db, eventId, 'attendance-xlsx');
    const sheet = XLSX.read(xlsx.bytes).Sheets['考勤']!;
    const back = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: true });
    expect(back).toEqual(rows);
    for (let r = 2; r <= rows.length; r++) expect(sheet[`A${r}`]?.t).toBe('s');
  });

  it('CSV quotes what needs quoting', async () => {
    const { db, eventId } = exportFixture({ students: [{ studentId: '007', name: 'O"Neil, Jr', college: '理学院' }] });
    const csv = (await buildExport(db, eventId, 'attendance-csv')).bytes.toString('utf8');
    expect(csv).toContain('\r\n007,"O""Neil, Jr",理学院,,,absent,\r\n');
  });

  it('fees per college in schedule order with a total; absentees are those still without a photo', async () => {
    const { db, eventId } = exportFixture(DAY);
    const fees = XLSX.utils.sheet_to_json<string[]>(XLSX.read((await buildExport(db, eventId, 'fees-xlsx')).bytes).Sheets['费用汇总']!, { header: 1 });
    expect(fees).toEqual([
      ['学院', '收费人数', '已缴', '未缴', '免缴', '单价(元)', '应收(元)', '已收(元)'],
      ['理学院', '4', '2', '2', '1', '20.00', '80.00', '40.00'],
      ['纺织科学与工程学院', '1', '1', '0', '0', '20.00', '20.00', '20.00'],
      ['法政学院', '1', '0', '1', '0', '20.00', '20.00', '0.00'],
      ['合计', '6', '3', '3', '1', '20.00', '120.00', '60.00'],
    ]);
    const absent = XLSX.utils.sheet_to_json<string[]>(XLSX.read((await buildExport(db, eventId, 'absentees-xlsx')).bytes).Sheets['未采集名单']!, { header: 1 });
    expect(absent.map((r) => r[0])).toEqual(['学号', '00124', '00127', '00128', '00125', '00130', '2019550001']);
    expect(absent.find((r) => r[0] === '00130')).toEqual(['00130', '冯缺席', '理学院', '数学', '', '缺席']);
    const pdf = await buildExport(db, eventId, 'absentees-pdf', { fonts: { systemFallbacks: false } });
    const { text } = pdfText(pdf.bytes);
    expect(text.indexOf('学院：理学院')).toBeLessThan(text.indexOf('学院：法政学院'));
    for (const n of ['李䶮', '赵堃', '冯缺席', '卫法政']) expect(text).toContain(n);
    for (const n of ['王𠈌', '孙喆', '郑昇', '褚有照']) expect(text).not.toContain(n);
    const feesPdf = pdfText((await buildExport(db, eventId, 'fees-pdf')).bytes).text;
    expect(feesPdf).toMatch(/合计\s+6\s+3\s+3\s+1\s+20\.00\s+120\.00\s+60\.00/);
  });

  it('audit log: every action with time and actor, in order, as CSV with BOM', async () => {
    const { db, eventId } = exportFixture({
      students: [],
      audit: [
        { at: '09:30:00', actor: 'desk', action: 'check-in', ticket: '0001A', studentId: '00123', detail: { method: 'card' } },
        { at: '09:30:05', actor: 'desk', action: 'duplicate', ticket: '0001A', studentId: '00123' },
        { at: '09:31:00', actor: 'desk', action: 'reprint', ticket: '0001A' },
        { at: '09:32:00', actor: 'caller:A', action: 'call', ticket: '0001A' },
        { at: '09:33:00', actor: 'caller:A', action: 'no-show', ticket: '0001A' },
        { at: '09:40:00', actor: 'caller:A', action: 'recall', ticket: '0001A' },
        { at: '09:41:00', actor: 'admin', action: 'undo', ticket: '0001A' },
      ],
    });
    const csv = (await buildExport(db, eventId, 'audit-csv')).bytes.toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n').slice(0, 3)).toEqual([
      '时间,操作者,操作,号牌,学号,详情',
      '2020-12-21 09:30:00,desk,check-in,0001A,00123,"{""method"":""card""}"',
      '2020-12-21 09:30:05,desk,duplicate,0001A,00123,',
    ]);
    expect(csv.match(/,(check-in|duplicate|reprint|call|no-show|recall|undo),/g)).toHaveLength(7);
  });

  it('createExport names the file after the event, the export and the day', async () => {
    const { db, eventId } = exportFixture(DAY);
    const f = await createExport(db, eventId, { kind: 'attendance-xlsx', college: '理学院' }, NOW);
    expect(f.fileName).toBe('2021届研究生毕业图像采集-考勤-理学院-2020-12-21.xlsx');
    expect(f.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(XLSX.read(Buffer.from(f.base64, 'base64')).SheetNames).toEqual(['考勤']);
  });
});
