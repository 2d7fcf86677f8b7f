// Fees: one price per event (events.fee_fen); each check-in is paid, unpaid or exempt.
import type { Db } from '../db/connection.js';
import type { FeeStatus, Ticket } from '../shared/types.js';
import { audit } from './audit.js';
import { requireActiveEvent } from './events.js';
import { prep, writeTx } from './sql.js';
import { requireTicketRow, toTicket } from './tickets.js';

export function setFeeStatus(db: Db, ticket: string, feeStatus: FeeStatus, ctx: { actor: string; now: Date }): Ticket {
  const eventId = requireActiveEvent(db);
  return writeTx(db, () => {
    const row = requireTicketRow(db, eventId, ticket);
    prep(db, 'UPDATE tickets SET fee_status = ? WHERE id = ?').run(feeStatus, row.id);
    audit(db, { at: ctx.now, actor: ctx.actor, action: 'fee', eventId, ticket: row.ticket, studentId: row.student_id, detail: { from: row.fee_status, to: feeStatus } });
    return toTicket(requireTicketRow(db, eventId, row.ticket));
  });
}

export interface CollegeFees {
  college: string;
  paid: number;
  unpaid: number;
  exempt: number;
  /** What the paid check-ins brought in, in fen. */
  paidFen: number;
  /** What the college owes for its paying headcount (paid + unpaid), in fen. */
  dueFen: number;
}

/** Totals per college of the event's live (not cancelled) check-ins, colleges in name order. */
export function feeTotals(db: Db, eventId: number): { feeFen: number; colleges: CollegeFees[] } {
  const ev = prep(db, 'SELECT fee_fen FROM events WHERE id = ?').get(eventId) as { fee_fen: number } | undefined;
  const feeFen = ev?.fee_fen ?? 0;
  const rows = prep(
    db,
    `SELECT s.college AS college,
            SUM(t.fee_status = 'paid') AS paid, SUM(t.fee_status = 'unpaid') AS unpaid, SUM(t.fee_status = 'exempt') AS exempt
       FROM tickets t JOIN students s ON s.id = t.student
      WHERE t.event_id = ? AND t.status <> 'cancelled'
      GROUP BY s.college ORDER BY s.college`,
  ).all(eventId) as { college: string; paid: number; unpaid: number; exempt: number }[];
  return {
    feeFen,
    colleges: rows.map((r) => ({ ...r, paidFen: r.paid * feeFen, dueFen: (r.paid + r.unpaid) * feeFen })),
  };
}
