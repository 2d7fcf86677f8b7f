// The CLI as a user runs it: `node --import tsx src/cli/main.ts …` on real files.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SEED_EVENT, idNumber, tmpDir } from './helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const count = (db: string, table: string) => {
  const raw = new Database(db, { readonly: true });
  const n = (raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  raw.close();
  return n;
};

describe('swipequeue event import / roster import', () => {
  it('imports the seed schedule, then a GBK roster; bad inputs give one error line, exit 2, and lose nothing', () => {
    const dir = tmpDir('sq-cli-');
    const db = join(dir, 'day.db');
    const eventFile = join(dir, 'event.json');
    // typed as a secretary would: 9:00 without the leading zero
    const typed = structuredClone(SEED_EVENT) as unknown as { slots: { start: string }[] };
    typed.slots[0]!.start = '9:00';
    writeFileSync(eventFile, JSON.stringify(typed, null, 2));

    const ev = cli('event', 'import', '--db', db, eventFile);
    expect(ev).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ev.stdout)).toEqual({ event: 1, stations: 2, slots: 15 });

    const roster = join(dir, 'roster.csv');
    writeFileSync(roster, iconv.encode(`学号,姓名,学院,身份证号\r\n0019001,张三,理学院,${idNumber('33010619990131002')}\r\n,李四,理学院,\r\n2019003,王五,服装学院,\r\n`, 'gbk'));
    const ro = cli('roster', 'import', '--db', db, roster);
    expect(ro.code).toBe(0);
    expect(JSON.parse(ro.stdout)).toMatchObject({ imported: 2, updated: 0, skipped: [{ row: 3, reason: '学号 is empty' }] });
    expect(ro.stderr).toMatch(/roster: 3\/3 rows/);

    // malformed JSON
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "name": "x",\n    oops\n}');
    const b1 = cli('event', 'import', '--db', db, bad);
    expect(b1.code).toBe(2);
    expect(b1.stderr).toMatch(/^error: bad\.json: not valid JSON \(line 3 column 5: .+\)\n$/);
    // unknown station
    const unknown = structuredClone(SEED_EVENT);
    unknown.slots[4]!.station = 'C';
    writeFileSync(bad, JSON.stringify(unknown));
    const b2 = cli('event', 'import', '--db', db, bad);
    expect(b2.code).toBe(2);
    expect(b2.stderr).toBe('error: bad.json: slots[4].station: unknown station C; the stations are A, B\n');
    // unknown encoding
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, iconv.encode('学号,姓名,学院\n9,甲,理学院\n', 'utf16le'));
    const b3 = cli('roster', 'import', '--db', db, utf16);
    expect(b3.code).toBe(2);
    expect(b3.stderr).toMatch(/^error: utf16\.csv: not a text file in UTF-8 or GBK.*\n$/);
    // no 学号 column
    const noId = join(dir, 'noid.csv');
    writeFileSync(noId, '姓名,学院\n甲,理学院\n');
    const b4 = cli('roster', 'import', '--db', db, noId);
    expect(b4.code).toBe(2);
    expect(b4.stderr.trim().split('\n')).toHaveLength(1);
    expect(b4.stderr).toMatch(/^error: noid\.csv: no 学号 \(studentId\) column/);
    // missing file
    const b5 = cli('roster', 'import', '--db', db, join(dir, 'nope.csv'));
    expect(b5.code).toBe(2);
    expect(b5.stderr).toMatch(/^error: file not found/);

    expect(count(db, 'students')).toBe(2);
    expect(count(db, 'slots')).toBe(15);
  });

  it('roster import without an active event is refused plainly', () => {
    const dir = tmpDir('sq-cli-');
    const roster = join(dir, 'r.csv');
    writeFileSync(roster, '学号,姓名,学院\n1,甲,理学院\n');
    const r = cli('roster', 'import', '--db', join(dir, 'day.db'), roster);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: no active event: import the event schedule first (swipequeue event import)\n');
  });

  it('roster template writes the file to fill in (owner-only); roster preview reads it back without a database', () => {
    const dir = tmpDir('sq-cli-');
    for (const name of ['模板.csv', '模板.xlsx']) {
      const out = join(dir, name);
      const t = cli('roster', 'template', '--out', out);
      expect(t, name).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(t.stdout)).toEqual({ format: name.endsWith('.csv') ? 'csv' : 'xlsx', columns: ['学号', '姓名', '学院', '身份证号', '专业', '层次', '已有照片'] });
      expect(statSync(out).mode & 0o777).toBe(0o600);
    }
    const p = cli('roster', 'preview', join(dir, '模板.xlsx'));
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ format: 'xlsx', missing: [], totalRows: 1, importable: 0, skipped: [{ row: 2, code: 'example-row' }] });
    expect(readFileSync(join(dir, '模板.csv'), 'utf8')).toMatch(/^\uFEFF学号,姓名,学院,/);
    const bad = cli('roster', 'template', '--out', join(dir, 'x.pdf'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --out .*x\.pdf: expected a \.csv or \.xlsx file\n$/);
  }, 90_000);

  it('a shifted CSV row is refused with its row number by preview and import alike', () => {
    const dir = tmpDir('sq-cli-');
    const db = join(dir, 'day.db');
    const eventFile = join(dir, 'event.json');
    writeFileSync(eventFile, JSON.stringify(SEED_EVENT));
    expect(cli('event', 'import', '--db', db, eventFile).code).toBe(0);
    const roster = join(dir, 'r.csv');
    const id = idNumber('33010619990131002');
    writeFileSync(roster, iconv.encode(`学号,姓名,学院,身份证号\r\n001,甲,理学院,\r\n002,乙理学院,${id}\r\n`, 'gbk'));
    const p = cli('roster', 'preview', '--rows', '1', roster);
    expect(p.code).toBe(0);
    const preview = JSON.parse(p.stdout);
    expect(preview).toMatchObject({ encoding: 'gb18030', importable: 1, skipped: [{ row: 3, code: 'field-count', expected: 4, found: 3 }] });
    expect(preview.rows).toHaveLength(1);
    expect(p.stdout).not.toContain(id);
    expect(count(db, 'students')).toBe(0);
    const r = cli('roster', 'import', '--db', db, roster);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 1, skipped: [{ row: 3, code: 'field-count', reason: expect.stringMatching(/^the row has 3 fields but the header has 4/) }] });
    expect(r.stdout).not.toContain(id);
    expect(cli('roster', 'preview', '--rows', 'x', roster).code).toBe(2);
  }, 90_000);

  it('usage errors exit 2', () => {
    const r = cli('event', 'import', 'x.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: missing --db/);
    expect(execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'roster', 'import', '--help'], { cwd: ROOT, encoding: 'utf8' })).toMatch(/roster import --db <file>/);
  });
});
