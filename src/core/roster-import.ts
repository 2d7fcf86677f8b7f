// Roster import (docs/interfaces.md §1.4): CSV in UTF-8 (BOM or not) or GBK/GB18030
// as Excel on Chinese Windows saves it, or .xlsx/.xls. Student IDs stay strings.
// Bad rows are skipped with their row number (the header is row 1) and a code;
// good rows import. ID numbers are stored only as an HMAC and a masked form.
// previewRoster reads the same way and checks the same rules, writing nothing.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import type { Db } from '../db/connection.js';
import { openDb } from '../db/connection.js';
import { badInput } from '../shared/errors.js';
import { isValidIdNumber, maskIdNumber, normalizeIdNumber } from '../shared/id-number.js';
import {
  REQUIRED_ROSTER_FIELDS,
  type RosterColumn,
  type RosterEncoding,
  type RosterField,
  type RosterFormat,
  type RosterPreview,
  type RosterPreviewRow,
  type RosterRowIssue,
  type RosterRowWarning,
} from '../shared/roster.js';
import type { RosterImportResult } from '../shared/types.js';
import { audit } from './audit.js';
import { requireActiveEvent } from './events.js';
import { hashIdNumber, openIdKey, type IdKey, type IdKeyOptions } from './id-hash.js';
import { EXAMPLE_ROW, FIELD_LABEL, HAS_PHOTO, fieldOfHeader } from './roster-columns.js';
import { prep } from './sql.js';

/** A row of cells with its 1-based row number in the file. */
export interface RawRow {
  row: number;
  cells: string[];
}

/** What was read from the file, before any rule is applied. */
export interface RosterFile {
  label: string;
  format: RosterFormat;
  encoding: RosterEncoding | null;
  /** Every row with a non-blank cell, header included. */
  rows: RawRow[];
}

export type RosterImportReport = RosterImportResult;
export type RosterProgress = (done: number, total: number) => void;

/** Progress is reported, and the async variants let the event loop run, every this many rows. */
const STEP = 1000;

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK); anything else is refused. */
export function decodeText(bytes: Uint8Array, label: string): { text: string; encoding: RosterEncoding } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8-bom' };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: iconv.decode(b.subarray(2), 'utf16le'), encoding: 'utf-16le-bom' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: iconv.decode(b.subarray(2), 'utf16be'), encoding: 'utf-16be-bom' };
  const unknown = badInput(
    'unknown-encoding',
    `${label}: not a text file in UTF-8 or GBK; save it from Excel as "CSV UTF-8" or "CSV (逗号分隔)", or as .xlsx`,
    { file: label },
  );
  // NUL bytes: UTF-16 without BOM, or a binary file.
  if (b.includes(0)) throw unknown;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    const text = iconv.decode(b, 'gb18030');
    // GB18030 maps almost any byte run; replacement or control characters mean it was not GBK text.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what betrays a non-text file
    if (/[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) throw unknown;
    return { text, encoding: 'gb18030' };
  }
}

/** A tab-separated file is recognised by its first line: tabs and no comma. */
export function csvSeparator(text: string): ',' | '\t' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); each row keeps as many cells as it has fields. */
export function parseCsv(text: string, sep = csvSeparator(text)): RawRow[] {
  const rows: RawRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ row: rowStart, cells });
      cells = [];
      cell = '';
      line++;
      rowStart = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ row: rowStart, cells });
  }
  return rows;
}

/** Cell text as the secretary sees it: text cells verbatim, whole numbers without exponent or grouping. */
function cellText(c: XLSX.CellObject | undefined): string {
  if (!c || c.v === undefined || c.v === null) return '';
  if (c.t === 'n' && typeof c.v === 'number') {
    // A number format like 000000 pads with zeros: keep what Excel shows when it is digits only.
    if (c.w && /^\d+$/.test(c.w.trim())) return c.w.trim();
    if (Number.isInteger(c.v)) return BigInt(c.v).toString();
    return c.w ?? String(c.v);
  }
  if (c.t === 'b') return c.v ? '1' : '0';
  if (c.t === 'd' && c.v instanceof Date) return c.v.toISOString().slice(0, 10);
  return String(c.w ?? c.v);
}

