// `swipequeue export …` run from source as the secretary runs it: JSON on stdout,
// progress and warnings on stderr, exit 2 for anything she can correct.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { exportFixture, manyStudents } from '../core/exports/fixture.js';
import { tmpDir } from '../core/helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'export', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('swipequeue export', () => {
  it('signin-sheet prints {"pages", "rows"} matching the PDF, with progress on stderr', () => {
    const { file, db } = exportFixture({ students: manyStudents(450) });
    db.close();
    const out = join(tmpDir(), '签到表.pdf');
    const r = cli('signin-sheet', '--db', file, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(json)).toEqual(['pages', 'rows']);
    expect(json.rows).toBe(450);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+${json.pages}\\n`));
    expect(r.stderr).toContain('signin-sheet: 200/450 rows\nsignin-sheet: 400/450 rows\nsignin-sheet: 450/450 rows\n');
  });

  it('signin-sheet --all-students adds the absent students marked 缺席; the file is owner-only', () => {
    const { file, db } = exportFixture({
      students: [
        { studentId: '20210101234567890123', name: '王一', college: '理学院', tickets: [{ station: 'B', status: 'photographed', fee: 'paid' }] },
        { studentId: '20210101234567890124', name: '李二', college: '理学院' },
      ],
    });
    db.close();
    const out = join(tmpDir(), '签到表.pdf');
    const r = cli('signin-sheet', '--db', file, '--out', out, '--all-students');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ pages: 1, rows: 2 });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/1\s+0001B\s+20210101234567890123\s+王一\s+09:30:00\s+已缴\s+已拍/);
    expect(text).toMatch(/2\s+20210101234567890124\s+李二\s+缺席/);
    expect(cli('attendance', '--db', file, '--out', join(tmpDir(), 'a.csv'), '--all-students').status).toBe(2);
  });

  it('a name no font can draw still exports, with a warning naming the character', () => {
    // U+30000 (Extension G): in no font the app ships nor in the usual system fonts
    const { file, db } = exportFixture({ students: [{ studentId: '001', name: '刘𰀀', college: '理学院', tickets: [{ station: 'B' }] }] });
    db.close();
    const r = cli('signin-sheet', '--db', file, '--out', join(tmpDir(), 's.pdf'));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: no font can draw "𰀀" \(U\+30000\)/m);
  });

  it('every export writes the format its extension names', () => {
    const { file, db } = exportFixture({
      students: [
        { studentId: '0012', name: '王一', college: '理学院', tickets: [{ station: 'B', status: 'photographed', fee: 'paid' }] },
        { studentId: '0013', name: '李二', college: '法政学院' },
      ],
      audit: [{ at: '09:30:00', actor: 'desk', action: 'check-in', ticket: '0001B', studentId: '0012' }],
    });
    db.close();
    const dir = tmpDir();
    const run = (what: string, name: string) => {
      const r = cli(what, '--db', file, '--out', join(dir, name));
      expect(r.status, `${what} ${name}: ${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout) as Record<string, number>;
    };
    expect(run('attendance', 'a.csv')).toEqual({ rows: 2 });
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toMatch(/^\uFEFF学号,姓名,学院,号牌,签到时间,状态,缴费,本人确认,补拍\r\n0012,王一,理学院,0001B,/);
    expect(run('attendance', 'a.XLSX')).toEqual({ rows: 2 });
    expect(XLSX.read(readFileSync(join(dir, 'a.XLSX'))).Sheets['考勤']?.A2).toMatchObject({ t: 's', v: '0012' });
    expect(run('fees', 'f.pdf')).toEqual({ pages: 1, rows: 3 }); // 理学院, 法政学院 (nobody photographed) + 合计
    expect(run('fees', 'f.xlsx')).toEqual({ rows: 3 });
    expect(run('absentees', 'n.pdf')).toEqual({ pages: 1, rows: 1 });
    expect(execFileSync('pdftotext', [join(dir, 'n.pdf'), '-'], { encoding: 'utf8' })).toContain('李二');
    expect(run('absentees', 'n.xlsx')).toEqual({ rows: 1 });
    expect(run('audit', 'log.csv')).toEqual({ rows: 1 });
    // Names and student IDs: owner-only files.
    for (const name of ['a.csv', 'a.XLSX', 'f.pdf', 'n.xlsx', 'log.csv']) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
  }, 90_000);

  it('exit 2 with one error line: wrong extension, no active event, unknown college, missing option', () => {
    const { file, db } = exportFixture({ students: [{ studentId: '1', name: '王一', college: '理学院' }] });
    db.close();
    const dir = tmpDir();
    const cases: [string[], RegExp][] = [
      [['attendance', '--db', file, '--out', join(dir, 'a.xls')], /^error: --out .*a\.xls: expected a \.csv or \.xlsx file\n$/],
      [['audit', '--db', file, '--out', join(dir, 'a.xlsx')], /^error: --out .*a\.xlsx: expected a \.csv file\n$/],
      [['signin-sheet', '--db', file, '--out', join(dir, 's.pdf'), '--college', '文学院'], /^error: college "文学院" is not on the roster; colleges: 理学院\n$/],
      [['signin-sheet', '--out', join(dir, 's.pdf')], /^error: missing --db/],
      [['audit', '--db', file, '--out', join(dir, 'a.csv'), '--college', '理学院'], /^error: Unknown option '--college'/],
      [['attendance', '--db', join(dir, 'typo.db'), '--out', join(dir, 'a.csv')], /^error: no database at .*typo\.db; check --db/],
    ];
    for (const [args, err] of cases) {
      const r = cli(...args);
      expect([r.status, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr).toMatch(err);
    }
    // A mistyped --db is refused, not created.
    expect(existsSync(join(dir, 'typo.db'))).toBe(false);
    // the event is gone from settings: no active event
    const noEvent = openDb(file);
    noEvent.prepare("DELETE FROM settings WHERE key = 'activeEventId'").run();
    noEvent.close();
    const r = cli('signin-sheet', '--db', file, '--out', join(dir, 's.pdf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: no active event/);
  }, 90_000);
});
