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
      usage: '--port <serial-path> [--baud 115200] | --reader <target>',
      summary: 'poll a reader and print one JSON line per card presented (until Ctrl+C); targets: serial:…, hid:VID:PID, sdtapi:<library>?port=1001, demo',
      options: { port: { type: 'string' }, baud: { type: 'string' }, reader: { type: 'string' } },
      async run({ values }) {
        const usage = 'usage: swipequeue reader watch --port <serial-path> [--baud 115200] | --reader <target>';
        const port = values.port;
        const given = values.reader;
        if (given !== undefined && port !== undefined) throw new UsageError(`give --reader <target> or --port <serial-path>, not both; ${usage}`);
        let target: string;
        if (typeof given === 'string') {
          if (given === '' || given === 'none') throw new UsageError(`--reader needs a target such as serial:/dev/ttyUSB0, hid:10C4:EA80 or sdtapi:sdtapi.dll?port=1001; ${usage}`);
          if (values.baud !== undefined) throw new UsageError(`--baud goes with --port (a serial target takes ?baud=); ${usage}`);
          target = given;
        } else {
          if (typeof port !== 'string' || port === '') throw new UsageError(`missing --port <serial-path> or --reader <target>; ${usage}`);
          const baud = Number(values.baud ?? 115200);
          if (!Number.isInteger(baud) || baud <= 0) throw badInput('bad-baud', `--baud must be a whole number like 115200, found "${String(values.baud)}"`);
          target = `serial:${port}?baud=${baud}`;
        }
        let last = '';
        const reader = watchReader(
          target,
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
      summary: 'list the reader targets found: serial ports, HID readers, SDTAPI libraries (current folder, app folder, system folders)',
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
