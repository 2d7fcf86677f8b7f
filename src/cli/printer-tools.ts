// What the `printer` and `ticket` commands need: the sample ticket, status, the SVG preview.
import { openDb } from '../db/connection.js';
import { openPrinter } from '../hardware/printer/open-printer.js';
import { ticketSvg } from '../hardware/printer/ticket-document.js';
import type { PrinterStatus, TicketPrintJob } from '../hardware/printer.js';
import { isAppError, unavailable } from '../shared/errors.js';
import { SAMPLE_TICKET } from '../shared/ticket.js';
import { requireActiveEvent } from '../core/events.js';
import { printJobFor } from '../core/print-job.js';
import { getSettings } from '../core/settings.js';

/** The sample ticket of `printer test`: number 0000A, never issued to a student. */
export function sampleJob(paperWidth: 58 | 80 = 80): TicketPrintJob {
  return {
    eventName: '打印测试 Printer test',
    ticket: SAMPLE_TICKET,
    station: 'A',
    room: '7-115',
    college: '理学院',
    name: '张小三',
    checkedInAt: new Date(),
    ahead: 0,
    paperWidth,
  };
}

/** Prints the sample ticket; a printer that cannot take it is `unavailable` (exit 1), in the printer's own words. */
export async function printTestTicket(target: string, paperWidth: 58 | 80 = 80): Promise<void> {
  const printer = openPrinter(target);
  try {
    await printer.print(sampleJob(paperWidth));
  } catch (e) {
    throw isAppError(e) ? e : unavailable('printer-unavailable', (e as Error).message);
  } finally {
    await printer.close();
  }
}

export function printerStatus(target: string): Promise<PrinterStatus> {
  return openPrinter(target).status();
}

/** `ticket preview`: the SVG of a recorded ticket, exactly as it prints. */
export function ticketPreviewSvg(dbFile: string, ticket: string, paperWidth?: 58 | 80): string {
  const db = openDb(dbFile);
  try {
    return ticketSvg(printJobFor(db, requireActiveEvent(db), ticket, paperWidth ?? getSettings(db).paperWidth));
  } finally {
    db.close();
  }
}
