// Printer targets (docs/interfaces.md §1.5): `tcp://host:9100`, `serial:/dev/ttyUSB0?baud=9600`,
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

const ACCEPTED = 'tcp://host:9100, serial:/dev/ttyUSB0?baud=9600 (or serial:COM3?baud=9600), either with ?status=off / &status=off for a printer that cannot answer, file:/path (or file:/dev/usb/lp0), spooler:<printer name>, none';

/**
 * The `?…` of a tcp or serial target: `baud=9600` (serial) and `status=off`, for a
 * printer that cannot answer status queries (one-way cable, print server): tickets go blind.
 */
function linkOptions(target: string, query: string, allowed: string[]): { status: boolean; baud?: number } {
  const out: { status: boolean; baud?: number } = { status: true };
  for (const [key, value] of new URLSearchParams(query)) {
    if (key === 'status' && (value === 'off' || value === 'on')) out.status = value === 'on';
    else if (key === 'baud' && allowed.includes('baud') && /^\d{3,7}$/.test(value)) out.baud = Number(value);
    else throw badInput('bad-printer', `printer target "${target}": "${key}=${value}" is not understood; expected ${[...allowed.map((k) => `${k}=<number>`), 'status=off'].join(' or ')}`, { target });
  }
  return out;
}

export function parsePrinterTarget(target: string): PrinterLink | null {
  if (target === 'none' || target === '') return null;
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/?]+):(\d{1,5})\/?(?:\?(.*))?$/.exec(target);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) throw badInput('bad-printer', `printer target "${target}": port ${port} is outside 1-65535`, { target });
    const { status } = linkOptions(target, tcp[3] ?? '', []);
    return tcpLink((tcp[1] ?? '').replace(/^\[|\]$/g, ''), port, { status });
  }
  const serial = /^serial:([^?]+)(?:\?(.*))?$/.exec(target);
  if (serial) {
    const { status, baud } = linkOptions(target, serial[2] ?? '', ['baud']);
    return serialLink(serial[1] ?? '', baud ?? 9600, { status });
  }
  const file = /^file:(.+)$/.exec(target);
  if (file) return fileLink(file[1] ?? '');
  const spooler = /^spooler:(.+)$/.exec(target);
  if (spooler) return spoolerLink(spooler[1] ?? '');
  throw badInput('bad-printer', `unknown printer target "${target}"; expected ${ACCEPTED}`, { target });
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
