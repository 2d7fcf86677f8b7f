// Roster preview, shifted rows and the template: the files a secretary really
// has, read as the import reads them, and checked against what lands in SQLite.
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { openDb, type Db } from '../../src/db/connection.js';
import { importEvent, parseEventFile } from '../../src/core/events.js';
import { loadIdKey } from '../../src/core/id-hash.js';
import { importRoster, importRosterAsync, previewRoster } from '../../src/core/roster-import.js';
import { rosterTemplate } from '../../src/core/roster-template.js';
import { SEED_EVENT, at, idNumber, tmpDbFile } from './helpers.js';

function setUp(): { db: Db; file: string } {
  const file = tmpDbFile();
  const db = openDb(file);
  importEvent(db, parseEventFile(structuredClone(SEED_EVENT)), at(8));
  return { db, file };
}
const run = (s: { db: Db; file: string }, name: string, bytes: Uint8Array) => importRoster(s.db, loadIdKey(s.file), name, bytes, { now: at(8) });
const studentIds = (db: Db) => (db.prepare('SELECT student_id FROM students ORDER BY student_id').all() as { student_id: string }[]).map((r) => r.student_id);

const ID1 = idNumber('33010619990131002');
const ID2 = idNumber('33010620000229001');
const masked = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;

/** A GBK roster as Excel saves it, with a row missing its 姓名 and a row whose comma went missing (the ID number lands in 学院). */
const GBK_ROSTER = [
  '学号,姓名,学院,身份证号,专业,备注',
  `2019001,张三,理学院,${ID1},物理,`,
  ',李四,理学院,,化学,',
  `2019003,王五理学院,${ID2},数学,,`.replace(/,,$/, ','), // 5 fields: 姓名 and 学院 ran together
  '2019004,赵六,法政学院,,法学,补拍',
].join('\r\n');

describe('field count', () => {
  it('a CSV row with a missing comma is refused with its row number instead of importing the ID number as 学院', () => {
    const s = setUp();
    const r = run(s, 'roster.csv', iconv.encode(GBK_ROSTER, 'gbk'));
    expect(r.imported).toBe(2);
    expect(r.skipped).toEqual([
      { row: 3, code: 'missing-field', field: 'studentId', reason: '学号 is empty' },
      { row: 4, code: 'field-count', expected: 6, found: 5, reason: expect.stringMatching(/^the row has 5 fields but the header has 6: a missing or extra comma/) },
    ]);
    expect(studentIds(s.db)).toEqual(['2019001', '2019004']);
    // nothing of the shifted row reached the database, least of all its ID number in 学院
    expect(s.db.prepare("SELECT COUNT(*) AS n FROM students WHERE college LIKE '%3301%'").get()).toEqual({ n: 0 });
  });

  it('an extra comma (an unquoted "李,四") is refused too; trailing empty fields are not a shift', () => {
    const s = setUp();
    const csv = ['学号,姓名,学院', '001,李,四,理学院', '002,王五,理学院,,', '003,赵六,理学院'].join('\n');
    const r = run(s, 'roster.csv', Buffer.from(csv));
    expect(r.skipped).toEqual([{ row: 2, code: 'field-count', expected: 3, found: 4, reason: expect.any(String) }]);
    expect(studentIds(s.db)).toEqual(['002', '003']);
  });

  it('a workbook has no commas to lose: short rows are read cell by cell', () => {
    const s = setUp();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['学号', '姓名', '学院', '专业'], ['001', '甲', '理学院']]), 'Sheet1');
    expect(run(s, 'r.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer)).toMatchObject({ imported: 1, skipped: [] });
  });
});

