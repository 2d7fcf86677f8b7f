// The roster's columns (docs/interfaces.md §1.4): the Chinese header a template
// writes, every other header text the import accepts, and the template's
// example row, which the import recognises and refuses instead of importing
// a student called 张三.
import { ROSTER_FIELD_HEADER, type RosterField } from '../shared/roster.js';

/** The header of each field in a template, and in English messages (src/shared/roster.ts: the admin screen names columns by it too). */
export const FIELD_LABEL = ROSTER_FIELD_HEADER;

/** Every header text accepted per field, Chinese first (matched without spaces, English case-insensitively). */
export const FIELD_HEADERS: Record<RosterField, readonly string[]> = {
  studentId: ['学号', 'studentId'],
  name: ['姓名', 'name'],
  college: ['学院', 'college'],
  idNumber: ['身份证号', '身份证号码', 'idNumber'],
  major: ['专业', 'major'],
  level: ['层次', 'level'],
  hasPhoto: ['已有照片', 'hasPhoto'],
};

const BY_HEADER = new Map<string, RosterField>(
  (Object.entries(FIELD_HEADERS) as [RosterField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [n.toLowerCase(), field] as const)),
);

/** The field a header cell names, if any (a BOM, spaces and case do not matter). */
export function fieldOfHeader(header: string): RosterField | null {
  const key = header.replace(/^\uFEFF/, '').replace(/\s+/g, '').toLowerCase();
  return BY_HEADER.get(key) ?? null;
}

/** 已有照片 values: 是/否, 有/无, yes/no, y/n, true/false, 1/0; empty means no. */
export const HAS_PHOTO: Readonly<Record<string, boolean>> = {
  是: true,
  有: true,
  yes: true,
  y: true,
  true: true,
  '1': true,
  否: false,
  无: false,
  no: false,
  n: false,
  false: false,
  '0': false,
  '': false,
};

/**
 * The template's example row. Its 学号 cannot be a real one, and a roster
 * imported with the row left in refuses it (code `example-row`). The ID number
 * is the sample of GB 11643 itself, not a person's.
 */
export const EXAMPLE_ROW: Record<RosterField, string> = {
  studentId: '示例2021000001',
  name: '张三（示例，导入前删除此行）',
  college: '示例学院',
  idNumber: '11010519491231002X',
  major: '示例专业',
  level: '硕士',
  hasPhoto: '否',
};
