// `swipequeue printer test|status --printer <target>` (docs/interfaces.md §1.5).
import { printTestTicket, printerStatus } from '../printer-tools.js';
import { badInput } from '../../shared/errors.js';
import { UsageError, printJson, type CommandGroup } from '../command.js';

const TARGETS = 'tcp://host:9100, serial:/dev/ttyUSB0?baud=9600, file:/path, spooler:<name>, none';

function target(values: Record<string, unknown>, usage: string): string {
  const t = values.printer;
  if (typeof t !== 'string' || t === '') throw new UsageError(`missing --printer <target> (${TARGETS}); usage: swipequeue printer ${usage}`);
  return t;
}

function paper(values: Record<string, unknown>): 58 | 80 {
  const p = values.paper ?? '80';
  if (p !== '58' && p !== '80') throw badInput('bad-paper', `--paper must be 58 or 80 (mm), found "${String(p)}"`);
  return p === '58' ? 58 : 80;
}

const group: CommandGroup = {
  summary: 'swipequeue printer: the ticket printer',
  commands: {
    test: {
      usage: '--printer <target> [--paper 58|80]',
      summary: 'print a sample ticket (number 0000A) to the printer',
      options: { printer: { type: 'string' }, paper: { type: 'string' } },
      async run({ values }) {
        const t = target(values, 'test --printer <target>');
        if (t === 'none') throw badInput('no-printer', 'printer target is "none": there is nothing to print to');
        await printTestTicket(t, paper(values));
        printJson({ printed: true, target: t });
      },
    },
    status: {
      usage: '--printer <target>',
      summary: 'ask the printer for its status (online, paper out, cover open, offline)',
      options: { printer: { type: 'string' } },
      async run({ values }) {
        const status = await printerStatus(target(values, 'status --printer <target>'));
        printJson(status);
        return status.state === 'ok' || status.state === 'none' ? 0 : 1;
      },
    },
  },
};
export default group;
