// The composition root shared by `swipequeue serve`, the CLI and Electron main:
// database + devices + the handlers of each feature behind one door, `call`,
// which every transport uses: the input is parsed with the operation's schema,
// the guard admits the caller (role, PIN), and every failure leaves as an
// AppError with a code (src/shared/errors.ts).
import { readFileSync } from 'node:fs';
import { openKioskDb } from '../db/connection.js';
import { contract, opNames, type Api, type CallContext, type Handlers, type OpName, type OpOutput } from '../shared/contract.js';
import { AppError, badInput, conflict, isAppError, unavailable } from '../shared/errors.js';
import { describeZodError, schemaIssues } from '../shared/schemas.js';
import type { CheckInResult, LiveEvent, Settings } from '../shared/types.js';
import type { ServedAccess } from './access.js';
import { seedDemoDay } from './demo.js';
import { openDevices } from './devices.js';
import { createGuard, type Guard } from './guard.js';
import { accessHandlers } from './handlers/access.js';
import { checkInHandlers, takeCardReads } from './handlers/checkin.js';
import { confirmHandlers } from './handlers/confirm.js';
import { deskHandlers } from './handlers/desks.js';
import { deskSeal } from './desk-seal.js';
import { eventHandlers } from './handlers/event.js';
import { hardwareHandlers } from './handlers/hardware.js';
import type { KioskParts } from './handlers/parts.js';
import { printingHandlers } from './handlers/printing.js';
import { publicHandlers } from './handlers/public.js';
import { queueHandlers } from './handlers/queue.js';
import { reportHandlers } from './handlers/reports.js';
import { settingsHandlers } from './handlers/settings.js';
import { audit } from './audit.js';
import { getActiveEvent } from './events.js';
import { openIdKey } from './id-hash.js';
import { createLiveBus } from './live.js';
import { createPrintQueue } from './print-queue.js';
import { getSettings } from './settings.js';

export interface KioskOptions {
  /** SQLite file; created and migrated if missing. */
  dbFile: string;
  /** `serial:/dev/ttyUSB0?baud=115200`, `hid:VID:PID`, `sdtapi:<library>?port=1001`, `demo`, `none` (default: the stored setting, else none). */
  reader?: string;
  /** `tcp://host:9100`, `serial:/dev/…?baud=9600`, `file:/path`, `none` (default: the stored setting, else none). */
  printer?: string;
  /** Overrides the clock (tests). */
  now?: () => Date;
  /** better-sqlite3's binding file, when not node_modules' own (Electron, src/main/native.ts). */
  sqliteBinding?: string;
  /** The database lost its `<db>.key`: start a new key instead of refusing (`--new-key`). */
  newKey?: boolean;
  /** Where phones reach the kiosk (`http://192.168.1.20:8740`): printed QR codes link to `<publicUrl>/t/<code>`. */
  publicUrl?: string | null;
  /** Where the kiosk notes what an operator should know (serve: stderr); silent when omitted. */
  log?: (line: string) => void;
}

export interface Kiosk {
  /** The one way in: parse, admit, run. Rejects only with AppError. */
  call<K extends OpName>(name: K, input: unknown, ctx: CallContext): Promise<OpOutput<K>>;
  /** Every operation as a method, all called as `ctx` (the desktop shell, tests). */
  as(ctx: CallContext): Api;
  /** A PIN check outside any operation (leaving kiosk mode), limited like the others. */
  checkPin(pin: string | undefined, device: string): void;
  /** `swipequeue serve` says where it listens and which tokens it takes, for the admin screen's station links. */
  setServedAccess(access: ServedAccess | null): void;
  /** Sets where phones reach the kiosk once it is known (serve learns its port after listening); null: QR codes hold the number. */
  setPublicUrl(url: string | null): void;
  /** Live events for displays, callers and the desk; returns an unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /**
   * Closes reader, printer and database cleanly. Tickets still queued for the
   * printer are not printed (the ticket at the printer finishes): they stay
   * "not printed", each with an audit line and a note in the log, for the desk
   * to reprint.
   */
  close(): Promise<void>;
  /**
   * Closes the database now, synchronously; reader and printer close in the
   * background. For a Windows session end, where the process may be ended as
   * soon as the handler returns.
   */
  closeNow(): void;
}