export function parseWorkbook(bytes: Uint8Array, label: string): RawRow[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', cellText: true, cellDates: true, raw: false });
  } catch (e) {
    throw badInput('bad-workbook', `${label}: not a readable Excel workbook (${(e as Error).message})`, { file: label });
  }
  const name = wb.SheetNames[0];
  const sheet = name === undefined ? undefined : wb.Sheets[name];
  if (!sheet || !sheet['!ref']) throw badInput('bad-workbook', `${label}: the first sheet is empty`, { file: label });
  const range = XLSX.utils.decode_range(sheet['!ref']);
  const rows: RawRow[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) cells.push(cellText(sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined));
    rows.push({ row: r + 1, cells });
  }
  return rows;
}

/** Reads a roster file: a workbook by its extension or signature, else text in a detected encoding. */
export function readRosterFile(fileName: string, bytes: Uint8Array): RosterFile {
  const label = basename(fileName);
  const ext = extname(fileName).toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  const nonBlank = (rows: RawRow[]) => rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (ext === '.xlsx' || ext === '.xls' || isZip || isOle) {
    return { label, format: isOle || (!isZip && ext === '.xls') ? 'xls' : 'xlsx', encoding: null, rows: nonBlank(parseWorkbook(bytes, label)) };
  }
  const { text, encoding } = decodeText(bytes, label);
  const sep = csvSeparator(text);
  return { label, format: sep === '\t' ? 'tsv' : 'csv', encoding, rows: nonBlank(parseCsv(text, sep)) };
}

/** Where each field is, read from the header row. */
interface Header {
  row: number;
  columns: RosterColumn[];
  col: Map<RosterField, number>;
  /** Columns up to the last named one: a text row with another number of fields is shifted. */
  width: number;
  missing: RosterField[];
  ignored: string[];
}

function readHeader(r: RawRow): Header {
  const col = new Map<RosterField, number>();
  const columns: RosterColumn[] = [];
  const ignored: string[] = [];
  let width = 0;
  r.cells.forEach((raw, index) => {
    const header = raw.replace(/^\uFEFF/, '').trim();
    if (header === '') return;
    width = index + 1;
    let field = fieldOfHeader(header);
    if (field && col.has(field)) field = null; // the first column of a field wins
    if (field) col.set(field, index);
    else ignored.push(header);
    columns.push({ index, header, field });
  });
  return { row: r.row, columns, col, width, missing: REQUIRED_ROSTER_FIELDS.filter((f) => !col.has(f)), ignored };
}

/** Title lines above the header (a merged "2021届毕业生名单" cell) are passed over: the header is the first of the first ten rows naming every required column. */
const HEADER_SEARCH = 10;
function findHeader(rows: RawRow[]): { header: Header; data: RawRow[] } | null {
  const first = rows[0];
  if (!first) return null;
  const candidates = rows.slice(0, HEADER_SEARCH).map(readHeader);
  const i = candidates.findIndex((h) => h.missing.length === 0);
  return i < 0 ? { header: candidates[0]!, data: rows.slice(1) } : { header: candidates[i]!, data: rows.slice(i + 1) };
}

function missingColumns(file: RosterFile, header: Header) {
  const found = header.columns.map((c) => c.header);
  return badInput(
    'missing-column',
    `${file.label}: no ${header.missing.map((f) => `${FIELD_LABEL[f]} (${f})`).join(', ')} column in the header row; found: ${found.join(', ') || 'nothing'}`,
    { file: file.label, missing: header.missing, found },
  );
}

/** An ID number that strayed into another cell (a shifted row) is shown masked, like every ID number. */
const maskIdRuns = (s: string) => s.replace(/(?<![\dXx])\d{17}[\dXx](?![\dXx])/g, (m) => (isValidIdNumber(m.toUpperCase()) ? maskIdNumber(m.toUpperCase()) : m));

