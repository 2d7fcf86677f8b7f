// Roster import (INTERFACES.md §1.4): CSV in UTF-8 (BOM or not) or GBK/GB18030
// as Excel on Chinese Windows saves it, or .xlsx/.xls. Student IDs stay strings.
// Bad rows are skipped with their row number (the header is row 1); good rows import.
// ID numbers are stored only as an HMAC and a masked form.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import type { Db } from '../db/connection.js';
import { openDb } from '../db/connection.js';
import { badInput } from '../shared/errors.js';
import { isValidIdNumber, maskIdNumber, normalizeIdNumber } from '../shared/id-number.js';
import type { RosterImportResult } from '../shared/types.js';
import { audit } from './audit.js';
import { requireActiveEvent } from './events.js';
import { hashIdNumber, loadIdKey, type IdKey } from './id-hash.js';
import { prep } from './sql.js';

type Field = 'studentId' | 'name' | 'college' | 'idNumber' | 'major' | 'level' | 'hasPhoto';
const LABEL: Record<Field, string> = {
  studentId: '学号',
  name: '姓名',
  college: '学院',
  idNumber: '身份证号',
  major: '专业',
  level: '层次',
  hasPhoto: '已有照片',
};
const ALIASES: Record<string, Field> = {
  学号: 'studentId',
  studentid: 'studentId',
  姓名: 'name',
  name: 'name',
  学院: 'college',
  college: 'college',
  身份证号: 'idNumber',
  身份证号码: 'idNumber',
  idnumber: 'idNumber',
  专业: 'major',
  major: 'major',
  层次: 'level',
  level: 'level',
  已有照片: 'hasPhoto',
  hasphoto: 'hasPhoto',
};
const REQUIRED: Field[] = ['studentId', 'name', 'college'];

/** A row of cells with its 1-based row number in the file. */
export interface RawRow {
  row: number;
  cells: string[];
}

export interface RosterWarning {
  row: number;
  reason: string;
}
export type RosterImportReport = RosterImportResult & { warnings: RosterWarning[] };
export type RosterProgress = (done: number, total: number) => void;

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK); anything else is refused. */
export function decodeText(bytes: Uint8Array, label: string): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return iconv.decode(b.subarray(2), 'utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return iconv.decode(b.subarray(2), 'utf16be');
  const unknown = badInput(
    'unknown-encoding',
    `${label}: not a text file in UTF-8 or GBK; save it from Excel as "CSV UTF-8" or "CSV (逗号分隔)", or as .xlsx`,
  );
  // NUL bytes: UTF-16 without BOM, or a binary file.
  if (b.includes(0)) throw unknown;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    const text = iconv.decode(b, 'gb18030');
    // GB18030 maps almost any byte run; replacement or control characters mean it was not GBK text.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what betrays a non-text file
    if (/[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) throw unknown;
    return text;
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); a tab-separated file is detected by its header line. */
export function parseCsv(text: string): RawRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
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
    throw badInput('bad-workbook', `${label}: not a readable Excel workbook (${(e as Error).message})`);
  }
  const name = wb.SheetNames[0];
  const sheet = name === undefined ? undefined : wb.Sheets[name];
  if (!sheet || !sheet['!ref']) throw badInput('bad-workbook', `${label}: the first sheet is empty`);
  const range = XLSX.utils.decode_range(sheet['!ref']);
  const rows: RawRow[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) cells.push(cellText(sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined));
    rows.push({ row: r + 1, cells });
  }
  return rows;
}

export function readRosterRows(fileName: string, bytes: Uint8Array): RawRow[] {
  const label = basename(fileName);
  const ext = extname(fileName).toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (ext === '.xlsx' || ext === '.xls' || isZip || isOle) return parseWorkbook(bytes, label);
  return parseCsv(decodeText(bytes, label));
}

const PHOTO: Record<string, boolean> = { 是: true, 有: true, yes: true, y: true, true: true, '1': true, 否: false, 无: false, no: false, n: false, false: false, '0': false, '': false };
const FOREIGN_PERMIT = /^[A-Z]{3}\d{12}$/;

