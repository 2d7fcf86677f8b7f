// The composition root shared by `swipequeue serve`, the CLI and Electron main:
// database + reader + printer + services behind the contract's Handlers.
import { readFileSync } from 'node:fs';
import { openDb, type Db } from '../db/connection.js';
import { openPrinter } from '../hardware/printer/open-printer.js';
import { openReader } from '../hardware/idcard/open-reader.js';
import type { CardReader } from '../hardware/reader.js';
import type { TicketPrinter } from '../hardware/printer.js';
import type { IdCard } from '../hardware/idcard/card.js';
import { contract, type CallContext, type Handlers, type OpName } from '../shared/contract.js';
import { AppError, badInput, conflict, isAppError, unavailable } from '../shared/errors.js';
import { isValidIdNumber, maskIdNumber, normalizeIdNumber } from '../shared/id-number.js';
import type { CheckInInput } from '../shared/schemas.js';
import { SAMPLE_TICKET } from '../shared/ticket.js';
import type { CardSeen, CheckInResult, DeviceStatus, LiveEvent, Settings } from '../shared/types.js';
import { audit } from './audit.js';
import { checkIn } from './checkin.js';
import { seedDemoDay } from './demo.js';
import { getDisplay } from './display.js';
import { printJobFor } from './print-job.js';
import { createExport } from './exports/index.js';
import { getActiveEvent, importEvent, parseEventFile, requireActiveEvent } from './events.js';
import { setFeeStatus } from './fees.js';
import { loadIdKey } from './id-hash.js';
import { createLiveBus } from './live.js';
import { callNext, getQueue, getTicket, saveSignature, transition } from './queue.js';
import { importRoster } from './roster-import.js';
import { getSettings, requirePin, updateSettings, verifyPin } from './settings.js';
import { prep } from './sql.js';
import { getStats } from './stats.js';
import { searchStudents } from './students.js';
import { requireTicketRow } from './tickets.js';

export interface KioskOptions {
  /** SQLite file; created and migrated if missing. */
  dbFile: string;
  /** `serial:/dev/ttyUSB0?baud=115200`, `hid:VID:PID`, `demo`, `none` (default none). */
  reader?: string;
  /** `tcp://host:9100`, `serial:/dev/…?baud=9600`, `file:/path`, `none` (default none). */
  printer?: string;
  /** Overrides the clock (tests). */
  now?: () => Date;
}

export interface Kiosk {
  handlers: Handlers;
  /** Live events for displays, callers and the desk; returns an unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** Closes reader, printer and database cleanly. */
  close(): Promise<void>;
}

// A ticket is about 3 kB: some 3 s on the wire at 9600 baud. The check-in is already
// durable; this only bounds how long the desk waits to learn whether it printed.
const PRINT_TIMEOUT_MS = 10_000;
const PRINTER_POLL_MS = 5_000;

const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** SQLite and other low-level failures become AppErrors with plain words; nothing raw reaches a client. */
function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (code.startsWith('SQLITE_CONSTRAINT')) return conflict('constraint', 'that change conflicts with what is already recorded; reload and try again');
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return unavailable('busy', 'the database is busy; try again in a moment');
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR')) {
    return new AppError('failure', 'storage', 'the disk could not store the data (full or failing); nothing was recorded');
  }
  return new AppError('failure', 'internal', `internal error: ${typeof err.message === 'string' ? err.message : String(e)}`);
}