describe('roster preview', () => {
  it('a GBK file: encoding, which header feeds which field, the first rows as they would import, every refused row; nothing written', async () => {
    const s = setUp();
    const seen: [number, number][] = [];
    const p = await previewRoster('名单.csv', iconv.encode(GBK_ROSTER, 'gbk'), { onProgress: (d, t) => seen.push([d, t]) });
    expect(p).toMatchObject({ fileName: '名单.csv', format: 'csv', encoding: 'gb18030', headerRow: 1, missing: [], ignored: ['备注'], totalRows: 4, importable: 2 });
    expect(p.columns).toEqual([
      { index: 0, header: '学号', field: 'studentId' },
      { index: 1, header: '姓名', field: 'name' },
      { index: 2, header: '学院', field: 'college' },
      { index: 3, header: '身份证号', field: 'idNumber' },
      { index: 4, header: '专业', field: 'major' },
      { index: 5, header: '备注', field: null },
    ]);
    expect(p.rows).toEqual([
      { row: 2, outcome: 'import', studentId: '2019001', name: '张三', college: '理学院', idMasked: masked(ID1), major: '物理', level: null, hasPhoto: null },
      { row: 3, outcome: 'skip', studentId: '', name: '李四', college: '理学院', idMasked: null, major: '化学', level: null, hasPhoto: null },
      // the shifted row shows where its cells went; the ID number that strayed into 学院 is masked
      { row: 4, outcome: 'skip', studentId: '2019003', name: '王五理学院', college: masked(ID2), idMasked: '数学', major: null, level: null, hasPhoto: null },
      { row: 5, outcome: 'import', studentId: '2019004', name: '赵六', college: '法政学院', idMasked: null, major: '法学', level: null, hasPhoto: null },
    ]);
    expect(p.skipped.map((x) => [x.row, x.code])).toEqual([
      [3, 'missing-field'],
      [4, 'field-count'],
    ]);
    expect(JSON.stringify(p)).not.toContain(ID1);
    expect(JSON.stringify(p)).not.toContain(ID2);
    expect(seen.at(-1)).toEqual([4, 4]);
    expect(studentIds(s.db)).toEqual([]);
  });

  it('the same checks as the import, over the whole file; rows shown up to the limit; warnings carry their code', async () => {
    const wrong = ID1.slice(0, 17) + (ID1[17] === '1' ? '2' : '1');
    const lines = ['studentId,Name,COLLEGE,已有照片,身份证号码', `001,甲,理学院,是,${wrong}`, ...Array.from({ length: 60 }, (_, i) => `${100 + i},学生${i},理学院,否,`), '001,乙,理学院,否,', '002,丙,理学院,maybe,'];
    const bytes = Buffer.from(`\uFEFF${lines.join('\n')}`);
    const p = await previewRoster('r.csv', bytes, { limit: 3 });
    expect(p).toMatchObject({ encoding: 'utf-8-bom', totalRows: 63, importable: 61 });
    expect(p.columns.map((c) => c.field)).toEqual(['studentId', 'name', 'college', 'hasPhoto', 'idNumber']);
    expect(p.rows.map((r) => [r.row, r.studentId, r.hasPhoto, r.idMasked])).toEqual([
      [2, '001', true, null],
      [3, '100', false, null],
      [4, '101', false, null],
    ]);
    expect(p.skipped).toEqual([
      { row: 63, code: 'duplicate-student-id', studentId: '001', firstRow: 2, reason: '学号 001 already appears in row 2' },
      { row: 64, code: 'bad-has-photo', value: 'maybe', reason: expect.any(String) },
    ]);
    expect(p.warnings).toEqual([{ row: 2, code: 'bad-id-number', masked: masked(wrong), reason: expect.any(String) }]);
    // the import of the same file says the same
    const s = setUp();
    const r = run(s, 'r.csv', bytes);
    expect([r.imported, r.skipped, r.warnings]).toEqual([p.importable, p.skipped, p.warnings]);
  });

  it('a file without a required column is described, not refused: which headers were found, which are missing', async () => {
    const p = await previewRoster('r.csv', Buffer.from('学号,名字,学号,院系\n001,甲,002,理学院\n'));
    expect(p).toMatchObject({ missing: ['name', 'college'], ignored: ['名字', '学号', '院系'], totalRows: 1, importable: 0, rows: [], skipped: [] });
    expect(p.columns.map((c) => [c.index, c.field])).toEqual([
      [0, 'studentId'],
      [1, null],
      [2, null],
      [3, null],
    ]);
  });

  it('title lines above the header are passed over, in the preview and the import', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['2021届毕业研究生图像采集名单'], [], ['序号', '学号', '姓名', '学院'], [1, '0012', '甲', '理学院']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '名单');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const p = await previewRoster('名单.xlsx', bytes);
    expect(p).toMatchObject({ format: 'xlsx', encoding: null, headerRow: 3, ignored: ['序号'], importable: 1, rows: [{ row: 4, studentId: '0012' }] });
    const s = setUp();
    expect(run(s, '名单.xlsx', bytes)).toMatchObject({ imported: 1, skipped: [] });
  });

  it('an unreadable file is refused with the same code as the import', async () => {
    await expect(previewRoster('r.csv', iconv.encode('学号,姓名,学院\n', 'utf16le'))).rejects.toMatchObject({ code: 'unknown-encoding', details: { file: 'r.csv' } });
    await expect(previewRoster('r.xlsx', Buffer.from('PK\u0003\u0004 not a zip'))).rejects.toMatchObject({ code: 'bad-workbook' });
  });
});

