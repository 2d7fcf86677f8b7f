// `swipequeue reader watch|list|emulate` (docs/interfaces.md §1.2).
import { join } from 'node:path';
import { Forwarder, type ForwardOutcome } from '../../client/forwarder.js';
import { createRemote } from '../../client/remote.js';
import { openReader } from '../../hardware/idcard/open-reader.js';
import { listReaders, startReaderEmulator, watchReader } from '../reader-tools.js';
import { badInput } from '../../shared/errors.js';
import { DeskNameSchema, StationCodeSchema } from '../../shared/schemas.js';
import { UsageError, printJson, progress, type CommandGroup } from '../command.js';
import { dataFolder } from './serve.js';

/** Resolves on SIGINT or SIGTERM: long-running commands stop cleanly and exit 0. */
const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

const FORWARD_USAGE = '--reader <target> --server <url> [--token <desk token>] (--desk <name> | --station <A>) [--queue <folder>]';

/** One JSON line per read on stdout: what the server answered. */
export function outcomeJson(o: ForwardOutcome): Record<string, unknown> {
  switch (o.kind) {
    case 'checked': {
      const { card } = o.read;
      return {
        desk: o.read.desk,
        key: o.read.key,
        readAt: o.read.readAt,
        late: o.read.late,
        ...(o.read.replayed ? { replayed: true } : {}),
        name: card.name,
        maskedId: card.maskedId,
        ...(card.result ? { ticket: card.result.ticket, station: card.result.station, studentId: card.result.studentId } : {}),
        ...(card.error ? { error: card.error.error, message: card.error.message, ...(card.error.ticket ? { ticket: card.error.ticket } : {}) } : {}),
      };
    }
    case 'refused':
      return { key: o.key, readAt: o.readAt, maskedId: o.maskedId, refused: true, error: o.error.error, message: o.error.message };
    case 'confirm':
      return { station: o.station, readAt: o.readAt, maskedId: o.maskedId, ...o.answer };
    case 'confirm-failed':
      return { station: o.station, readAt: o.readAt, maskedId: o.maskedId, error: o.error.error, message: o.error.message };
  }
}

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
    forward: {
      usage: FORWARD_USAGE,
      summary:
        'the reader of a second door: sends each card read here to the kiosk server as desk <name> (a check-in; #/desk/<name> shows it) or, with --station, as an identity confirm at that station. Reads are kept on disk, sealed to the server, until it answers them (server restarting, network down), and sent in order; one JSON line per answer',
      options: {
        reader: { type: 'string' },
        server: { type: 'string' },
        token: { type: 'string' },
        desk: { type: 'string' },
        station: { type: 'string' },
        queue: { type: 'string' },
      },
      async run({ values, positionals }) {
        const need = (what: string) => new UsageError(`missing ${what}; usage: swipequeue reader forward ${FORWARD_USAGE}`);
        if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; usage: swipequeue reader forward ${FORWARD_USAGE}`);
        const target = typeof values.reader === 'string' && values.reader !== '' ? values.reader : null;
        if (target === null) throw need('--reader <target>');
        if (typeof values.server !== 'string' || values.server === '') throw need('--server <url>');
        const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
        const deskText = str(values.desk);
        const stationText = str(values.station);
        if (deskText === null && stationText === null) throw need('--desk <name> (check-ins) or --station <A> (identity confirms)');
        const desk = deskText === null ? null : DeskNameSchema.safeParse(deskText);
        if (desk && !desk.success) throw badInput('bad-request', `--desk "${deskText}": ${desk.error.issues[0]?.message ?? 'not a desk name'}`);
        const station = stationText === null ? null : StationCodeSchema.safeParse(stationText.toUpperCase());
        if (station && !station.success) throw badInput('bad-station', `--station "${stationText}": expected one capital letter A-Z`);
        const token = str(values.token) ?? (process.env.SWIPEQUEUE_TOKEN || null);
        const remote = createRemote({ server: values.server, token });
        const deskName = desk?.success ? desk.data : null;
        const queueDir = str(values.queue) ?? join(dataFolder(), 'forward', deskName ?? `confirm-${station?.data ?? ''}`);
        const reader = openReader(target);
        const forwarder = new Forwarder({
          remote,
          desk: deskName,
          station: station?.success ? station.data : null,
          queueDir,
          log: progress,
          onOutcome: (o) => printJson(outcomeJson(o)),
        });
        let last = '';
        reader.onStatus((s) => {
          if (s.state !== last) progress(`reader: ${s.message}`);
          last = s.state;
          forwarder.setReaderStatus(s);
        });
        reader.onCard((card, readAt) => forwarder.take(card, readAt));
        forwarder.setReaderStatus(reader.status());
        forwarder.start();
        progress(
          deskName !== null
            ? `forwarding cards to ${remote.server} as desk ${deskName} (open ${remote.server}/#/desk/${encodeURIComponent(deskName)}); reads wait in ${queueDir}`
            : `forwarding cards to ${remote.server} as identity confirms at station ${station?.data ?? ''}`,
        );
        await untilSignal();
        await reader.close();
        await forwarder.stop();
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
