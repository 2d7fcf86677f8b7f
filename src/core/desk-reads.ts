// Card reads forwarded by desks at other doors: checked in exactly once per
// idempotency key. The read's record is written in the same transaction as
// the check-in it causes (the check-in's own transaction nests as a
// savepoint), so a key is either unseen, or answered with what happened.
import type { Db } from '../db/connection.js';
import { AppError, isAppError } from '../shared/errors.js';
import { maskIdNumber, normalizeIdNumber } from '../shared/id-number.js';
import type { CheckInInput } from '../shared/schemas.js';
import type { CardSeen, CheckInResult, DeskRead } from '../shared/types.js';
import { checkIn, type CheckedIn, type CheckInContext } from './checkin.js';
import { requireActiveEvent } from './events.js';
import { prep, writeTx } from './sql.js';
import { findTicketRow, toTicket } from './tickets.js';

export interface ReadFacts {
  key: string;
  desk: string;
  readAt: Date;
  late: boolean;
  idNumberValid: boolean;
}

interface DeskReadRow {
  key: string;
  event_id: number;
  desk: string;
  read_at: string;
  received_at: string;
  late: number;
  name: string;
  id_masked: string;
  id_valid: number;
  ticket: string | null;
  error: string | null;
  detail: string | null;
}

export interface ForwardedOutcome {
  /** The key had been answered before: nothing was done now. */
  replayed: boolean;
  /** The check-in made now, when this read issued a ticket. */
  checked: CheckedIn | null;
  read: DeskRead;
}

/** Checks a forwarded card read in, once per key; failures a client caused are recorded as the read's answer. */
export function checkInForwarded(db: Db, card: { idNumber: string; name: string }, ctx: CheckInContext, facts: ReadFacts): ForwardedOutcome {
  const eventId = requireActiveEvent(db);
  return writeTx(db, (): ForwardedOutcome => {
    const seen = prep(db, 'SELECT * FROM desk_reads WHERE key = ?').get(facts.key) as DeskReadRow | undefined;
    if (seen) return { replayed: true, checked: null, read: toDeskRead(db, seen, true) };
    const input: CheckInInput = { idNumber: card.idNumber, name: card.name, method: 'card' };
    let checked: CheckedIn | null = null;
    let failure: AppError | null = null;
    try {
      checked = checkIn(db, input, ctx);
    } catch (e) {
      // Busy, full disk and the like roll the whole read back: the forwarder sends it again.
      if (!isAppError(e)) throw e;
      failure = e;
    }
    const ticket = checked?.ticket ?? (typeof failure?.details.ticket === 'string' ? failure.details.ticket : null);
    prep(
      db,
      `INSERT INTO desk_reads(key, event_id, desk, read_at, received_at, late, name, id_masked, id_valid, ticket, error, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      facts.key,
      eventId,
      facts.desk,
      facts.readAt.toISOString(),
      ctx.now.toISOString(),
      facts.late ? 1 : 0,
      card.name,
      maskIdNumber(normalizeIdNumber(card.idNumber)),
      facts.idNumberValid ? 1 : 0,
      ticket,
      failure?.code ?? null,
      failure ? JSON.stringify({ ...failure.details, message: failure.message }) : null,
    );
    const row = prep(db, 'SELECT * FROM desk_reads WHERE key = ?').get(facts.key) as DeskReadRow;
    const read = toDeskRead(db, row, false);
    // The answer of a check-in made now is the check-in itself, not a rebuilt one.
    // Nothing is printed for a door away from the kiosk's printer: a plate is handed out there.
    if (checked) read.card.result = { ...checked, print: 'none' };
    return { replayed: false, checked, read };
  });
}

/** A desk's most recent reads, newest first, with each ticket as it stands now. */
export function recentDeskReads(db: Db, desk: string, limit = 20): DeskRead[] {
  const eventId = requireActiveEvent(db);
  const rows = prep(db, 'SELECT * FROM desk_reads WHERE event_id = ? AND desk = ? ORDER BY received_at DESC, rowid DESC LIMIT ?').all(eventId, desk, limit) as DeskReadRow[];
  return rows.map((r) => toDeskRead(db, r, false));
}

/** The check-in result of a ticket recorded earlier, as it stands now (whether it printed is on the ticket). */
function resultOfTicket(db: Db, eventId: number, ticket: string): CheckInResult | null {
  const row = findTicketRow(db, eventId, ticket);
  if (!row) return null;
  const t = toTicket(row);
  const { ahead } = prep(db, "SELECT COUNT(*) AS ahead FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting' AND seq < ?").get(
    eventId,
    row.station_code,
    row.seq,
  ) as { ahead: number };
  return {
    ticket: t.ticket,
    station: t.station,
    studentId: t.studentId,
    name: t.name,
    college: t.college,
    position: ahead + 1,
    room: t.room,
    maskedId: t.maskedId,
    outsideSlot: t.outsideSlot,
    exempt: t.exempt,
    walkIn: row.walk_in === 1,
    feeStatus: t.feeStatus,
    checkedInAt: t.checkedInAt,
    print: 'none',
  };
}

function toDeskRead(db: Db, r: DeskReadRow, replayed: boolean): DeskRead {
  let error: CardSeen['error'] = null;
  if (r.error !== null) {
    let detail: Record<string, unknown> = {};
    try {
      detail = JSON.parse(r.detail ?? '{}') as Record<string, unknown>;
    } catch {
      // an unreadable detail still leaves the code
    }
    error = { ...detail, error: r.error, message: typeof detail.message === 'string' ? detail.message : r.error, ...(r.ticket !== null ? { ticket: r.ticket } : {}) };
  }
  const card: CardSeen = {
    name: r.name,
    maskedId: r.id_masked,
    idNumberValid: r.id_valid === 1,
    result: r.error === null && r.ticket !== null ? resultOfTicket(db, r.event_id, r.ticket) : null,
    error,
    desk: r.desk,
    readAt: r.read_at,
    late: r.late === 1,
  };
  return { key: r.key, desk: r.desk, readAt: r.read_at, receivedAt: r.received_at, late: r.late === 1, replayed, card };
}