const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** SQLite and other low-level failures become AppErrors with plain words; nothing raw reaches a client. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (code.startsWith('SQLITE_CONSTRAINT')) return conflict('constraint', 'that change conflicts with what is already recorded; reload and try again');
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return unavailable('busy', 'the database is busy; try again in a moment');
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new AppError('failure', 'storage', 'the disk could not store the data (full or failing); nothing was recorded');
  }
  return new AppError('failure', 'internal', `internal error: ${typeof err.message === 'string' ? err.message : String(e)}`, { cause: undefined });
}

function openHandlers(p: KioskParts): Handlers {
  return {
    ...eventHandlers(p),
    ...checkInHandlers(p),
    ...queueHandlers(p),
    ...confirmHandlers(p),
    ...printingHandlers(p),
    ...settingsHandlers(p),
    ...hardwareHandlers(p),
    ...reportHandlers(p),
    ...accessHandlers(p),
    ...deskHandlers(p, deskSeal(p.idKey)),
    ...publicHandlers(p),
  };
}

/** Opens the database, the reader and the printer, and serves every operation of the contract. */
export async function openKiosk(opts: KioskOptions): Promise<Kiosk> {
  // One kiosk per database: the lock is held until close (src/db/lock.ts).
  const { db, lock } = openKioskDb(opts.dbFile, opts.sqliteBinding !== undefined ? { nativeBinding: opts.sqliteBinding } : {});
  const release = () => {
    db.close();
    lock?.release();
  };
  let idKey;
  try {
    idKey = openIdKey(db, opts.dbFile, { newKey: opts.newKey === true });
  } catch (e) {
    release();
    throw e;
  }
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => {});
  let publicUrl = opts.publicUrl ?? null;
  const bus = createLiveBus();
  const stored = getSettings(db);
  const reader = opts.reader ?? stored.readerTarget;
  let devices;
  try {
    devices = await openDevices({ reader, printer: opts.printer ?? stored.printerTarget, emit: bus.emit });
  } catch (e) {
    release();
    throw e;
  }
  // The demo reader comes with a demo day, so `npm start` works on an empty database.
  if (reader === 'demo') seedDemoDay(db, idKey, now());
  const settings = (): Settings => ({ ...getSettings(db), readerTarget: devices.readerTarget, printerTarget: devices.printerTarget });
  let served: ServedAccess | null = null;
  const printQueue = createPrintQueue({ send: (job) => devices.print(job) });
  const parts: KioskParts = { db, idKey, now, bus, devices, printQueue, settings, log, publicUrl: () => publicUrl, version: VERSION, access: () => served };
  const handlers = openHandlers(parts);
  const guard: Guard = createGuard(db);

  const call = async <K extends OpName>(name: K, input: unknown, ctx: CallContext): Promise<OpOutput<K>> => {
    try {
      guard.admit(name, ctx);
      // Operations without input may be called with nothing at all.
      const parsed = contract[name].input.safeParse(input ?? {});
      if (!parsed.success) throw badInput('bad-request', describeZodError(parsed.error), { issues: schemaIssues(parsed.error) });
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => OpOutput<K> | Promise<OpOutput<K>>;
      return await handler(parsed.data, ctx);
    } catch (e) {
      throw toAppError(e);
    }
  };
  const stopCards = takeCardReads(parts, (input, ctx) => call('checkIn', input, ctx) as Promise<CheckInResult>);
  let closed = false;
  let dbOpen = true;
  const closeDb = () => {
    if (!dbOpen) return;
    dbOpen = false;
    release();
  };

  return {
    call,
    as: (ctx) => Object.fromEntries(opNames.map((name) => [name, (input: unknown) => call(name, input, ctx)])) as unknown as Api,
    checkPin: (pin, device) => guard.checkPin(pin, device),
    setServedAccess: (access) => {
      served = access;
    },
    setPublicUrl: (url) => {
      publicUrl = url;
    },
    subscribe: (listener) => bus.subscribe(listener),
    close: async () => {
      if (!closed) {
        closed = true;
        stopCards();
        const unprinted = await printQueue.close();
        if (unprinted.length > 0) {
          const eventId = getActiveEvent(db)?.id ?? null;
          for (const ticket of unprinted) audit(db, { at: now(), actor: 'kiosk', action: 'print-dropped', eventId, ticket, detail: { reason: 'the kiosk stopped before the ticket was printed' } });
          log(`not printed (the kiosk stopped first; reprint them from the desk): ${unprinted.join(' ')}`);
        }
        await devices.close();
      }
      closeDb();
    },
    closeNow: () => {
      if (!closed) {
        closed = true;
        stopCards();
        // No time to note what stays unprinted: those tickets read "not printed" on the next start.
        void printQueue.close();
        void devices.close();
      }
      closeDb();
    },
  };
}
