// `swipequeue event import --db <file> <event.json>` (docs/interfaces.md §1.3).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importEventText } from '../../core/events.js';
import { oneArgument, printJson, requiredOption, type CommandGroup } from '../command.js';

const group: CommandGroup = {
  summary: 'swipequeue event: the schedule of a photo day (stations, rooms, college slots)',
  commands: {
    import: {
      usage: '--db <file> <event.json>',
      summary: 'create or replace the event described by the file (matched by name) and make it active',
      options: { db: { type: 'string' } },
      async run({ values, positionals }) {
        const usage = 'swipequeue event import --db <file> <event.json>';
        const db = requiredOption(values, 'db', '<file>', usage);
        const path = oneArgument(positionals, 'event file', usage);
        const text = readFileSync(path, 'utf8');
        printJson(importEventText(db, text, basename(path)));
      },
    },
  },
};
export default group;
