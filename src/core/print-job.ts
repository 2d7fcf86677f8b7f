// The print job of a recorded ticket: what the printer and the preview draw.
import type { Db } from '../db/connection.js';
import type { TicketPrintJob } from '../hardware/printer.js';
import { SAMPLE_TICKET } from '../shared/ticket.js';
import { prep } from './sql.js';
import { requireTicketRow } from './tickets.js';

export function printJobFor(db: Db, eventId: number, ticket: string, paperWidth: 58 | 80, known?: { ahead: number }): TicketPrintJob {
  const row = requireTicketRow(db, eventId, ticket);
  const ev = prep(db, 'SELECT name FROM events WHERE id = ?').get(eventId) as { name: string };
  const ahead =
    known?.ahead ??
    (prep(db, "SELECT COUNT(*) AS ahead FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting' AND seq < ?").get(
      eventId,
      row.station_code,
      row.seq,
    ) as { ahead: number }).ahead;
  return {
    eventName: ev.name,
    ticket: row.ticket,
    station: row.station_code,
    room: row.room,
    college: row.college,
    name: row.name,
    checkedInAt: new Date(row.checked_in_at),
    ahead,
    paperWidth,
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
