import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { openDb, type Db } from '../../src/db/connection.js';
import { importEvent, parseEventFile } from '../../src/core/events.js';
import { loadIdKey } from '../../src/core/id-hash.js';
import { importRoster } from '../../src/core/roster-import.js';
import { SEED_EVENT, at, idNumber, tmpDbFile } from './helpers.js';

function setUp(): { db: Db; file: string } {
  const file = tmpDbFile();
  const db = openDb(file);
  importEvent(db, parseEventFile(structuredClone(SEED_EVENT)), at(8));
  return { db, file };
}
const run = (s: { db: Db; file: string }, name: string, bytes: Uint8Array, onProgress?: (d: number, t: number) => void) =>
  importRoster(s.db, loadIdKey(s.file), name, bytes, { now: at(8), onProgress });
const students = (db: Db) => db.prepare('SELECT student_id, name, college, has_photo, id_masked FROM students ORDER BY student_id').all();

const ID = idNumber('33010619990131002');

describe('roster import', () => {
  it('reads a GBK CSV as Excel on Chinese Windows saves it, keeping leading zeros', () => {
    const s = setUp();
    const csv = `学号,姓名,学院,身份证号,已有照片\r\n0019001,张三,理学院,${ID},是\r\n2019002,"李,四",信息学院,,否\r\n`;
    const r = run(s, 'roster.csv', iconv.encode(csv, 'gbk'));
    expect(r).toMatchObject({ imported: 2, updated: 0, skipped: [] });
    expect(students(s.db)).toEqual([
      { student_id: '0019001', name: '张三', college: '理学院', has_photo: 1, id_masked: `3301**********${ID.slice(-4)}` },
      { student_id: '2019002', name: '李,四', college: '信息学院', has_photo: 0, id_masked: null },
    ]);
  });

  it('reads UTF-8 with BOM and English headers; re-import updates by student ID', () => {
    const s = setUp();
    const first = run(s, 'r.csv', Buffer.from('\uFEFFstudentId,name,college,hasPhoto\n001,Ann,理学院,no\n002,Bob,理学院,yes\n'));
    expect(first).toMatchObject({ imported: 2, updated: 0 });
    const again = run(s, 'r.csv', Buffer.from('studentId,name,college\n001,Ann Lee,信息学院\n003,Cy,理学院\n'));
    expect(again).toMatchObject({ imported: 1, updated: 1, skipped: [] });
    expect(students(s.db)).toEqual([
      { student_id: '001', name: 'Ann Lee', college: '信息学院', has_photo: 0, id_masked: null },
      { student_id: '002', name: 'Bob', college: '理学院', has_photo: 1, id_masked: null },
      { student_id: '003', name: 'Cy', college: '理学院', has_photo: 0, id_masked: null },
    ]);
  });

  it('skips bad rows with their row number (header = row 1) and imports the good ones', () => {
    const s = setUp();
    const csv = ['学号,姓名,学院,已有照片', '001,甲,理学院,否', ',乙,理学院,否', '003,,理学院,否', '004,丁,理学院,也许', '001,戊,理学院,否', '', '006,己,理学院,1'].join('\n');
    const r = run(s, 'roster.csv', Buffer.from(csv));
    expect(r.imported).toBe(2);
    expect(r.skipped).toEqual([
      { row: 3, code: 'missing-field', field: 'studentId', reason: '学号 is empty' },
      { row: 4, code: 'missing-field', field: 'name', reason: '姓名 is empty' },
      { row: 5, code: 'bad-has-photo', value: '也许', reason: '已有照片 must be 是/否, yes/no or 1/0; found "也许"' },
      { row: 6, code: 'duplicate-student-id', studentId: '001', firstRow: 2, reason: '学号 001 already appears in row 2' },
    ]);
  });

  it('a wrong check digit: imported without the number, with a warning', () => {
    const s = setUp();
    const wrong = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const r = run(s, 'roster.csv', Buffer.from(`学号,姓名,学院,身份证号\n001,甲,理学院,${wrong}\n`));
    expect(r.imported).toBe(1);
    const masked = `3301**********${wrong.slice(-4)}`;
    expect(r.warnings).toEqual([{ row: 2, code: 'bad-id-number', masked, reason: expect.stringContaining(`身份证号 ${masked} is not a valid ID number`) }]);
    expect(s.db.prepare('SELECT id_hash FROM students').get()).toEqual({ id_hash: null });
  });

  it('names a missing required column', () => {
    const s = setUp();
    expect(() => run(s, 'roster.csv', Buffer.from('姓名,学院\n甲,理学院\n'))).toThrow(/roster\.csv: no 学号 \(studentId\) column in the header row; found: 姓名, 学院/);
    expect(() => run(s, 'roster.csv', Buffer.from('姓名,学院\n甲,理学院\n'))).toThrow(
      expect.objectContaining({ code: 'missing-column', details: { file: 'roster.csv', missing: ['studentId'], found: ['姓名', '学院'] } }),
    );
  });

  it('refuses a file in an unknown encoding (UTF-16 without BOM, binary) and keeps what was stored', () => {
    const s = setUp();
    run(s, 'roster.csv', Buffer.from('学号,姓名,学院\n001,甲,理学院\n'));
    const utf16 = iconv.encode('学号,姓名,学院\n002,乙,理学院\n', 'utf16le');
    expect(() => run(s, 'roster.csv', utf16)).toThrow(/roster\.csv: not a text file in UTF-8 or GBK/);
    expect(() => run(s, 'roster.csv', Buffer.from([0x81, 0x30, 0xff, 0xff, 0x07, 0x1b, 0x80, 0x80]))).toThrow(/not a text file/);
    expect(students(s.db)).toHaveLength(1);
  });

  it('reads .xlsx with text and numeric IDs: leading zeros and long digit runs survive', () => {
    const s = setUp();
    const ws = XLSX.utils.aoa_to_sheet([
      ['学号', '姓名', '学院', '已有照片'],
      ['0020190001', '甲', '理学院', '否'],
      [2019123456789, '乙', '理学院', 1],
    ]);
    // a number formatted with leading zeros, as a secretary's template does
    ws['A4'] = { t: 'n', v: 42, z: '000000' };
    ws['B4'] = { t: 's', v: '丙' };
    ws['C4'] = { t: 's', v: '理学院' };
    ws['!ref'] = 'A1:D4';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '名单');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const r = run(s, 'roster.xlsx', bytes);
    expect(r).toMatchObject({ imported: 3, skipped: [] });
    expect(students(s.db).map((x) => (x as { student_id: string }).student_id)).toEqual(['000042', '0020190001', '2019123456789']);
  });

  it('reads .xls (BIFF8)', () => {
    const s = setUp();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['学号', '姓名', '学院'], ['00123', '甲', '理学院']]), 'Sheet1');
    const r = run(s, 'roster.xls', XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    expect(r.imported).toBe(1);
    expect(students(s.db)).toMatchObject([{ student_id: '00123' }]);
  });

  it('reports progress and the key file is owner-only', () => {
    const s = setUp();
    const lines = ['学号,姓名,学院', ...Array.from({ length: 2500 }, (_, i) => `${i},x${i},理学院`)];
    const seen: [number, number][] = [];
    run(s, 'roster.csv', Buffer.from(lines.join('\n')), (d, t) => seen.push([d, t]));
    expect(seen[0]).toEqual([0, 2500]);
    expect(seen.at(-1)).toEqual([2500, 2500]);
    expect(statSync(`${s.file}.key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${s.file}.key`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });
});
