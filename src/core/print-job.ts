// The print job of a recorded ticket: what the printer and the preview draw.
import type { Db } from '../db/connection.js';
import type { TicketPrintJob } from '../hardware/printer.js';
import { SAMPLE_TICKET } from '../shared/ticket.js';
import { prep } from './sql.js';
import { requireTicketRow, waitingAhead } from './tickets.js';

/** The address of a ticket's page for phones (src/renderer/screens/PhoneTicket.tsx). */
export const publicTicketUrl = (publicUrl: string, code: string) => `${publicUrl.replace(/\/+$/, '')}/t/${code}`;

export interface PrintJobOptions {
  paperWidth: 58 | 80;
  /** Waiting tickets ahead, when the caller knows (the check-in just counted them). */
  ahead?: number;
  /** Where phones reach the kiosk (`serve --public-url`): the QR code links to the ticket's page. */
  publicUrl?: string | null;
}

export function printJobFor(db: Db, eventId: number, ticket: string, opts: PrintJobOptions): TicketPrintJob {
  const row = requireTicketRow(db, eventId, ticket);
  const ev = prep(db, 'SELECT name FROM events WHERE id = ?').get(eventId) as { name: string };
  const ahead = opts.ahead ?? waitingAhead(db, eventId, row.station_code, row.id);
  return {
    eventName: ev.name,
    ticket: row.ticket,
    station: row.station_code,
    room: row.room,
    college: row.college,
    name: row.name,
    checkedInAt: new Date(row.checked_in_at),
    ahead,
    paperWidth: opts.paperWidth,
    ...(opts.publicUrl ? { qr: publicTicketUrl(opts.publicUrl, row.public_code) } : {}),
  };
}

/** The sample ticket of a printer test: number 0000A, never issued to a student. */
export function sampleJob(paperWidth: 58 | 80 = 80, now = new Date()): TicketPrintJob {
  return {
    eventName: '打印测试 Printer test',
    ticket: SAMPLE_TICKET,
    station: 'A',
    room: '7-115',
    college: '理学院',
    name: '张小三',
    checkedInAt: now,
    ahead: 0,
    paperWidth,
  };
}
