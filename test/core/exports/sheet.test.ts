// The sign-in sheet and the tables, made from SQL fixtures and read back from the files.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { buildExport, createExport } from '../../../src/core/exports/index.js';
import { ExportInput } from '../../../src/shared/schemas.js';
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
    // fees as the notices count them: 1 photographed and paying (郑昇 has a photo on file), 3 checked in but not photographed
    expect(pageTexts[0]).toMatch(/缴费（按采集人数）：收费 1 人 × 20 元 = 应交 20 元；已缴 1 人\s+未缴 0 人\s+签到未拍 3 人\s+免缴 2 人/);
    // each row says whether the student was photographed, rows still in ticket order
    const lineOf = (ticket: string) => pageTexts[0]?.split('\n').find((l) => l.includes(ticket)) ?? '';
    expect(lineOf('0001B')).toMatch(/00123\s+王𠈌\s+09:30:00\s+已缴\s+已拍/);
    expect(lineOf('0002B')).toMatch(/李䶮\s+09:30:00\s+未缴\s+过号/);
    expect(lineOf('0006B')).toMatch(/周赟\s+09:30:00\s+未缴\s+未拍/);
    expect(lineOf('0007B')).toMatch(/吴玥\s+09:30:00\s+已缴\s+未拍/);
    expect(lineOf('0008B')).toMatch(/郑昇\s+09:30:00\s+免缴\s+已拍/);
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
      expect(p).toMatch(/序号\s+号牌\s+学号\s+姓名\s+签到时间\s+缴费\s+拍摄\s+签名/);
      expect(p).toContain('学院：理学院');
      if (i > 0) expect(p).toContain('（续上页）');
      expect(p).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
    });
    for (let i = 1; i <= 120; i++) expect(text.split(`学生${i}号`).length - 1, `学生${i}号`).toBe(1);
    expect(perPage.at(-1)).toContain('名单人数 120');
  });
});

/** Every word pdftotext finds on the first page, with its box (points from the top left). */
function words(pdf: Buffer): { text: string; xMin: number; xMax: number; yMin: number; yMax: number }[] {
  const file = join(tmpDir('sq-export-'), 'words.pdf');
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5] ?? '',
  }));
}

