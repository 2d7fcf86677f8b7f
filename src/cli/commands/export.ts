// `swipequeue export …`: what the college secretary takes away (INTERFACES.md §1.7, §1.8).
import { exportToFile, missingGlyphWarnings } from '../../core/exports/index.js';
import { UsageError, printJson, progress, type Command, type CommandGroup } from '../command.js';

function exportCommand(what: 'signin-sheet' | 'attendance' | 'fees' | 'absentees' | 'audit', outs: string, summary: string, withCollege: boolean): Command {
  const usage = `--db <file> --out <${outs}>${withCollege ? ' [--college <name>]' : ''}`;
  return {
    usage,
    summary,
    options: { db: { type: 'string' }, out: { type: 'string' }, ...(withCollege ? { college: { type: 'string' } } : {}) },
    async run({ values, positionals }) {
      const { db, out, college } = values;
      if (typeof db !== 'string' || db === '') throw new UsageError(`missing --db <file>; usage: swipequeue export ${what} ${usage}`);
      if (typeof out !== 'string' || out === '') throw new UsageError(`missing --out <file>; usage: swipequeue export ${what} ${usage}`);
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; usage: swipequeue export ${what} ${usage}`);
      const built = await exportToFile(db, what, out, {
        college: typeof college === 'string' ? college : undefined,
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
    'signin-sheet': exportCommand('signin-sheet', 'file.pdf', 'the signed sign-in sheet (PDF), one section per college, rows in ticket order', true),
    attendance: exportCommand('attendance', 'file.csv|file.xlsx', 'every roster student and walk-in with ticket, time, status and fee (CSV with BOM, or XLSX)', true),
    fees: exportCommand('fees', 'file.pdf|file.xlsx', 'fee summary per college: headcount × fee, paid, unpaid, exempt', true),
    absentees: exportCommand('absentees', 'file.pdf|file.xlsx', 'students without a photo (absent or no-show) per college, for the make-up notice', true),
    audit: exportCommand('audit', 'file.csv', 'the audit log: check-ins, duplicates, reprints, calls, no-shows, recalls, undos', false),
  },
};
export default group;