describe('async import', () => {
  it('lets the event loop run between progress reports, and writes the same rows as the synchronous import', async () => {
    const s = setUp();
    const lines = ['学号,姓名,学院', ...Array.from({ length: 5000 }, (_, i) => `${i},x${i},理学院`)];
    const order: string[] = [];
    let importing = true;
    const other = () => {
      order.push('other');
      if (importing) setImmediate(other);
    };
    setImmediate(other);
    const r = await importRosterAsync(s.db, loadIdKey(s.file), 'r.csv', Buffer.from(lines.join('\n')), {
      now: at(8),
      onProgress: (d) => order.push(`p${d}`),
    });
    importing = false;
    expect(r).toMatchObject({ imported: 5000, skipped: [] });
    expect(order.filter((x) => x.startsWith('p'))).toEqual(['p0', 'p1000', 'p2000', 'p3000', 'p4000', 'p5000']);
    // something else ran between the first and the last report: a page gets its progress
    const between = order.slice(order.indexOf('p0'), order.indexOf('p5000'));
    expect(between.filter((x) => x === 'other').length).toBeGreaterThanOrEqual(4);
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM students').get()).toEqual({ n: 5000 });
  });
});

describe('roster template', () => {
  it('CSV: UTF-8 with BOM, every field with its Chinese header, one example row the import refuses', () => {
    const csv = rosterTemplate('csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, example, rest] = csv.toString('utf8').slice(1).split('\r\n');
    expect(header).toBe('学号,姓名,学院,身份证号,专业,层次,已有照片');
    expect(example).toMatch(/^示例\d+,张三（示例，导入前删除此行）,示例学院,11010519491231002X,示例专业,硕士,否$/);
    expect(rest).toBe('');
    const s = setUp();
    expect(run(s, '学生名单模板.csv', csv)).toEqual({ imported: 0, updated: 0, skipped: [{ row: 2, code: 'example-row', reason: expect.any(String) }], warnings: [] });
    // filled in below the example: the student imports, the example still does not
    const filled = Buffer.concat([csv, Buffer.from('0020190001,王一,理学院,,物理,硕士,否\r\n')]);
    expect(run(s, '学生名单模板.csv', filled)).toMatchObject({ imported: 1, skipped: [{ row: 2, code: 'example-row' }] });
    expect(studentIds(s.db)).toEqual(['0020190001']);
  });

  it('XLSX: the first sheet is the roster with 学号 and 身份证号 formatted as text below the example; the second explains every column', async () => {
    const bytes = rosterTemplate('xlsx');
    const wb = XLSX.read(bytes, { sheetStubs: true, cellNF: true });
    expect(wb.SheetNames).toEqual(['学生名单', '填写说明']);
    const ws = wb.Sheets['学生名单']!;
    const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, blankrows: false });
    expect(rows[0]).toEqual(['学号', '姓名', '学院', '身份证号', '专业', '层次', '已有照片']);
    expect(rows[1]?.[1]).toContain('示例');
    expect(ws['A2']).toMatchObject({ t: 's', z: '@' });
    // typed-in IDs stay text: the empty cells below carry the text format
    for (const ref of ['A3', 'A500', 'D3', 'D3001']) expect(ws[ref], ref).toMatchObject({ z: '@' });
    expect(ws['B3']).toBeUndefined();
    const notes = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['填写说明']!, { header: 1, blankrows: false });
    expect(notes.slice(1, 8).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['学号', '必填', 'studentId'],
      ['姓名', '必填', 'name'],
      ['学院', '必填', 'college'],
      ['身份证号', '选填', '身份证号码、idNumber'],
      ['专业', '选填', 'major'],
      ['层次', '选填', 'level'],
      ['已有照片', '选填', 'hasPhoto'],
    ]);
    // the preview of the untouched template: every column mapped, the example refused
    const p = await previewRoster('学生名单模板.xlsx', bytes);
    expect(p).toMatchObject({ format: 'xlsx', missing: [], ignored: [], totalRows: 1, importable: 0, skipped: [{ row: 2, code: 'example-row' }] });
  });
});
