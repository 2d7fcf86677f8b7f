// `swipequeue roster import --db <file> <roster.csv|.xlsx|.xls>` (docs/interfaces.md §1.4),
// plus `roster preview` (what an import would do, writing nothing) and
// `roster template` (the file to fill in).
import { readFileSync } from 'node:fs';
import { importRosterFile, previewRoster, type RosterProgress } from '../../core/roster-import.js';
import { writeRosterTemplate } from '../../core/roster-template.js';
import { UsageError, oneArgument, printJson, progress, requiredOption, type CommandGroup } from '../command.js';

/** One stderr line per 10 % of the rows. */
function rowProgress(label: string): RosterProgress {
  let last = -1;
  return (done, total) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct !== last && (pct % 10 === 0 || done === total)) progress(`${label}: ${done}/${total} rows`);
    last = pct;
  };
}

const group: CommandGroup = {
  summary: 'swipequeue roster: the students expected at the active event',
  commands: {
    import: {
      usage: '--db <file> [--new-key] <roster.csv|.xlsx|.xls>',
      summary:
        'import or update (by 学号) the roster of the active event; bad rows are skipped and reported (--new-key: the database lost its <db>.key, start a new one)',
      options: { db: { type: 'string' }, 'new-key': { type: 'boolean' } },
      async run({ values, positionals }) {
        const usage = 'swipequeue roster import --db <file> <roster.csv|.xlsx|.xls>';
        const db = requiredOption(values, 'db', '<file>', usage);
        const path = oneArgument(positionals, 'roster file', usage);
        const report = importRosterFile(db, path, rowProgress('roster'), new Date(), { newKey: values['new-key'] === true });
        for (const w of report.warnings) progress(`warning: row ${w.row}: ${w.reason}`);
        printJson(report);
      },
    },
    preview: {
      usage: '[--rows <n>] <roster.csv|.xlsx|.xls>',
      summary: 'what an import would do, writing nothing: encoding, column mapping, the first rows, refused rows and warnings',
      options: { rows: { type: 'string' } },
      async run({ values, positionals }) {
        const path = oneArgument(positionals, 'roster file', 'swipequeue roster preview [--rows <n>] <roster.csv|.xlsx|.xls>');
        const rows = values.rows === undefined ? 20 : Number(values.rows);
        if (!Number.isInteger(rows) || rows < 0) throw new UsageError(`--rows ${String(values.rows)}: expected a whole number of rows to show`);
        printJson(await previewRoster(path, readFileSync(path), { limit: rows, onProgress: rowProgress('preview') }));
      },
    },
    template: {
      usage: '--out <file.csv|file.xlsx>',
      summary: 'write an empty roster to fill in: every column with its Chinese header and one example row to delete',
      options: { out: { type: 'string' } },
      async run({ values, positionals }) {
        const out = requiredOption(values, 'out', '<file>', 'swipequeue roster template --out <file.csv|file.xlsx>');
        if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; usage: swipequeue roster template --out <file.csv|file.xlsx>`);
        printJson(writeRosterTemplate(out));
      },
    },
  },
};
export default group;