describe('sign-in sheet columns and options', () => {
  const IDS = ['2019001', '20210101234567890', '202101012345678901', '20210101234567890123', '1234567890123456789012345678901234567890'];
  const day = (): FixtureDay => ({
    students: [
      ...IDS.map((studentId, i) => ({ studentId, name: `欧阳${'娜'.repeat(i + 1)}`, college: '理学院', tickets: [{ station: 'B', status: 'waiting' as const }] })),
      { studentId: '2019100', name: '缺席者', college: '理学院' },
      { studentId: '2019101', name: '有照片', college: '理学院', hasPhoto: true },
      { studentId: '2019102', name: '撤销者', college: '理学院', tickets: [{ station: 'B', status: 'cancelled' as const }] },
      { studentId: 'W-3301', name: '现场撤销', college: '理学院', walkIn: true, tickets: [{ station: 'B', status: 'cancelled' as const }] },
      { studentId: '2019200', name: '法政缺席', college: '法政学院' },
    ],
  });

  it('学号 fits 17–20 digit student IDs on one line at full size, between its neighbours; only a longer one prints smaller', async () => {
    const { db, eventId } = exportFixture(day());
    const all = words((await buildExport(db, eventId, 'signin-sheet')).bytes);
    const row = (text: string) => {
      const w = all.find((x) => x.text === text);
      expect(w, `${text} is one word on one line`).toBeDefined();
      return all.filter((x) => Math.abs(x.yMin - w!.yMin) < 3 || (x.yMin < w!.yMax && x.yMax > w!.yMin)).sort((a, b) => a.xMin - b.xMin);
    };
    const fullSize = all.find((x) => x.text === '2019001')!.yMax - all.find((x) => x.text === '2019001')!.yMin;
    IDS.forEach((id, i) => {
      const line = row(id);
      const at = line.findIndex((x) => x.text === id);
      const [ticket, idWord, name] = [line[at - 1]!, line[at]!, line[at + 1]!];
      expect(ticket.text, id).toMatch(/^000\dB$/);
      expect(name.text, id).toBe(`欧阳${'娜'.repeat(i + 1)}`);
      // its own column: clear of the ticket and of the name
      expect(idWord.xMin - ticket.xMax, id).toBeGreaterThan(6);
      expect(name.xMin - idWord.xMax, id).toBeGreaterThan(6);
      const height = idWord.yMax - idWord.yMin;
      if (id.length <= 20) expect(height, id).toBeCloseTo(fullSize, 1);
      else expect(height, id).toBeLessThan(fullSize * 0.8);
    });
  });

  it('allStudents: the signed rows in ticket order, then every roster student who did not check in, marked 缺席 (免拍 with a photo on file)', async () => {
    const { db, eventId } = exportFixture(day());
    const signedOnly = await buildExport(db, eventId, 'signin-sheet');
    const built = await buildExport(db, eventId, 'signin-sheet', { allStudents: true, fonts: { systemFallbacks: false } });
    expect([signedOnly.rows, built.rows]).toEqual([5, 9]);
    const { text } = pdfText(built.bytes);
    expect(text).toContain('签到表（全体名单）');
    const [science, law] = text.split('\f');
    const order = ['0001B', '0002B', '0003B', '0004B', '0005B', '缺席者', '有照片', '撤销者'].map((s) => science?.indexOf(s) ?? -1);
    order.forEach((p, i) => expect(p, `item ${i}`).toBeGreaterThan(i === 0 ? -1 : (order[i - 1] ?? 0)));
    const lineOf = (page: string | undefined, name: string) => page?.split('\n').find((l) => l.includes(name)) ?? '';
    expect(lineOf(science, '缺席者')).toMatch(/^\s*6\s+2019100\s+缺席者\s+缺席\s*$/);
    expect(lineOf(science, '有照片')).toMatch(/^\s*7\s+2019101\s+有照片\s+免拍\s*$/);
    expect(lineOf(science, '撤销者')).toMatch(/^\s*8\s+2019102\s+撤销者\s+缺席\s*$/);
    expect(science).not.toContain('现场撤销'); // a walk-in whose check-in was undone never was on the roster
    expect(lineOf(law, '法政缺席')).toMatch(/^\s*1\s+2019200\s+法政缺席\s+缺席\s*$/);
    expect(pdfText(signedOnly.bytes).text).not.toContain('缺席者');
  });

  it('every export reports progress that ends complete, and the PDFs let the event loop run on the way', async () => {
    const { db, eventId } = exportFixture({ students: manyStudents(450) });
    for (const kind of ['signin-sheet', 'attendance-csv', 'attendance-xlsx', 'fees-pdf', 'fees-xlsx', 'absentees-pdf', 'absentees-xlsx', 'audit-csv'] as const) {
      const seen: [number, number][] = [];
      const built = await buildExport(db, eventId, kind, { onProgress: (d, t) => seen.push([d, t]) });
      const last = seen.at(-1);
      expect(last?.[0], kind).toBe(last?.[1]);
      expect(seen.filter(([d, t]) => d === t), kind).toHaveLength(1);
      if (kind === 'signin-sheet') expect(seen).toEqual([[200, 450], [400, 450], [450, 450]]);
      if (kind === 'attendance-xlsx') expect(last).toEqual([built.rows, built.rows]);
    }
    const order: string[] = [];
    let running = true;
    const other = () => {
      order.push('other');
      if (running) setImmediate(other);
    };
    setImmediate(other);
    await buildExport(db, eventId, 'signin-sheet', { onProgress: (d) => order.push(`p${d}`) });
    running = false;
    const between = order.slice(order.indexOf('p200'), order.indexOf('p450'));
    expect(between).toContain('other');
  });
});

