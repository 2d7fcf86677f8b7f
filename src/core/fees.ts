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

/**
 * A college's fees as the notices count them: the college hands over the fee
 * for every student photographed (seed 003: 按照采集人数), except those exempt.
 */
export interface CollegeFees {
  college: string;
  /** Photographed (采集人数), exempt or not. */
  photographed: number;
  /** Photographed and not exempt: the amount to hand over is fee × this. */
  chargeable: number;
  /** Of the chargeable: marked paid, and not (yet). */
  paid: number;
  unpaid: number;
  /** Checked in (a live ticket) but not photographed: waiting, called or no-show. */
  notPhotographed: number;
  /** Of those, marked paid: money held for someone not photographed. */
  notPhotographedPaid: number;
  /** Exempt: a photo on file (roster 已有照片) or marked exempt at the desk. */
  exempt: number;
  /** What the paid chargeable students brought in, in fen. */
  paidFen: number;
  /** What the college hands over: chargeable × fee, in fen. */
  dueFen: number;
}

/** Totals per college (every college on the roster) of the event's students and live (not cancelled) check-ins, colleges in name order. */
export function feeTotals(db: Db, eventId: number): { feeFen: number; colleges: CollegeFees[] } {
  const ev = prep(db, 'SELECT fee_fen FROM events WHERE id = ?').get(eventId) as { fee_fen: number } | undefined;
  const feeFen = ev?.fee_fen ?? 0;
  const rows = prep(
    db,
    `SELECT s.college AS college,
            COALESCE(SUM(t.status = 'photographed'), 0) AS photographed,
            COALESCE(SUM(t.status = 'photographed' AND t.fee_status <> 'exempt'), 0) AS chargeable,
            COALESCE(SUM(t.status = 'photographed' AND t.fee_status = 'paid'), 0) AS paid,
            COALESCE(SUM(t.status = 'photographed' AND t.fee_status = 'unpaid'), 0) AS unpaid,
            COALESCE(SUM(t.id IS NOT NULL AND t.status <> 'photographed'), 0) AS notPhotographed,
            COALESCE(SUM(t.id IS NOT NULL AND t.status <> 'photographed' AND t.fee_status = 'paid'), 0) AS notPhotographedPaid,
            COALESCE(SUM(s.has_photo = 1 OR t.fee_status = 'exempt'), 0) AS exempt
       FROM students s LEFT JOIN tickets t ON t.event_id = s.event_id AND t.student = s.id AND t.status <> 'cancelled'
      WHERE s.event_id = ?
      GROUP BY s.college ORDER BY s.college`,
  ).all(eventId) as Omit<CollegeFees, 'paidFen' | 'dueFen'>[];
  return {
    feeFen,
    colleges: rows.map((r) => ({ ...r, paidFen: r.paid * feeFen, dueFen: r.chargeable * feeFen })),
  };
}
