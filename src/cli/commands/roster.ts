// `swipequeue roster import --db <file> <roster.csv|.xlsx|.xls>` (INTERFACES.md §1.4).
import { importRosterFile } from '../../core/roster-import.js';
import { UsageError, printJson, progress, type CommandGroup } from '../command.js';

const group: CommandGroup = {
  summary: 'swipequeue roster: the students expected at the active event',
  commands: {
    import: {
      usage: '--db <file> <roster.csv|.xlsx|.xls>',
      summary: 'import or update (by 学号) the roster of the active event; bad rows are skipped and reported',
      options: { db: { type: 'string' } },
      async run({ values, positionals }) {
        const db = values.db;
        if (typeof db !== 'string' || db === '') throw new UsageError('missing --db <file>; usage: swipequeue roster import --db <file> <roster.csv|.xlsx|.xls>');
        const [path, extra] = positionals;
        if (path === undefined || extra !== undefined) throw new UsageError('expected one roster file; usage: swipequeue roster import --db <file> <roster.csv|.xlsx|.xls>');
        let last = -1;
        const report = importRosterFile(db, path, (done, total) => {
          const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
          if (pct !== last && (pct % 10 === 0 || done === total)) progress(`roster: ${done}/${total} rows`);
          last = pct;
        });
        for (const w of report.warnings) progress(`warning: row ${w.row}: ${w.reason}`);
        printJson(report);
      },
    },
  },
};
export default group;