describe('tables', () => {
  it('attendance: every roster student and walk-in, §1.8 statuses (cancelled counts as not checked in)', async () => {
    const { db, eventId } = exportFixture(DAY);
    const csv = await buildExport(db, eventId, 'attendance-csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['学号', '姓名', '学院', '号牌', '签到时间', '状态', '缴费', '本人确认', '补拍']);
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
    expect(csv).toContain('\r\n007,"O""Neil, Jr",理学院,,,absent,,,\r\n');
  });

  it('fees per college as the notices count them (fee × photographed), numbers as numbers; the not-photographed and the exempt listed apart', async () => {
    const { db, eventId } = exportFixture(DAY);
    const wb = XLSX.read((await buildExport(db, eventId, 'fees-xlsx')).bytes, { cellNF: true });
    expect(wb.SheetNames).toEqual(['费用汇总', '签到未拍', '免缴名单']);
    const sheet = wb.Sheets['费用汇总']!;
    const fees = XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, raw: true });
    expect(fees).toEqual([
      ['学院', '采集人数', '收费人数', '单价(元)', '应交(元)', '已缴', '未缴', '已收(元)', '签到未拍', '免缴'],
      // 理学院: 王𠈌 photographed and paid; 郑昇 photographed but exempt; 李䶮, 周赟, 吴玥 checked in, not photographed; 孙喆 and 郑昇 photo on file
      ['理学院', 2, 1, 20, 20, 1, 0, 20, 3, 2],
      ['纺织科学与工程学院', 1, 1, 20, 20, 1, 0, 20, 0, 1],
      ['法政学院', 0, 0, 20, 0, 0, 0, 0, 1, 0],
      ['合计', 3, 2, 20, 40, 2, 0, 40, 4, 3],
    ]);
    // Excel's SUM adds them: counts and amounts are numeric cells, amounts shown with two decimals; names stay text
    for (let r = 2; r <= 5; r++) {
      expect(sheet[`A${r}`]?.t).toBe('s');
      for (const c of 'BCDEFGHIJ') expect(sheet[`${c}${r}`]?.t, `${c}${r}`).toBe('n');
      for (const c of 'DEH') expect(sheet[`${c}${r}`]?.z, `${c}${r}`).toBe('0.00');
    }
    expect(XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false })[1]).toEqual(['理学院', '2', '1', '20.00', '20.00', '1', '0', '20.00', '3', '2']);
    const list = (name: string) => XLSX.utils.sheet_to_json<string[]>(wb.Sheets[name]!, { header: 1, raw: true });
    expect(list('签到未拍')).toEqual([
      ['学号', '姓名', '学院', '号牌', '拍摄', '缴费'],
      ['00124', '李䶮', '理学院', '0002B', '过号未拍', '未缴'],
      ['00127', '周赟', '理学院', '0006B', '叫号中', '未缴'],
      ['00128', '吴玥', '理学院', '0007B', '候拍', '已缴'],
      ['2019550001', '卫法政', '法政学院', '0002A', '候拍', '未缴'],
    ]);
    expect(list('免缴名单').map((r) => [r[0], r[3] ?? '', r[5]])).toEqual([
      ['学号', '号牌', '免缴原因'],
      ['00129', '0008B', '已有照片'],
      ['00126', '', '已有照片'],
      ['2019330002', '', '已有照片'],
    ]);
    // student IDs and tickets stay text in every sheet
    expect(wb.Sheets['签到未拍']!['A2']?.t).toBe('s');
    expect(wb.Sheets['签到未拍']!['D2']?.t).toBe('s');

    const feesPdf = await buildExport(db, eventId, 'fees-pdf', { fonts: { systemFallbacks: false } });
    const ftext = pdfText(feesPdf.bytes).text;
    expect(feesPdf.rows).toBe(4);
    expect(ftext).toMatch(/合计\s+3\s+2\s+20\.00\s+40\.00\s+2\s+0\s+40\.00\s+4\s+3/);
    expect(ftext).toContain('应交合计 40 元：收费人数 2 人 × 20 元');
    expect(ftext).toContain('签到未拍（4 人，其中 1 人已缴费：退费或补拍后计入）');
    expect(ftext).toContain('免缴（3 人）');
    for (const n of ['李䶮', '周赟', '吴玥', '卫法政', '孙喆', '郑昇', '褚有照']) expect(ftext).toContain(n);

    const absent = XLSX.utils.sheet_to_json<string[]>(XLSX.read((await buildExport(db, eventId, 'absentees-xlsx')).bytes).Sheets['未采集名单']!, { header: 1 });
    expect(absent.map((r) => r[0])).toEqual(['学号', '00124', '00127', '00128', '00125', '00130', '2019550001']);
    expect(absent.find((r) => r[0] === '00130')).toEqual(['00130', '冯缺席', '理学院', '数学', '', '缺席']);
    const pdf = await buildExport(db, eventId, 'absentees-pdf', { fonts: { systemFallbacks: false } });
    const { text } = pdfText(pdf.bytes);
    expect(text.indexOf('学院：理学院')).toBeLessThan(text.indexOf('学院：法政学院'));
    for (const n of ['李䶮', '赵堃', '冯缺席', '卫法政']) expect(text).toContain(n);
    for (const n of ['王𠈌', '孙喆', '郑昇', '褚有照']) expect(text).not.toContain(n);
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
      '时间,操作者,操作,号牌,学号,详情,说明',
      '2020-12-21 09:30:00,desk,check-in,0001A,00123,"{""method"":""card""}",签到',
      '2020-12-21 09:30:05,desk,duplicate,0001A,00123,,重复签到',
    ]);
    expect(csv.match(/,(check-in|duplicate|reprint|call|no-show|recall|undo),/g)).toHaveLength(7);
  });

  it('createExport names the file after the event, the export and the day', async () => {
    const { db, eventId } = exportFixture(DAY);
    const f = await createExport(db, eventId, { kind: 'attendance-xlsx', college: '理学院' }, NOW);
    expect(f.fileName).toBe('2021届研究生毕业图像采集-考勤-理学院-2020-12-21.xlsx');
    expect(f.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(XLSX.read(Buffer.from(f.base64, 'base64')).SheetNames).toEqual(['考勤']);
    // the API's query string carries allStudents as text
    const input = ExportInput.parse({ kind: 'signin-sheet', allStudents: 'true' });
    const seen: number[] = [];
    const all = await createExport(db, eventId, input, NOW, (d) => seen.push(d));
    expect(all.fileName).toBe('2021届研究生毕业图像采集-签到表-全体名单-2020-12-21.pdf');
    expect(pdfText(Buffer.from(all.base64, 'base64')).text).toContain('冯缺席');
    expect(seen.at(-1)).toBe(11); // 理学院 5 signed + 赵堃, 孙喆, 冯缺席; 纺织 陈纺织 + 褚有照; 法政 卫法政
    expect(ExportInput.parse({ kind: 'signin-sheet', allStudents: 'false' }).allStudents).toBe(false);
    expect(() => ExportInput.parse({ kind: 'signin-sheet', allStudents: 'yes' })).toThrow();
  });
});
