// `swipequeue export …`: what the college secretary takes away (docs/interfaces.md §1.7, §1.8).
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { openDb } from '../../db/connection.js';
import { requireActiveEvent } from '../../core/events.js';
import { buildExport, missingGlyphWarnings, type BuiltExport, type ExportKind } from '../../core/exports/index.js';
import type { ExportOptions } from '../../core/exports/data.js';
import { badInput } from '../../shared/errors.js';
import { UsageError, printJson, progress, requiredOption, type Command, type CommandGroup } from '../command.js';

/** Which kinds a CLI `export <what> --out <file>` may write, by the file's extension. */
const BY_EXTENSION: Record<string, Partial<Record<string, ExportKind>>> = {
  'signin-sheet': { '.pdf': 'signin-sheet' },
  attendance: { '.csv': 'attendance-csv', '.xlsx': 'attendance-xlsx' },
  fees: { '.pdf': 'fees-pdf', '.xlsx': 'fees-xlsx' },
  absentees: { '.pdf': 'absentees-pdf', '.xlsx': 'absentees-xlsx' },
  audit: { '.csv': 'audit-csv' },
};

/** For the CLI: opens the database, writes the file, returns what was written. */
async function exportToFile(
  dbFile: string,
  what: keyof typeof BY_EXTENSION,
  out: string,
  opts: ExportOptions = {},
): Promise<BuiltExport> {
  const choices = BY_EXTENSION[what] ?? {};
  const kind = choices[extname(out).toLowerCase()];
  if (!kind) throw badInput('bad-output', `--out ${out}: expected a ${Object.keys(choices).join(' or ')} file`, { file: out, expected: Object.keys(choices) });
  // An export reads: a mistyped --db must not become a new empty database.
  const db = openDb(dbFile, { mustExist: true });
  try {
    const built = await buildExport(db, requireActiveEvent(db), kind, opts);
    // Names and signatures: owner-only when the file is new.
    writeFileSync(out, built.bytes, { mode: 0o600 });
    return built;
  } finally {
    db.close();
  }
}

function exportCommand(what: 'signin-sheet' | 'attendance' | 'fees' | 'absentees' | 'audit', outs: string, summary: string, withCollege: boolean): Command {
  const sheet = what === 'signin-sheet';
  const usage = `--db <file> --out <${outs}>${withCollege ? ' [--college <name>]' : ''}${sheet ? ' [--all-students]' : ''}`;
  return {
    usage,
    summary,
    options: {
      db: { type: 'string' },
      out: { type: 'string' },
      ...(withCollege ? { college: { type: 'string' } } : {}),
      ...(sheet ? { 'all-students': { type: 'boolean' } } : {}),
    },
    async run({ values, positionals }) {
      const { college } = values;
      const db = requiredOption(values, 'db', '<file>', `swipequeue export ${what} ${usage}`);
      const out = requiredOption(values, 'out', '<file>', `swipequeue export ${what} ${usage}`);
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; usage: swipequeue export ${what} ${usage}`);
      const built = await exportToFile(db, what, out, {
        college: typeof college === 'string' ? college : undefined,
        allStudents: values['all-students'] === true,
        onProgress: (done, total) => progress(`${what}: ${done}/${total} rows`),
      });
      for (const line of missingGlyphWarnings(built.missingGlyphs)) progress(line);
      printJson(built.pages === undefined ? { rows: built.rows } : { pages: built.pages, rows: built.rows });
    },
  };
}

const group: CommandGroup = {
  summary: 'swipequeue export: files for the college secretary',
  commands: {
    'signin-sheet': exportCommand(
      'signin-sheet',
      'file.pdf',
      'the signed sign-in sheet (PDF), one section per college, rows in ticket order, each marked 已拍/过号/未拍; --all-students adds the roster students who did not come, marked 缺席',
      true,
    ),
    attendance: exportCommand('attendance', 'file.csv|file.xlsx', 'every roster student and walk-in with ticket, time, status and fee (CSV with BOM, or XLSX)', true),
    fees: exportCommand('fees', 'file.pdf|file.xlsx', 'fee summary per college as the notices count it (fee × photographed), with the checked-in-but-not-photographed and the exempt listed apart', true),
    absentees: exportCommand('absentees', 'file.pdf|file.xlsx', 'students without a photo (absent or no-show) per college, for the make-up notice', true),
    audit: exportCommand('audit', 'file.csv', 'the audit log: check-ins, duplicates, reprints, calls, no-shows, recalls, undos', false),
  },
};
export default group;
