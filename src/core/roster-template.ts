// The roster template a secretary fills in: one column per field with its
// Chinese header, required ones first, and one example row that the import
// refuses if it is left in. The workbook keeps 学号 and 身份证号 as text (so
// Excel neither drops leading zeros nor rounds 18 digits to 1.23E+17) and
// explains every column, with the other header names accepted, on a second sheet.
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { badInput } from '../shared/errors.js';
import { ROSTER_FIELDS, REQUIRED_ROSTER_FIELDS, type RosterField } from '../shared/roster.js';
import { EXAMPLE_ROW, FIELD_HEADERS, FIELD_LABEL } from './roster-columns.js';

export type TemplateFormat = 'csv' | 'xlsx';

/** Blank rows below the example that are preformatted as text in the ID columns. */
const TEXT_ROWS = 3000;
const TEXT_FIELDS: readonly RosterField[] = ['studentId', 'idNumber'];

const NOTES: Record<RosterField, string> = {
  studentId: '必填。按文本填写，开头的 0 和很长的学号都会原样保留；重复导入时按学号更新',
  name: '必填',
  college: '必填。与活动安排中的学院名称一致，学生才能排到本学院的拍摄点',
  idNumber: '选填。18 位身份证号，用于刷证签到；只保存加密摘要和打码形式（如 1101**********002X）',
  major: '选填',
  level: '选填，如 本科、硕士、博士',
  hasPhoto: '选填。是/否（也可写 有/无、1/0、yes/no）：学信网已有照片、无需重拍的填“是”',
};

/** The columns of the template, in order. */
export const templateHeaders = (): string[] => ROSTER_FIELDS.map((f) => FIELD_LABEL[f]);

export function rosterTemplate(format: TemplateFormat): Buffer {
  const header = templateHeaders();
  const example = ROSTER_FIELDS.map((f) => EXAMPLE_ROW[f]);
  if (format === 'csv') {
    // UTF-8 with BOM: Excel on Chinese Windows opens it without garbling.
    return Buffer.from(`\uFEFF${header.join(',')}\r\n${example.join(',')}\r\n`, 'utf8');
  }
  const ws = XLSX.utils.aoa_to_sheet([header, example]);
  ROSTER_FIELDS.forEach((f, c) => {
    if (!TEXT_FIELDS.includes(f)) return;
    const ex = ws[XLSX.utils.encode_cell({ r: 1, c })] as XLSX.CellObject | undefined;
    if (ex) ex.z = '@';
    for (let r = 2; r < 2 + TEXT_ROWS; r++) ws[XLSX.utils.encode_cell({ r, c })] = { t: 'z', z: '@' };
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: 1 + TEXT_ROWS, c: ROSTER_FIELDS.length - 1 } });
  ws['!cols'] = ROSTER_FIELDS.map((f) => ({ wch: f === 'name' ? 30 : f === 'idNumber' || f === 'studentId' ? 22 : 14 }));
  const notes = XLSX.utils.aoa_to_sheet([
    ['列名', '是否必填', '也可以写作', '说明'],
    ...ROSTER_FIELDS.map((f) => [FIELD_LABEL[f], REQUIRED_ROSTER_FIELDS.includes(f) ? '必填' : '选填', FIELD_HEADERS[f].filter((h) => h !== FIELD_LABEL[f]).join('、'), NOTES[f]]),
    [],
    ['第 2 行是示例，导入前请删除；导入时只读第一个工作表，第一行是列名，列的顺序不限。'],
  ]);
  notes['!cols'] = [{ wch: 10 }, { wch: 10 }, { wch: 22 }, { wch: 80 }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '学生名单');
  XLSX.utils.book_append_sheet(wb, notes, '填写说明');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', sheetStubs: true }) as Buffer;
}

/** For the CLI: the format follows the file's extension; the file is created owner-only like every export. */
export function writeRosterTemplate(out: string): { format: TemplateFormat; columns: string[] } {
  const ext = extname(out).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw badInput('bad-output', `--out ${out}: expected a .csv or .xlsx file`, { file: out, expected: ['.csv', '.xlsx'] });
  const format = ext === '.csv' ? 'csv' : 'xlsx';
  writeFileSync(out, rosterTemplate(format), { mode: 0o600 });
  return { format, columns: templateHeaders() };
}
