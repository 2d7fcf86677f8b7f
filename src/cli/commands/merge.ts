// `swipequeue merge --db <into.db> <other.db>…` (docs/interfaces.md §3.6): two
// campuses, one report.
import { mergeKiosks } from '../../core/merge.js';
import { UsageError, printJson, requiredOption, type CommandGroup } from '../command.js';

const USAGE = '--db <into.db> <other.db>…';

const group: CommandGroup = {
  summary: 'swipequeue merge: fold the check-ins of other kiosks of the same event into one database',
  commands: {
    '': {
      usage: USAGE,
      summary:
        "folds the other kiosks' students, tickets (numbers kept), signatures, fees and audit into <into.db> for the joint exports; refused, changing nothing, when the events differ, two files hold tickets of one station, one student checked in at both, or a file is not a kiosk database. Prints {\"merged\": {\"<station>\": n}}",
      options: { db: { type: 'string' } },
      async run({ values, positionals }) {
        const into = requiredOption(values, 'db', '<into.db>', `swipequeue merge ${USAGE}`);
        if (positionals.length === 0) throw new UsageError(`name at least one other database; usage: swipequeue merge ${USAGE}`);
        printJson(mergeKiosks(into, positionals));
      },
    },
  },
};
export default group;
