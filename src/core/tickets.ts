// Reading tickets as the queue, caller and API see them.
import type { Db } from '../db/connection.js';
import { notFound } from '../shared/errors.js';
import type { FeeStatus, Ticket, TicketStatus } from '../shared/types.js';
import { prep } from './sql.js';

export interface TicketRow {
  id: number;
  event_id: number;
  station_code: string;
  seq: number;
  ticket: string;
  student: number;
  status: TicketStatus;
  method: string;
  scanned_code: string | null;
  outside_slot: number;
  exempt: number;
  fee_status: FeeStatus;
  printed: number;
  signature: string | null;
  signed_at: string | null;
  checked_in_at: string;
  called_at: string | null;
  finished_at: string | null;
  call_count: number;
  retakes: number;
  requeued_at: string | null;
  confirmed_at: string | null;
  confirm_method: string | null;
  public_code: string;
  student_id: string;
  name: string;
  college: string;
  id_masked: string | null;
  walk_in: number;
  room: string;
}

export const TICKET_SELECT = `SELECT t.*, s.student_id, s.name, s.college, s.id_masked, s.walk_in, st.room
  FROM tickets t JOIN students s ON s.id = t.student JOIN stations st ON st.event_id = t.event_id AND st.code = t.station_code`;

export function toTicket(r: TicketRow): Ticket {
  return {
    ticket: r.ticket,
    station: r.station_code,
    status: r.status,
    studentId: r.student_id,
    name: r.name,
    college: r.college,
    checkedInAt: r.checked_in_at,
    calledAt: r.called_at,
    finishedAt: r.finished_at,
    maskedId: r.id_masked,
    room: r.room,
    feeStatus: r.fee_status,
    exempt: r.exempt === 1,
    outsideSlot: r.outside_slot === 1,
    printed: r.printed === 1,
    signed: r.signature !== null,
    callCount: r.call_count,
    retakes: r.retakes,
    requeuedAt: r.requeued_at,
    confirmed: r.confirmed_at !== null,
  };
}

/**
 * The order a station calls its waiting tickets: retakes first, in the order
 * they were marked (each goes right after the ticket in front of the camera),
 * then the numbers not yet called, lowest first.
 */
export const CALL_ORDER = 'requeued_at IS NULL, requeued_at, seq';

/** Waiting tickets the station will call before this one (0 when it is not waiting). */
export function waitingAhead(db: Db, eventId: number, station: string, ticketId: number): number {
  const order = (prep(db, `SELECT id FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting' ORDER BY ${CALL_ORDER}`).all(eventId, station) as { id: number }[]).map(
    (r) => r.id,
  );
  return Math.max(0, order.indexOf(ticketId));
}

export function findTicketRow(db: Db, eventId: number, ticket: string): TicketRow | undefined {
  return prep(db, `${TICKET_SELECT} WHERE t.event_id = ? AND t.ticket = ?`).get(eventId, ticket.trim().toUpperCase()) as TicketRow | undefined;
}

export function requireTicketRow(db: Db, eventId: number, ticket: string): TicketRow {
  const row = findTicketRow(db, eventId, ticket);
  if (!row) throw notFound('unknown-ticket', `ticket ${ticket} was not issued at this event`, { ticket });
  return row;
}

export function requireStation(db: Db, eventId: number, station: string): { code: string; room: string } {
  const row = prep(db, 'SELECT code, room FROM stations WHERE event_id = ? AND code = ?').get(eventId, station) as { code: string; room: string } | undefined;
  if (!row) throw notFound('unknown-station', `station ${station} is not part of this event`, { station });
  return row;
}
