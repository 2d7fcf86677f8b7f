// Printer targets (INTERFACES.md §1.5): `tcp://host:9100`, `serial:/dev/ttyUSB0?baud=9600`,
// `file:/path`, `spooler:<name>` (system printer), `none`.
import { badInput } from '../../shared/errors.js';
import type { TicketPrinter } from '../printer.js';
import { spoolerLink } from './spooler.js';
import { ticketEscPos } from './ticket-document.js';
import { fileLink, serialLink, tcpLink, type PrinterLink } from './transports.js';

export function noPrinter(): TicketPrinter {
  return {
    print: async () => {
      throw new Error('未配置打印机：请按屏幕上的号码发放号牌');
    },
    status: async () => ({ state: 'none', message: '未配置打印机：按屏幕号码发放号牌', target: 'none' }),
    close: async () => {},
  };
}

const ACCEPTED = 'tcp://host:9100, serial:/dev/ttyUSB0?baud=9600 (or serial:COM3?baud=9600), file:/path (or file:/dev/usb/lp0), spooler:<printer name>, none';

export function parsePrinterTarget(target: string): PrinterLink | null {
  if (target === 'none' || target === '') return null;
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(target);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) throw badInput('bad-printer', `printer target "${target}": port ${port} is outside 1-65535`);
    return tcpLink((tcp[1] ?? '').replace(/^\[|\]$/g, ''), port);
  }
  const serial = /^serial:([^?]+)(?:\?baud=(\d+))?$/.exec(target);
  if (serial) return serialLink(serial[1] ?? '', Number(serial[2] ?? 9600));
  const file = /^file:(.+)$/.exec(target);
  if (file) return fileLink(file[1] ?? '');
  const spooler = /^spooler:(.+)$/.exec(target);
  if (spooler) return spoolerLink(spooler[1] ?? '');
  throw badInput('bad-printer', `unknown printer target "${target}"; expected ${ACCEPTED}`);
}

/** Opens the printer named by a target string; throws a bad-input AppError for an unknown target. */
export function openPrinter(target: string): TicketPrinter {
  const link = parsePrinterTarget(target);
  if (!link) return noPrinter();
  // One job at a time on a link: the status poll never interleaves with a ticket.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => {});
    return next;
  };
  return {
    print: (job) => serial(() => link.send(ticketEscPos(job))),
    status: () => serial(() => link.status()),
    close: () => serial(async () => {}),
  };
}
