// Exports for the secretary, as files: used by the API (download) and the CLI.
import type { Db } from '../../db/connection.js';
import type { ExportFile } from '../../shared/types.js';
import { attendanceTable } from './attendance.js';
import { auditTable } from './audit-export.js';
import { exportScope, localDateTime, type ExportOptions } from './data.js';
import { absenteesPdf, absenteesTable, feeTables, feesPdf } from './fees-absentees.js';
import { signinSheet } from './signin-sheet.js';
import { toCsv, toXlsx } from './tabular.js';

export type ExportKind = 'signin-sheet' | 'attendance-csv' | 'attendance-xlsx' | 'fees-pdf' | 'fees-xlsx' | 'absentees-pdf' | 'absentees-xlsx' | 'audit-csv';

const MIME = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export interface BuiltExport {
  bytes: Buffer;
  ext: keyof typeof MIME;
  pages?: number;
  rows: number;
  missingGlyphs?: string[];
}

export async function buildExport(
  db: Db,
  eventId: number,
  kind: ExportKind,
  opts: ExportOptions = {},
): Promise<BuiltExport> {
  // The PDFs report every 200 rows and at the end; every kind ends with a
  // complete report, so a progress bar always fills.
  let complete = false;
  const onProgress = opts.onProgress && ((done: number, total: number) => {
    complete = done === total;
    opts.onProgress?.(done, total);
  });
  const built = await build(db, eventId, kind, { ...opts, onProgress });
  if (!complete) opts.onProgress?.(built.rows, built.rows);
  return built;
}

async function build(db: Db, eventId: number, kind: ExportKind, opts: ExportOptions): Promise<BuiltExport> {
  const { college } = opts;
  switch (kind) {
    case 'signin-sheet': {
      const s = await signinSheet(db, eventId, opts);
      return { bytes: s.pdf, ext: 'pdf', pages: s.pages, rows: s.rows, missingGlyphs: s.missingGlyphs };
    }
    case 'attendance-csv':
    case 'attendance-xlsx': {
      const t = attendanceTable(db, eventId, college);
      return kind === 'attendance-csv'
        ? { bytes: toCsv(t), ext: 'csv', rows: t.rows.length }
        : { bytes: toXlsx([{ name: '考勤', table: t }]), ext: 'xlsx', rows: t.rows.length };
    }
    case 'fees-pdf': {
      const r = await feesPdf(db, eventId, opts);
      return { bytes: r.pdf, ext: 'pdf', pages: r.pages, rows: r.rows, missingGlyphs: [...r.fonts.missing] };
    }
    case 'fees-xlsx': {
      const t = feeTables(db, eventId, college);
      const sheets = [
        { name: '费用汇总', table: t.summary },
        { name: '签到未拍', table: t.notPhotographed },
        { name: '免缴名单', table: t.exempt },
      ];
      return { bytes: toXlsx(sheets), ext: 'xlsx', rows: t.summary.rows.length };
    }
    case 'absentees-pdf': {
      const r = await absenteesPdf(db, eventId, opts);
      return { bytes: r.pdf, ext: 'pdf', pages: r.pages, rows: r.rows, missingGlyphs: [...r.fonts.missing] };
    }
    case 'absentees-xlsx': {
      const t = absenteesTable(db, eventId, college);
      return { bytes: toXlsx([{ name: '未采集名单', table: t }]), ext: 'xlsx', rows: t.rows.length };
    }
    case 'audit-csv': {
      const t = auditTable(db, eventId);
      return { bytes: toCsv(t), ext: 'csv', rows: t.rows.length };
    }
  }
}

const BASENAME: Record<ExportKind, string> = {
  'signin-sheet': '签到表',
  'attendance-csv': '考勤',
  'attendance-xlsx': '考勤',
  'fees-pdf': '费用汇总',
  'fees-xlsx': '费用汇总',
  'absentees-pdf': '未采集名单',
  'absentees-xlsx': '未采集名单',
  'audit-csv': '操作日志',
};

/** One line per character that no font could draw, so a name never prints as boxes silently. */
export function missingGlyphWarnings(chars: string[] = []): string[] {
  return chars.map(
    (ch) =>
      `warning: no font can draw "${ch}" (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}): it prints as a blank box; ` +
      'install a font with CJK Extension B (e.g. SimSun-ExtB on Windows, fonts-noto-cjk or fonts-hanazono on Linux) and export again',
  );
}

/** For the API: the file as base64 with a name the secretary recognises. */
export async function createExport(
  db: Db,
  eventId: number,
  input: { kind: ExportKind; college?: string; allStudents?: boolean },
  now: Date,
  onProgress?: ExportOptions['onProgress'],
): Promise<ExportFile> {
  const event = exportScope(db, eventId, input.college);
  const built = await buildExport(db, eventId, input.kind, { college: input.college, allStudents: input.allStudents, now, onProgress });
  // The download has no stderr of its own: say here which names print incomplete.
  for (const line of missingGlyphWarnings(built.missingGlyphs)) process.stderr.write(`${line}\n`);
  const day = localDateTime(now.toISOString()).slice(0, 10);
  const scope = `${input.college ? `-${input.college}` : ''}${input.kind === 'signin-sheet' && input.allStudents ? '-全体名单' : ''}`;
  return {
    fileName: `${event.name}-${BASENAME[input.kind]}${scope}-${day}.${built.ext}`.replace(/[\\/:*?"<>|]/g, '_'),
    mime: MIME[built.ext],
    base64: built.bytes.toString('base64'),
  };
}