/** What a refused row holds in its 身份证号 column: masked when it has digits (it may be a real number), else as typed (a shifted 数学). */
const maskedCell = (v: string) => (v === '' ? null : /\d/.test(v) ? maskIdNumber(normalizeIdNumber(v)) : v);

const FOREIGN_PERMIT = /^[A-Z]{3}\d{12}$/;

/** A row that passes: what is written (the ID number already hashed, or null for a preview). */
interface Candidate {
  row: number;
  studentId: string;
  name: string;
  college: string;
  idHash: string | null;
  idMasked: string | null;
  major: string | null;
  level: string | null;
  hasPhoto: boolean | null;
}
interface Checked {
  candidates: Candidate[];
  skipped: RosterRowIssue[];
  warnings: RosterRowWarning[];
}

const cellOf = (header: Header, r: RawRow, f: RosterField) => {
  const i = header.col.get(f);
  return i === undefined ? '' : (r.cells[i] ?? '').trim();
};

/**
 * The rules of docs/interfaces.md §1.4 over every data row, in file order. A generator so that one
 * loop serves both the synchronous import (CLI, demo) and the async one, which
 * lets the event loop deliver progress every STEP rows.
 */
function* checkRows(file: RosterFile, header: Header, data: RawRow[], idKey: IdKey | null, onProgress?: RosterProgress): Generator<void, Checked> {
  const out: Checked = { candidates: [], skipped: [], warnings: [] };
  const seen = new Map<string, number>();
  const text = file.format === 'csv' || file.format === 'tsv';
  const total = data.length;
  for (let done = 0; done < total; done++) {
    if (done % STEP === 0) {
      onProgress?.(done, total);
      if (done > 0) yield;
    }
    const r = data[done]!;
    const skip = (issue: RosterRowIssue) => out.skipped.push(issue);
    const row = r.row;
    if (text) {
      // Excel writes every row with the header's number of fields; another count means a comma went missing or astray.
      const found = r.cells.length - [...r.cells].reverse().findIndex((c) => c.trim() !== '');
      if (r.cells.length < header.width || found > header.width) {
        const n = r.cells.length < header.width ? r.cells.length : found;
        skip({
          row,
          code: 'field-count',
          expected: header.width,
          found: n,
          reason: `the row has ${n} fields but the header has ${header.width}: a missing or extra comma shifts the columns (e.g. the ID number into 学院); fix the row and import again`,
        });
        continue;
      }
    }
    const studentId = cellOf(header, r, 'studentId');
    const name = cellOf(header, r, 'name');
    const college = cellOf(header, r, 'college');
    if (studentId === '') {
      skip({ row, code: 'missing-field', field: 'studentId', reason: '学号 is empty' });
      continue;
    }
    if (studentId.length > 40 || /\s/.test(studentId)) {
      const value = maskIdRuns(studentId);
      skip({ row, code: 'bad-student-id', value, reason: `学号 "${value}" is not a student ID (spaces or over 40 characters)` });
      continue;
    }
    if (studentId === EXAMPLE_ROW.studentId) {
      skip({ row, code: 'example-row', reason: `the template's example row (学号 ${studentId}) is not a student; delete it` });
      continue;
    }
    if (name === '') {
      skip({ row, code: 'missing-field', field: 'name', reason: '姓名 is empty' });
      continue;
    }
    if (college === '') {
      skip({ row, code: 'missing-field', field: 'college', reason: '学院 is empty' });
      continue;
    }
    const firstRow = seen.get(studentId);
    if (firstRow !== undefined) {
      skip({ row, code: 'duplicate-student-id', studentId, firstRow, reason: `学号 ${studentId} already appears in row ${firstRow}` });
      continue;
    }
    let hasPhoto: boolean | null = null;
    if (header.col.has('hasPhoto')) {
      const raw = cellOf(header, r, 'hasPhoto');
      const v = HAS_PHOTO[raw.toLowerCase()];
      if (v === undefined) {
        const value = maskIdRuns(raw);
        skip({ row, code: 'bad-has-photo', value, reason: `已有照片 must be 是/否, yes/no or 1/0; found "${value}"` });
        continue;
      }
      hasPhoto = v;
    }
    let idHash: string | null = null;
    let idMasked: string | null = null;
    const rawId = cellOf(header, r, 'idNumber');
    if (rawId !== '') {
      const id = normalizeIdNumber(rawId);
      if (isValidIdNumber(id) || FOREIGN_PERMIT.test(id)) {
        idHash = idKey ? hashIdNumber(idKey, id) : null;
        idMasked = maskIdNumber(id);
      } else {
        // A wrong number would never match a card; keep the student, drop the number, say so.
        const masked = maskIdNumber(id);
        out.warnings.push({
          row,
          code: 'bad-id-number',
          masked,
          reason: `身份证号 ${masked} is not a valid ID number (check digit); imported without it: the card is matched by name or the student checks in by 学号`,
        });
      }
    }
    seen.set(studentId, row);
    out.candidates.push({
      row,
      studentId,
      name,
      college,
      idHash,
      idMasked,
      major: cellOf(header, r, 'major') || null,
      level: cellOf(header, r, 'level') || null,
      hasPhoto,
    });
  }
  return out;
}

