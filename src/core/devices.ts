// The kiosk's devices: the ID card reader and the ticket printer, from their
// target strings to a running link. Opens them, switches them when the settings
// change, polls the printer's status and reports both on the live bus, and
// prints. The printer's deadlines belong to its transport
// (src/hardware/printer/transports.ts sizes each step, a slow serial line
// included); nothing here races a print against a clock of its own.
import { openPrinter } from '../hardware/printer/open-printer.js';
import { openReader } from '../hardware/idcard/open-reader.js';
import type { IdCard } from '../hardware/idcard/card.js';
import type { CardReader } from '../hardware/reader.js';
import type { TicketPrinter, TicketPrintJob } from '../hardware/printer.js';
import { badInput, isAppError } from '../shared/errors.js';
import type { DeviceStatus, HardwareStatus, LiveEvent } from '../shared/types.js';

const PRINTER_POLL_MS = 5_000;

export interface PrintOutcome {
  printed: boolean;
  /** The printer's problem in its own words, when it did not print. */
  printError: string | null;
}

export interface Devices {
  readonly readerTarget: string;
  readonly printerTarget: string;
  /** false for `none`: tickets are shown, not printed. */
  readonly hasPrinter: boolean;
  status(): HardwareStatus;
  /** One attempt at sending a ticket (src/core/print-queue.ts retries); never throws: a printer failure is an outcome, not an error. */
  print(job: TicketPrintJob): Promise<PrintOutcome>;
  /** Every card presented to the reader, whichever reader is open now. */
  onCard(listener: (card: IdCard) => void): () => void;
  /**
   * The next card presented, taken from the check-in: the admin's reader test
   * must not check the person in. null when no card came within `timeoutMs`.
   */
  nextCard(timeoutMs: number): Promise<IdCard | null>;
  /** Opens the new targets first; the old device is closed only once the new one opened. */
  switchTo(targets: { readerTarget?: string; printerTarget?: string }): Promise<void>;
  close(): Promise<void>;
}

function openTarget<T>(kind: 'reader' | 'printer', target: string, open: (t: string) => T): T {
  try {
    return open(target);
  } catch (e) {
    throw isAppError(e) ? e : badInput(kind === 'reader' ? 'bad-reader' : 'bad-printer', `${kind} target "${target}": ${(e as Error).message}`, { target });
  }
}

export async function openDevices(opts: { reader: string; printer: string; emit: (event: LiveEvent) => void }): Promise<Devices> {
  let readerTarget = opts.reader;
  let printerTarget = opts.printer;
  let reader: CardReader = openTarget('reader', readerTarget, openReader);
  let printer: TicketPrinter;
  try {
    printer = openTarget('printer', printerTarget, openPrinter);
  } catch (e) {
    await reader.close();
    throw e;
  }
  let closed = false;
  const cardListeners = new Set<(card: IdCard) => void>();
  /** Waiting reader tests: the next card goes to them instead of the check-in. */
  const claims = new Set<(card: IdCard | null) => void>();

  let unhookReader: (() => void)[] = [];
  const hookReader = () => {
    unhookReader = [
      reader.onCard((card) => {
        if (claims.size > 0) {
          const waiting = [...claims];
          claims.clear();
          for (const w of waiting) w(card);
          return;
        }
        for (const l of [...cardListeners]) l(card);
      }),
      reader.onStatus((status) => opts.emit({ type: 'reader-status', status: status as DeviceStatus })),
    ];
  };
  hookReader();

  // Polled, so the desk shows 缺纸 / 脱机 as it happens. The first answer is not
  // awaited: an unreachable printer can take seconds, and the desk opens meanwhile.
  let printerStatus: DeviceStatus = { state: 'checking', message: '正在检查打印机…', target: printerTarget };
  const pollPrinter = async () => {
    let status: DeviceStatus;
    try {
      status = (await printer.status()) as DeviceStatus;
    } catch (e) {
      status = { state: 'offline', message: (e as Error).message, target: printerTarget };
    }
    if (JSON.stringify(status) !== JSON.stringify(printerStatus)) {
      printerStatus = status;
      if (!closed) opts.emit({ type: 'printer-status', status });
    }
  };
  void pollPrinter();
  const poll = setInterval(() => void pollPrinter(), PRINTER_POLL_MS);
  poll.unref();

  return {
    get readerTarget() {
      return readerTarget;
    },
    get printerTarget() {
      return printerTarget;
    },
    get hasPrinter() {
      return printerTarget !== 'none' && printerTarget !== '';
    },
    status: () => ({ reader: reader.status() as DeviceStatus, printer: printerStatus }),
    async print(job) {
      if (closed) return { printed: false, printError: 'closing' };
      try {
        await printer.print(job);
        return { printed: true, printError: null };
      } catch (e) {
        return { printed: false, printError: (e as Error).message || '打印失败' };
      }
    },
    onCard(listener) {
      cardListeners.add(listener);
      return () => cardListeners.delete(listener);
    },
    nextCard(timeoutMs) {
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        const take = (card: IdCard | null) => {
          clearTimeout(timer);
          claims.delete(take);
          resolve(card);
        };
        const timer = setTimeout(() => take(null), timeoutMs);
        claims.add(take);
      });
    },
    async switchTo(next) {
      if (next.readerTarget !== undefined && next.readerTarget !== readerTarget) {
        const fresh = openTarget('reader', next.readerTarget, openReader);
        unhookReader.forEach((u) => u());
        await reader.close().catch(() => {});
        reader = fresh;
        readerTarget = next.readerTarget;
        hookReader();
        opts.emit({ type: 'reader-status', status: reader.status() as DeviceStatus });
      }
      if (next.printerTarget !== undefined && next.printerTarget !== printerTarget) {
        const fresh = openTarget('printer', next.printerTarget, openPrinter);
        await printer.close().catch(() => {});
        printer = fresh;
        printerTarget = next.printerTarget;
        await pollPrinter();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      unhookReader.forEach((u) => u());
      cardListeners.clear();
      for (const w of [...claims]) w(null);
      await Promise.allSettled([reader.close(), printer.close()]);
    },
  };
}
