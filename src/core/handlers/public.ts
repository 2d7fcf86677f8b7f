// What a student's phone may see without a token: one ticket, found by the
// random code printed in its QR (src/core/checkin.ts newPublicCode). Nothing
// about other students: numbers, never names.
import type { Handlers } from '../../shared/contract.js';
import { notFound } from '../../shared/errors.js';
import type { PublicTicket, TicketStatus } from '../../shared/types.js';
import { activeEventId } from '../settings.js';
import { prep } from '../sql.js';
import { waitingAhead } from '../tickets.js';
import type { KioskParts } from './parts.js';

/** Codes are base64url or hex; anything else cannot be one, so nothing is looked up. */
const CODE = /^[A-Za-z0-9_-]{16,64}$/;

export function publicTicket(p: KioskParts, code: string): PublicTicket {
  // One answer for every miss: a wrong code says nothing about which codes exist.
  const unknown = () => notFound('unknown-code', 'no ticket has this code (check the link on the ticket)');
  const eventId = activeEventId(p.db);
  if (eventId === null || !CODE.test(code)) throw unknown();
  const row = prep(
    p.db,
    `SELECT t.id, t.ticket, t.station_code, t.status, st.room FROM tickets t
       JOIN stations st ON st.event_id = t.event_id AND st.code = t.station_code
      WHERE t.event_id = ? AND t.public_code = ?`,
  ).get(eventId, code) as { id: number; ticket: string; station_code: string; status: TicketStatus; room: string } | undefined;
  if (!row) throw unknown();
  // In the order the station calls (retakes first), not by number.
  const ahead = row.status === 'waiting' ? waitingAhead(p.db, eventId, row.station_code, row.id) : 0;
  const calling = (
    prep(p.db, "SELECT ticket FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'called' ORDER BY called_at, seq").all(eventId, row.station_code) as { ticket: string }[]
  ).map((r) => r.ticket);
  return { ticket: row.ticket, station: row.station_code, room: row.room, status: row.status, ahead, calling };
}

export const publicHandlers = (p: KioskParts) =>
  ({
    publicTicket: (input) => publicTicket(p, input.code),
  }) satisfies Partial<Handlers>;