/** Opens the database, the reader and the printer, and serves every operation of the contract. */
export async function openKiosk(opts: KioskOptions): Promise<Kiosk> {
  const db: Db = openDb(opts.dbFile);
  const idKey = loadIdKey(opts.dbFile);
  const now = opts.now ?? (() => new Date());
  const bus = createLiveBus();
  const stored = getSettings(db);
  let readerTarget = opts.reader ?? stored.readerTarget;
  let printerTarget = opts.printer ?? stored.printerTarget;
  const settings = (): Settings => ({ ...getSettings(db), readerTarget, printerTarget });

  const openTarget = <T>(kind: 'reader' | 'printer', target: string, open: (t: string) => T): T => {
    try {
      return open(target);
    } catch (e) {
      throw isAppError(e) ? e : badInput(`bad-${kind}`, `${kind} target "${target}": ${(e as Error).message}`);
    }
  };

  let reader: CardReader;
  let printer: TicketPrinter;
  try {
    reader = openTarget('reader', readerTarget, openReader);
    printer = openTarget('printer', printerTarget, openPrinter);
  } catch (e) {
    db.close();
    throw e;
  }
  // The demo reader comes with a demo day, so `npm start` works on an empty database.
  if (readerTarget === 'demo') seedDemoDay(db, idKey, now());
  let closed = false;

  // --- printing: after the check-in committed; a failure never undoes the ticket ---
  const printTicket = async (ticket: string, known?: { ahead: number }): Promise<{ printed: boolean; printError: string | null }> => {
    const eventId = requireActiveEvent(db);
    const job = printJobFor(db, eventId, ticket, getSettings(db).paperWidth, known);
    try {
      await withTimeout(printer.print(job), PRINT_TIMEOUT_MS, '打印机无响应');
      prep(db, 'UPDATE tickets SET printed = 1 WHERE event_id = ? AND ticket = ?').run(eventId, job.ticket);
      return { printed: true, printError: null };
    } catch (e) {
      return { printed: false, printError: (e as Error).message || '打印失败' };
    }
  };

  const doCheckIn = async (input: CheckInInput, ctx: CallContext): Promise<CheckInResult> => {
    const checked = checkIn(db, input, { actor: ctx.actor, now: now(), idKey });
    bus.emit({ type: 'queue-changed', station: checked.station });
    const print = closed ? { printed: false, printError: 'closing' } : await printTicket(checked.ticket, { ahead: checked.position - 1 });
    const result: CheckInResult = { ...checked, ...print };
    bus.emit({ type: 'checked-in', result });
    return result;
  };

  // --- reader: every card presented is a check-in attempt the desk sees ---
  const onCard = async (card: IdCard): Promise<void> => {
    const idNumber = normalizeIdNumber(card.idNumber);
    const seen: CardSeen = {
      name: card.name,
      maskedId: maskIdNumber(idNumber),
      idNumberValid: card.idNumberValid ?? isValidIdNumber(idNumber),
      result: null,
      error: null,
    };
    try {
      seen.result = await doCheckIn({ idNumber, name: card.name, method: 'card' }, { actor: 'reader' });
    } catch (e) {
      const err = toAppError(e);
      seen.error = { error: err.code, message: err.message, ...(typeof err.details.ticket === 'string' ? { ticket: err.details.ticket } : {}) };
    }
    bus.emit({ type: 'card-seen', card: seen });
  };
  let unhookReader: (() => void)[] = [];
  const hookReader = () => {
    unhookReader = [
      reader.onCard((card) => void onCard(card)),
      reader.onStatus((status) => bus.emit({ type: 'reader-status', status: status as DeviceStatus })),
    ];
  };
  hookReader();

  // --- printer status, polled: the desk shows 缺纸 / 脱机 as it happens ---
  let printerStatus: DeviceStatus = { state: 'none', message: '', target: printerTarget };
  const pollPrinter = async () => {
    let status: DeviceStatus;
    try {
      status = (await withTimeout(printer.status(), PRINT_TIMEOUT_MS, '打印机无响应')) as DeviceStatus;
    } catch (e) {
      status = { state: 'offline', message: (e as Error).message, target: printerTarget };
    }
    if (JSON.stringify(status) !== JSON.stringify(printerStatus)) {
      printerStatus = status;
      if (!closed) bus.emit({ type: 'printer-status', status });
    }
  };
  await pollPrinter();
  const poll = setInterval(() => void pollPrinter(), PRINTER_POLL_MS);
  poll.unref();

  const switchHardware = async (next: Settings) => {
    if (next.readerTarget !== readerTarget) {
      const fresh = openTarget('reader', next.readerTarget, openReader);
      unhookReader.forEach((u) => u());
      await reader.close().catch(() => {});
      reader = fresh;
      readerTarget = next.readerTarget;
      hookReader();
      bus.emit({ type: 'reader-status', status: reader.status() as DeviceStatus });
    }
    if (next.printerTarget !== printerTarget) {
      const fresh = openTarget('printer', next.printerTarget, openPrinter);
      await printer.close().catch(() => {});
      printer = fresh;
      printerTarget = next.printerTarget;
      await pollPrinter();
    }
  };

  const queueCtx = (ctx: CallContext) => ({ actor: ctx.actor, now: now() });
  const called = (t: { ticket: string; station: string; room: string }) => {
    bus.emit({ type: 'queue-changed', station: t.station });
    bus.emit({ type: 'ticket-called', ticket: t.ticket, station: t.station, room: t.room, repeat: settings().voiceRepeats });
  };

  const raw: Handlers = {
    health: () => ({ ok: true, version: VERSION }),
    getEvent: () => getActiveEvent(db),
    importEvent: (input) => {
      const result = importEvent(db, parseEventFile(input), now());
      bus.emit({ type: 'event-changed' });
      return result;
    },
    importRoster: (input) => {
      const result = importRoster(db, idKey, input.fileName, Buffer.from(input.contentBase64, 'base64'), { now: now(), actor: 'admin' });
      bus.emit({ type: 'event-changed' });
      return result;
    },
    searchStudents: (input) => searchStudents(db, idKey, input.query),
    checkIn: (input, ctx) => doCheckIn(input, ctx),
    getQueue: (input) => getQueue(db, input.station),
    getTicket: (input) => getTicket(db, input.ticket),
    callNext: (input, ctx) => {
      const t = callNext(db, input.station, queueCtx(ctx));
      called(t);
      return t;
    },
    photographed: (input, ctx) => {
      const t = transition(db, input.ticket, 'photographed', queueCtx(ctx));
      bus.emit({ type: 'queue-changed', station: t.station });
      return t;
    },
    noShow: (input, ctx) => {
      const t = transition(db, input.ticket, 'no-show', queueCtx(ctx));
      bus.emit({ type: 'queue-changed', station: t.station });
      return t;
    },
    recall: (input, ctx) => {
      const t = transition(db, input.ticket, 'recall', queueCtx(ctx));
      called(t);
      return t;
    },
    repeatCall: (input, ctx) => {
      const t = transition(db, input.ticket, 'repeat-call', queueCtx(ctx));
      called(t);
      return t;
    },
    cancelTicket: (input, ctx) => {
      requirePin(db, input.pin);
      const t = transition(db, input.ticket, 'cancel', queueCtx(ctx), input.reason ? { reason: input.reason } : undefined);
      bus.emit({ type: 'queue-changed', station: t.station });
      return t;
    },
    saveSignature: (input, ctx) => saveSignature(db, input.ticket, input.svgPath, queueCtx(ctx)),
    setFeeStatus: (input, ctx) => setFeeStatus(db, input.ticket, input.feeStatus, queueCtx(ctx)),
    reprint: async (input, ctx) => {
      const eventId = requireActiveEvent(db);
      const row = requireTicketRow(db, eventId, input.ticket);
      const outcome = await printTicket(row.ticket);
      audit(db, { at: now(), actor: ctx.actor, action: 'reprint', eventId, ticket: row.ticket, studentId: row.student_id, detail: outcome });
      if (!outcome.printed) throw unavailable('print-failed', `ticket ${row.ticket} was not printed: ${outcome.printError ?? ''}`, { ticket: row.ticket });
      return getTicket(db, row.ticket);
    },
    getSettings: () => settings(),
    updateSettings: async (input, ctx) => {
      const { pin: _pin, ...patch } = input;
      const next = { ...settings(), ...patch };
      await switchHardware(next);
      const { readerTarget: _r, printerTarget: _p, ...rest } = patch;
      updateSettings(db, { ...rest, ...(patch.readerTarget !== undefined ? { readerTarget } : {}), ...(patch.printerTarget !== undefined ? { printerTarget } : {}) });
      audit(db, { at: now(), actor: ctx.actor, action: 'settings', detail: { keys: Object.keys(patch).filter((k) => k !== 'adminPin').concat(patch.adminPin ? ['adminPin'] : []) } });
      bus.emit({ type: 'settings-changed' });
      return settings();
    },
    verifyPin: (input) => ({ ok: verifyPin(db, input.pin) }),
    getHardwareStatus: () => ({ reader: reader.status() as DeviceStatus, printer: printerStatus }),
    testPrint: async () => {
      try {
        await withTimeout(
          printer.print({
            eventName: getActiveEvent(db)?.name ?? '打印测试',
            ticket: SAMPLE_TICKET,
            station: 'A',
            room: '7-115',
            college: '示例学院',
            name: '张三',
            checkedInAt: now(),
            ahead: 0,
            paperWidth: settings().paperWidth,
          }),
          PRINT_TIMEOUT_MS,
          '打印机无响应',
        );
        return { printed: true, message: '测试票已打印' };
      } catch (e) {
        return { printed: false, message: (e as Error).message };
      }
    },
    getDisplay: () => getDisplay(db),
    getStats: () => getStats(db),
    exportFile: (input) => createExport(db, requireActiveEvent(db), input, now()),
  };

  // Admin operations check the PIN; every failure leaves as an AppError.
  const handlers = {} as Record<OpName, (input: never, ctx: CallContext) => unknown>;
  for (const name of Object.keys(raw) as OpName[]) {
    const fn = raw[name] as (input: unknown, ctx: CallContext) => unknown;
    const admin = contract[name].admin;
    handlers[name] = async (input: unknown, ctx: CallContext) => {
      try {
        if (admin) {
          const pin = ctx.pin ?? (name === 'updateSettings' ? (input as { pin?: string }).pin : undefined);
          requirePin(db, pin);
        }
        return await fn(input, ctx);
      } catch (e) {
        throw toAppError(e);
      }
    };
  }

  return {
    handlers: handlers as unknown as Handlers,
    subscribe: (listener) => bus.subscribe(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      unhookReader.forEach((u) => u());
      await Promise.allSettled([reader.close(), printer.close()]);
      db.close();
    },
  };
}
