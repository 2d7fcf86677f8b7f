// What the `printer` and `ticket` commands need: the sample ticket, status, the SVG preview.
import { openDb } from '../db/connection.js';
import { openPrinter } from '../hardware/printer/open-printer.js';
import { ticketSvg } from '../hardware/printer/ticket-document.js';
import type { PrinterStatus } from '../hardware/printer.js';
import { isAppError, unavailable } from '../shared/errors.js';
import { requireActiveEvent } from '../core/events.js';
import { printJobFor, sampleJob } from '../core/print-job.js';
import { getSettings } from '../core/settings.js';

/** Prints the sample ticket; a printer that cannot take it is `unavailable` (exit 1), in the printer's own words. */
export async function printTestTicket(target: string, paperWidth: 58 | 80 = 80): Promise<void> {
  const printer = openPrinter(target);
  try {
    await printer.print(sampleJob(paperWidth));
  } catch (e) {
    throw isAppError(e) ? e : unavailable('printer-unavailable', (e as Error).message, { target });
  } finally {
    await printer.close();
  }
}

export function printerStatus(target: string): Promise<PrinterStatus> {
  return openPrinter(target).status();
}

/** `ticket preview`: the SVG of a recorded ticket, exactly as it prints. */
export function ticketPreviewSvg(dbFile: string, ticket: string, paperWidth?: 58 | 80, publicUrl?: string): string {
  const db = openDb(dbFile, { mustExist: true });
  try {
    return ticketSvg(printJobFor(db, requireActiveEvent(db), ticket, { paperWidth: paperWidth ?? getSettings(db).paperWidth, publicUrl }));
  } finally {
    db.close();
  }
}
