import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../../src/core/kiosk.js';
import { openDb } from '../../../src/db/connection.js';
import { SEED_EVENT, at, client, tmpDir, type Client } from '../helpers.js';

const admin = { actor: 'admin', pin: '1234' };
const desk = { actor: 'desk' };
const ROOT = new URL('../../../', import.meta.url).pathname;
const SIGNATURE = 'M 20 70 L 60 30 L 100 70 L 140 30 L 180 70 M 200 50 L 280 50';

let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

/** A roster of `n` students of 理学院 (station B) plus a few with rare characters and a photo on file. */
function rosterCsv(n: number): string {
  const lines = ['学号,姓名,学院,专业,已有照片'];
  for (let i = 1; i <= n; i++) lines.push(`0${String(2019000 + i)},学生${i}号,理学院,数学,否`);
  lines.push('00123,王𠈌,理学院,物理,否', '00124,李䶮,理学院,物理,否', '00125,张喆赟,理学院,物理,是', '00126,缺席者,法政学院,法学,否');
  return `${lines.join('\n')}\n`;
}

async function day(dir: string, n: number): Promise<{ h: Client; file: string }> {
  const file = join(dir, 'day.db');
  kiosk = await openKiosk({ dbFile: file, now: () => at(9, 30) });
  const h = client(kiosk);
  await h.importEvent(structuredClone(SEED_EVENT), admin);
  const roster = await h.importRoster({ fileName: 'roster.csv', contentBase64: Buffer.from(rosterCsv(n)).toString('base64') }, admin);
  expect(roster.skipped).toEqual([]);
  for (const sid of ['00123', '00124']) await h.checkIn({ studentId: sid }, desk);
  for (let i = 1; i <= n; i++) {
    const r = await h.checkIn({ studentId: `0${2019000 + i}` }, desk);
    if (i % 2 === 1) await h.saveSignature({ ticket: r.ticket, svgPath: SIGNATURE }, desk);
  }
  await h.callNext({ station: 'B' }, { actor: 'caller' });
  await h.photographed({ ticket: '0001B' }, { actor: 'caller' });
  await h.callNext({ station: 'B' }, { actor: 'caller' });
  await h.noShow({ ticket: '0002B' }, { actor: 'caller' });
  await h.setFeeStatus({ ticket: '0003B', feeStatus: 'paid' }, desk);
  await kiosk.close();
  kiosk = undefined;
  return { h, file };
}

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('exports', () => {
  it('sign-in sheet: every student in ticket order, CJK font embedded as a subset, rare characters drawn, footer page numbers', async () => {
    const dir = tmpDir('sq-export-');
    const { file } = await day(dir, 40);
    const out = join(dir, 'sheet.pdf');
    const r = cli(['export', 'signin-sheet', '--db', file, '--out', out]);
    expect(r.stderr).not.toMatch(/warning/);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { pages: number; rows: number };
    expect(summary.rows).toBe(42);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+${summary.pages}\\b`));
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansHans-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    // ticket order: 0001B (王𠈌), 0002B (李䶮), then the roster in check-in order
    const order = ['0001B', '0002B', '0003B', '0010B', '0042B'].map((t) => text.indexOf(t));
    expect(order.every((p, i) => p >= 0 && (i === 0 || p > (order[i - 1] ?? 0)))).toBe(true);
    for (const s of ['王𠈌', '李䶮', '学生1号', '学生40号', '02019040', '学院：理学院', '已缴', '未缴']) expect(text).toContain(s);
    expect(text).toMatch(new RegExp(`第\\s*1\\s*页\\s*/\\s*共\\s*${summary.pages}\\s*页`));
    // the absent student of 法政学院 has a section with no signed rows, and is counted absent
    expect(text).toMatch(/学院：法政学院[\s\S]*缺席 1/);
    // kept as an artifact, to look at the rendered form (pdftoppm -png)
    mkdirSync(join(ROOT, 'test-results/exports'), { recursive: true });
    copyFileSync(out, join(ROOT, 'test-results/exports/signin-sheet.pdf'));
  });

  it('a 500-row sheet paginates: the column header on every page, every row once', async () => {
    const dir = tmpDir('sq-export-');
    const { file } = await day(dir, 500);
    const out = join(dir, 'sheet.pdf');
    const r = cli(['export', 'signin-sheet', '--db', file, '--out', out, '--college', '理学院']);
    expect(r.status).toBe(0);
    const { pages, rows } = JSON.parse(r.stdout) as { pages: number; rows: number };
    expect(rows).toBe(502);
    expect(pages).toBeGreaterThan(10);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    const perPage = text.split('\f').filter((p) => p.trim() !== '');
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => {
      expect(p).toMatch(/序号\s+号牌\s+学号\s+姓名\s+签到时间\s+缴费\s+拍摄\s+签名/);
      expect(p).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
    });
    for (let i = 1; i <= 500; i++) expect(text.split(`学生${i}号`).length - 1).toBe(1);
    expect(text).not.toContain('法政学院');
  });

  it('attendance CSV has a BOM, keeps leading zeros and gives every status; XLSX reads back the same', async () => {
    const dir = tmpDir('sq-export-');
    const { file } = await day(dir, 5);
    const csvOut = join(dir, 'a.csv');
    const r = cli(['export', 'attendance', '--db', file, '--out', csvOut]);
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(csvOut);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('学号,姓名,学院,号牌,签到时间,状态,缴费,本人确认,补拍');
    const byId = new Map(lines.slice(1).map((l) => [l.split(',')[0], l.split(',')]));
    expect(byId.get('00123')).toEqual(['00123', '王𠈌', '理学院', '0001B', expect.stringMatching(/^2020-12-21 09:30:00$/), 'photographed', 'unpaid', '否', '0']);
    expect(byId.get('00124')?.[5]).toBe('no-show');
    expect(byId.get('02019001')?.slice(3, 7)).toEqual(['0003B', expect.any(String), 'waiting', 'paid']);
    expect(byId.get('00125')?.[5]).toBe('exempt');
    expect(byId.get('00126')?.slice(3)).toEqual(['', '', 'absent', '', '', '']);

    const xOut = join(dir, 'a.xlsx');
    expect(cli(['export', 'attendance', '--db', file, '--out', xOut]).status).toBe(0);
    const wb = XLSX.read(readFileSync(xOut));
    const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet!, { header: 1, raw: false });
    expect(rows[0]).toEqual(['学号', '姓名', '学院', '号牌', '签到时间', '状态', '缴费', '本人确认', '补拍']);
    expect(rows.find((x) => x[0] === '02019001')).toBeDefined();
    expect(sheet!['A2']?.t).toBe('s');
  });

  it('fees, absentees and audit: the numbers a secretary reconciles', async () => {
    const dir = tmpDir('sq-export-');
    const { file } = await day(dir, 3);
    const fees = join(dir, 'fees.xlsx');
    expect(cli(['export', 'fees', '--db', file, '--out', fees]).status).toBe(0);
    const frows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(fees)).Sheets['费用汇总']!, { header: 1, raw: false });
    // 5 checked in at 理学院, 1 photographed (unpaid): the college hands over 20 yuan; 4 not photographed (0003B paid); 张喆赟 has a photo on file
    expect(frows.find((r) => r[0] === '理学院')).toEqual(['理学院', '1', '1', '20.00', '20.00', '0', '1', '0.00', '4', '1']);
    const absent = join(dir, 'absent.pdf');
    expect(cli(['export', 'absentees', '--db', file, '--out', absent]).status).toBe(0);
    const atext = execFileSync('pdftotext', ['-layout', absent, '-'], { encoding: 'utf8' });
    expect(atext).toContain('缺席者');
    expect(atext).toContain('过号未拍');
    expect(atext).not.toContain('张喆赟'); // photo on file: no make-up needed
    expect(atext).not.toContain('王𠈌'); // photographed
    const auditOut = join(dir, 'audit.csv');
    expect(cli(['export', 'audit', '--db', file, '--out', auditOut]).status).toBe(0);
    const audit = readFileSync(auditOut, 'utf8');
    for (const action of ['check-in', 'call', 'photographed', 'no-show', 'fee']) expect(audit).toContain(`,${action},`);
  });

  it('bad requests: unknown college, wrong extension, no event, missing --out: exit 2 with one error line', () => {
    const dir = tmpDir('sq-export-');
    const empty = join(dir, 'empty.db');
    // A database with no event (exports refuse a missing one: test/cli/export.test.ts).
    openDb(empty).close();
    const r1 = cli(['export', 'attendance', '--db', empty, '--out', join(dir, 'a.csv')]);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/^error: no active event/);
    const r2 = cli(['export', 'attendance', '--db', empty, '--out', join(dir, 'a.pdf')]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/^error: --out .*a\.pdf: expected a \.csv or \.xlsx file\n$/);
    const r3 = cli(['export', 'signin-sheet', '--db', empty]);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/^error: missing --out/);
  });

  it('unknown college names the colleges that exist', async () => {
    const dir = tmpDir('sq-export-');
    const { file } = await day(dir, 1);
    const r = cli(['export', 'signin-sheet', '--db', file, '--out', join(dir, 's.pdf'), '--college', '理学']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: college "理学" is not on the roster; colleges: 理学院、法政学院\n$/);
    writeFileSync(join(dir, 'x'), '');
  });
});