function writeStudents(db: Db, eventId: number, file: RosterFile, checked: Checked, opts: { now: Date; actor?: string }): RosterImportReport {
  const result: RosterImportReport = { imported: 0, updated: 0, skipped: checked.skipped, warnings: checked.warnings };
  const at = opts.now.toISOString();
  const exists = prep(db, 'SELECT 1 FROM students WHERE event_id = ? AND student_id = ?');
  const upsert = prep(
    db,
    `INSERT INTO students(event_id, student_id, name, college, id_hash, id_masked, major, level, has_photo, walk_in, created_at, updated_at)
     VALUES (@eventId, @studentId, @name, @college, @idHash, @idMasked, @major, @level, COALESCE(@hasPhoto, 0), 0, @at, @at)
     ON CONFLICT(event_id, student_id) DO UPDATE SET
       name = excluded.name, college = excluded.college,
       id_hash = COALESCE(@idHash, id_hash), id_masked = COALESCE(@idMasked, id_masked),
       major = COALESCE(@major, major), level = COALESCE(@level, level),
       has_photo = COALESCE(@hasPhoto, has_photo), walk_in = 0, updated_at = @at`,
  );
  db.transaction(() => {
    for (const c of checked.candidates) {
      const isNew = exists.get(eventId, c.studentId) === undefined;
      const { row: _row, hasPhoto, ...fields } = c;
      upsert.run({ eventId, ...fields, hasPhoto: hasPhoto === null ? null : hasPhoto ? 1 : 0, at });
      if (isNew) result.imported++;
      else result.updated++;
    }
    audit(db, {
      at: opts.now,
      actor: opts.actor ?? 'admin',
      action: 'roster-import',
      eventId,
      detail: { file: file.label, imported: result.imported, updated: result.updated, skipped: result.skipped.length },
    });
  })();
  return result;
}

export interface ImportOptions {
  now: Date;
  actor?: string;
  /** Rows checked so far / data rows in the file; (total, total) once written. */
  onProgress?: RosterProgress;
}

function* importSteps(db: Db, idKey: IdKey, fileName: string, bytes: Uint8Array, opts: ImportOptions): Generator<void, RosterImportReport> {
  const eventId = requireActiveEvent(db);
  const file = readRosterFile(fileName, bytes);
  const found = findHeader(file.rows);
  if (!found) throw badInput('empty-roster', `${file.label}: the file has no header row`, { file: file.label });
  if (found.header.missing.length > 0) throw missingColumns(file, found.header);
  const checked = yield* checkRows(file, found.header, found.data, idKey, opts.onProgress);
  // One transaction: a roster is imported whole or not at all.
  const result = writeStudents(db, eventId, file, checked, opts);
  opts.onProgress?.(found.data.length, found.data.length);
  return result;
}

