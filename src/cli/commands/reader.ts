// `swipequeue reader watch|list|emulate` (INTERFACES.md §1.2).
import { listReaders, startReaderEmulator, watchReader } from '../reader-tools.js';
import { badInput } from '../../shared/errors.js';
import { UsageError, printJson, progress, type CommandGroup } from '../command.js';

/** Resolves on SIGINT or SIGTERM: long-running commands stop cleanly and exit 0. */
const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

const group: CommandGroup = {
  summary: 'swipequeue reader: second-generation ID card readers',
  commands: {
    watch: {
      usage: '--port <serial-path> [--baud 115200]',
      summary: 'poll a SAM reader and print one JSON line per card presented (until Ctrl+C)',
      options: { port: { type: 'string' }, baud: { type: 'string' } },
      async run({ values }) {
        const port = values.port;
        if (typeof port !== 'string' || port === '') throw new UsageError('missing --port <serial-path>; usage: swipequeue reader watch --port <serial-path> [--baud 115200]');
        const baud = Number(values.baud ?? 115200);
        if (!Number.isInteger(baud) || baud <= 0) throw badInput('bad-baud', `--baud must be a whole number like 115200, found "${String(values.baud)}"`);
        let last = '';
        const reader = watchReader(
          port,
          baud,
          (card) => printJson(card),
          (message, state) => {
            // one line per change of state: "disconnected" is said once, not every retry
            if (state !== last) progress(`reader: ${message}`);
            last = state;
          },
        );
        await untilSignal();
        await reader.close();
      },
    },
    list: {
      usage: '',
      summary: 'list serial ports and HID devices that may be ID card readers',
      options: {},
      async run() {
        printJson(await listReaders());
      },
    },
    emulate: {
      usage: '',
      summary: 'run a SAM reader emulator on a virtual serial port (needs socat); prints the path to connect to',
      options: {},
      async run() {
        const emu = await startReaderEmulator();
        printJson({ path: emu.path, target: emu.target });
        progress('emulator: presenting demo cards in turn; Ctrl+C to stop');
        await untilSignal();
        await emu.close();
      },
    },
  },
};
export default group;