/** Imports (upserts by student ID) into the active event, in one transaction. */
export function importRoster(db: Db, idKey: IdKey, fileName: string, bytes: Uint8Array, opts: { now: Date; actor?: string; onProgress?: RosterProgress }): RosterImportReport {
  const label = basename(fileName);
  const eventId = requireActiveEvent(db);
  const rows = readRosterRows(fileName, bytes).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = rows.shift();
  if (!header) throw badInput('empty-roster', `${label}: the file has no header row`);
  const col = new Map<Field, number>();
  header.cells.forEach((h, i) => {
    const key = h.replace(/^\uFEFF/, '').replace(/\s+/g, '');
    const field = ALIASES[key] ?? ALIASES[key.toLowerCase()];
    if (field && !col.has(field)) col.set(field, i);
  });
  const missing = REQUIRED.filter((f) => !col.has(f));
  if (missing.length > 0) {
    throw badInput(
      'missing-column',
      `${label}: no ${missing.map((f) => `${LABEL[f]} (${f})`).join(', ')} column in the header row; found: ${header.cells.map((c) => c.trim()).filter(Boolean).join(', ') || 'nothing'}`,
    );
  }
  const get = (r: RawRow, f: Field) => {
    const i = col.get(f);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const result: RosterImportReport = { imported: 0, updated: 0, skipped: [], warnings: [] };
  const seen = new Map<string, number>();
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
  const total = rows.length;
  db.transaction(() => {
    rows.forEach((r, done) => {
      if (opts.onProgress && done % 1000 === 0) opts.onProgress(done, total);
      const skip = (reason: string) => result.skipped.push({ row: r.row, reason });
      const studentId = get(r, 'studentId');
      const name = get(r, 'name');
      const college = get(r, 'college');
      if (studentId === '') return skip('学号 is empty');
      if (studentId.length > 40 || /\s/.test(studentId)) return skip(`学号 "${studentId}" is not a student ID (spaces or over 40 characters)`);
      if (name === '') return skip('姓名 is empty');
      if (college === '') return skip('学院 is empty');
      const first = seen.get(studentId);
      if (first !== undefined) return skip(`学号 ${studentId} already appears in row ${first}`);
      let hasPhoto: number | null = null;
      if (col.has('hasPhoto')) {
        const v = PHOTO[get(r, 'hasPhoto').toLowerCase()];
        if (v === undefined) return skip(`已有照片 must be 是/否, yes/no or 1/0; found "${get(r, 'hasPhoto')}"`);
        hasPhoto = v ? 1 : 0;
      }
      let idHash: string | null = null;
      let idMasked: string | null = null;
      const rawId = get(r, 'idNumber');
      if (rawId !== '') {
        const id = normalizeIdNumber(rawId);
        if (isValidIdNumber(id) || FOREIGN_PERMIT.test(id)) {
          idHash = hashIdNumber(idKey, id);
          idMasked = maskIdNumber(id);
        } else {
          // A wrong number would never match a card; keep the student, drop the number, say so.
          result.warnings.push({ row: r.row, reason: `身份证号 ${maskIdNumber(id)} is not a valid ID number (check digit); imported without it: the card is matched by name or the student checks in by 学号` });
        }
      }
      seen.set(studentId, r.row);
      const isNew = exists.get(eventId, studentId) === undefined;
      upsert.run({ eventId, studentId, name, college, idHash, idMasked, major: get(r, 'major') || null, level: get(r, 'level') || null, hasPhoto, at });
      if (isNew) result.imported++;
      else result.updated++;
    });
    audit(db, {
      at: opts.now,
      actor: opts.actor ?? 'admin',
      action: 'roster-import',
      eventId,
      detail: { file: label, imported: result.imported, updated: result.updated, skipped: result.skipped.length },
    });
  })();
  opts.onProgress?.(total, total);
  return result;
}

/** `roster import` for the CLI: the database is opened and closed here. */
export function importRosterFile(dbFile: string, path: string, onProgress?: RosterProgress, now = new Date()): RosterImportReport {
  const bytes = readFileSync(path);
  const db = openDb(dbFile);
  try {
    return importRoster(db, loadIdKey(dbFile), path, bytes, { now, actor: 'cli', onProgress });
  } finally {
    db.close();
  }
}