function runSync<T>(steps: Generator<void, T>): T {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

async function runAsync<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    // Let sockets, IPC and timers run: progress reaches the page, other desks keep checking in.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Imports (upserts by student ID) into the active event, in one transaction. */
export function importRoster(db: Db, idKey: IdKey, fileName: string, bytes: Uint8Array, opts: ImportOptions): RosterImportReport {
  return runSync(importSteps(db, idKey, fileName, bytes, opts));
}

/** The same import, yielding to the event loop while the rows are checked, so progress reaches a page; the write is still one transaction. */
export function importRosterAsync(db: Db, idKey: IdKey, fileName: string, bytes: Uint8Array, opts: ImportOptions): Promise<RosterImportReport> {
  return runAsync(importSteps(db, idKey, fileName, bytes, opts));
}

export interface PreviewOptions {
  /** How many data rows to show (default 20). */
  limit?: number;
  onProgress?: RosterProgress;
}

function* previewSteps(fileName: string, bytes: Uint8Array, opts: PreviewOptions): Generator<void, RosterPreview> {
  const file = readRosterFile(fileName, bytes);
  const found = findHeader(file.rows);
  if (!found) throw badInput('empty-roster', `${file.label}: the file has no header row`, { file: file.label });
  const { header, data } = found;
  const preview: RosterPreview = {
    fileName: file.label,
    format: file.format,
    encoding: file.encoding,
    headerRow: header.row,
    columns: header.columns,
    ignored: header.ignored,
    missing: header.missing,
    totalRows: data.length,
    importable: 0,
    rows: [],
    skipped: [],
    warnings: [],
  };
  if (header.missing.length > 0) {
    opts.onProgress?.(data.length, data.length);
    return preview;
  }
  const checked = yield* checkRows(file, header, data, null, opts.onProgress);
  const passed = new Map(checked.candidates.map((c) => [c.row, c]));
  const shown = (r: RawRow, f: RosterField) => maskIdRuns(cellOf(header, r, f));
  preview.rows = data.slice(0, opts.limit ?? 20).map((r): RosterPreviewRow => {
    const c = passed.get(r.row);
    if (c) {
      const { idHash: _hash, ...rest } = c;
      return { ...rest, outcome: 'import' };
    }
    const raw = cellOf(header, r, 'hasPhoto');
    return {
      row: r.row,
      outcome: 'skip',
      studentId: cellOf(header, r, 'studentId'),
      name: shown(r, 'name'),
      college: shown(r, 'college'),
      idMasked: maskedCell(cellOf(header, r, 'idNumber')),
      major: shown(r, 'major') || null,
      level: shown(r, 'level') || null,
      hasPhoto: header.col.has('hasPhoto') ? (HAS_PHOTO[raw.toLowerCase()] ?? null) : null,
    };
  });
  preview.importable = checked.candidates.length;
  preview.skipped = checked.skipped;
  preview.warnings = checked.warnings;
  opts.onProgress?.(data.length, data.length);
  return preview;
}

/**
 * What an import of this file would do, writing nothing: how it was read, which
 * header feeds which field, the first rows, and every refused row and warning.
 * Needs no event; a file without a required column is reported, not refused.
 */
export function previewRoster(fileName: string, bytes: Uint8Array, opts: PreviewOptions = {}): Promise<RosterPreview> {
  return runAsync(previewSteps(fileName, bytes, opts));
}

/** `roster import` for the CLI: the database is opened and closed here. */
export function importRosterFile(dbFile: string, path: string, onProgress?: RosterProgress, now = new Date(), keyOpts: IdKeyOptions = {}): RosterImportReport {
  const bytes = readFileSync(path);
  const db = openDb(dbFile);
  try {
    return importRoster(db, openIdKey(db, dbFile, keyOpts), path, bytes, { now, actor: 'cli', onProgress });
  } finally {
    db.close();
  }
}
