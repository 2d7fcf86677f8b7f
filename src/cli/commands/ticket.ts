// `swipequeue ticket preview <ticket> --db <file> --out file.svg`: the ticket as it prints.
import { writeFileSync } from 'node:fs';
import { ticketPreviewSvg } from '../printer-tools.js';
import { parseTicketNo } from '../../shared/ticket.js';
import { UsageError, oneArgument, printJson, type CommandGroup } from '../command.js';
import { parsePublicUrl } from './serve.js';

const USAGE = 'preview <ticket> --db <file> --out <file.svg> [--paper 58|80] [--public-url <http://host:port>]';

const group: CommandGroup = {
  summary: 'swipequeue ticket: recorded tickets',
  commands: {
    preview: {
      usage: '<ticket> --db <file> --out <file.svg> [--paper 58|80] [--public-url <http://host:port>]',
      summary: 'write the SVG preview of a recorded ticket, the same document the printer gets (with --public-url, its QR links to the ticket\'s page as serve prints it)',
      options: { db: { type: 'string' }, out: { type: 'string' }, paper: { type: 'string' }, 'public-url': { type: 'string' } },
      async run({ values, positionals }) {
        const ticket = oneArgument(positionals, 'ticket number', `swipequeue ticket ${USAGE}`);
        if (typeof values.db !== 'string' || typeof values.out !== 'string') throw new UsageError(`missing --db or --out; usage: swipequeue ticket ${USAGE}`);
        const paper = values.paper === '58' ? 58 : values.paper === undefined || values.paper === '80' ? 80 : undefined;
        if (paper === undefined) throw new UsageError('--paper must be 58 or 80');
        const no = parseTicketNo(ticket);
        const publicUrl = typeof values['public-url'] === 'string' ? parsePublicUrl(values['public-url']) : undefined;
        // Owner-only: a ticket carries a student's name.
        writeFileSync(values.out, ticketPreviewSvg(values.db, no, values.paper === undefined ? undefined : paper, publicUrl), { mode: 0o600 });
        printJson({ ticket: no, out: values.out });
      },
    },
  },
};
export default group;
