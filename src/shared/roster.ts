// What a roster import or preview reports about the file, shared by core (which
// finds it) and the renderer (which words it in Chinese from the catalogue).
// Each refused row and each warning has a stable `code` and its parameters
// beside the English `reason` the CLI prints.

export const ROSTER_FIELDS = ['studentId', 'name', 'college', 'idNumber', 'major', 'level', 'hasPhoto'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];
/** The header a roster template writes for each field; the admin screen's catalogue names the columns by these same words. */
export const ROSTER_FIELD_HEADER = {
  studentId: '学号',
  name: '姓名',
  college: '学院',
  idNumber: '身份证号',
  major: '专业',
  level: '层次',
  hasPhoto: '已有照片',
} as const satisfies Record<RosterField, string>;
export const REQUIRED_ROSTER_FIELDS: readonly RosterField[] = ['studentId', 'name', 'college'];

/** A row that was not imported: the row number in the file (the header is row 1), why, in code and in words. */
export type RosterRowIssue = { row: number; reason: string } & (
  | { code: 'field-count'; expected: number; found: number }
  | { code: 'missing-field'; field: 'studentId' | 'name' | 'college' }
  | { code: 'bad-student-id'; value: string }
  | { code: 'duplicate-student-id'; studentId: string; firstRow: number }
  | { code: 'bad-has-photo'; value: string }
  | { code: 'example-row' }
);

/** A row that was imported with something left out. */
export type RosterRowWarning = { row: number; reason: string } & { code: 'bad-id-number'; masked: string };

export type RosterRowCode = RosterRowIssue['code'] | RosterRowWarning['code'];
/** Every code a row can carry: the renderer's catalogue has words for each (test/renderer/catalogue.test.ts). */
export const ROSTER_ROW_CODES: readonly RosterRowCode[] = [
  'field-count',
  'missing-field',
  'bad-student-id',
  'duplicate-student-id',
  'bad-has-photo',
  'example-row',
  'bad-id-number',
];

/** How the file was read: a workbook, or text in this encoding and separator. */
export type RosterFormat = 'csv' | 'tsv' | 'xlsx' | 'xls';
export type RosterEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'gb18030';

/** One header cell and the field it feeds (null: ignored). */
export interface RosterColumn {
  /** 0-based column index (A = 0). */
  index: number;
  header: string;
  field: RosterField | null;
}

/** A data row as it would import: the ID number only masked; `outcome` says whether it would. */
export interface RosterPreviewRow {
  row: number;
  outcome: 'import' | 'skip';
  studentId: string;
  name: string;
  college: string;
  idMasked: string | null;
  major: string | null;
  level: string | null;
  /** null: the file has no 已有照片 column or the cell is not a yes/no. */
  hasPhoto: boolean | null;
}

export interface RosterPreview {
  fileName: string;
  format: RosterFormat;
  /** null for workbooks (cells carry their own text). */
  encoding: RosterEncoding | null;
  /** The row holding the headers (1 unless title lines come first). */
  headerRow: number;
  columns: RosterColumn[];
  /** Header texts that feed no field (unknown, or a second column for a field already taken). */
  ignored: string[];
  /** Required fields no header names: nothing can import until the file has them. */
  missing: RosterField[];
  /** Data rows in the file (blank lines not counted). */
  totalRows: number;
  /** Rows that would import (new or updated). */
  importable: number;
  /** The first rows of the file as they would import. */
  rows: RosterPreviewRow[];
  /** Every refused row of the whole file. */
  skipped: RosterRowIssue[];
  /** Every warning of the whole file. */
  warnings: RosterRowWarning[];
}
