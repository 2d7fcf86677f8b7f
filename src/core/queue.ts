// The queue of one station: waiting -> called -> photographed | no-show,
// no-show -> called (recall), waiting -> cancelled (admin undo),
// photographed -> waiting (需重拍: a retake, called right after the current one).
// Strict order: one ticket is `called` per station at a time; calling the next
// one while a ticket is still in front of the camera is refused (ticket-in-progress)
// so nobody is silently skipped or marked for the photographer.
import type { Db } from '../db/connection.js';
import { conflict } from '../shared/errors.js';
import type { QueueView, Ticket, TicketStatus } from '../shared/types.js';
import { audit } from './audit.js';
import { requireActiveEvent } from './events.js';
import { getSettings } from './settings.js';
import { prep, writeTx } from './sql.js';
import { CALL_ORDER, TICKET_SELECT, requireStation, requireTicketRow, toTicket, type TicketRow } from './tickets.js';

export interface QueueContext {
  actor: string;
  now: Date;
}

export function getQueue(db: Db, station: string): QueueView {
  const eventId = requireActiveEvent(db);
  requireStation(db, eventId, station);
  const rows = prep(db, `${TICKET_SELECT} WHERE t.event_id = ? AND t.station_code = ? ORDER BY t.seq`).all(eventId, station) as TicketRow[];
  return { station, tickets: rows.map(toTicket) };
}

export function getTicket(db: Db, ticket: string): Ticket {
  return toTicket(requireTicketRow(db, requireActiveEvent(db), ticket));
}

export function calledAt(db: Db, eventId: number, station: string, except?: number): TicketRow | undefined {
  return prep(db, `${TICKET_SELECT} WHERE t.event_id = ? AND t.station_code = ? AND t.status = 'called' AND t.id <> ? ORDER BY t.called_at LIMIT 1`).get(
    eventId,
    station,
    except ?? -1,
  ) as TicketRow | undefined;
}

function refuseInProgress(current: TicketRow | undefined): void {
  if (current) {
    throw conflict('ticket-in-progress', `${current.ticket} is still being photographed; mark it photographed or no-show first`, { ticket: current.ticket });
  }
}

/** Calls the next of the station: a retake waiting to be redone, else the lowest waiting number. */
export function callNext(db: Db, station: string, ctx: QueueContext): Ticket {
  const eventId = requireActiveEvent(db);
  requireStation(db, eventId, station);
  return writeTx(db, () => {
    refuseInProgress(calledAt(db, eventId, station));
    const next = prep(db, `SELECT id, ticket FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting' ORDER BY ${CALL_ORDER} LIMIT 1`).get(eventId, station) as
      | { id: number; ticket: string }
      | undefined;
    if (!next) throw conflict('queue-empty', `nobody is waiting at station ${station}`, { station });
    // A new sitting: whoever confirmed before (a retake's first sitting) must confirm again.
    prep(db, "UPDATE tickets SET status = 'called', called_at = ?, call_count = call_count + 1, confirmed_at = NULL, confirm_method = NULL WHERE id = ?").run(
      ctx.now.toISOString(),
      next.id,
    );
    audit(db, { at: ctx.now, actor: ctx.actor, action: 'call', eventId, ticket: next.ticket });
    return toTicket(requireTicketRow(db, eventId, next.ticket));
  });
}

const LEGAL: Record<Transition, { from: TicketStatus[]; to: TicketStatus; hint: string }> = {
  photographed: { from: ['called'], to: 'photographed', hint: 'only a called ticket can be marked photographed' },
  'no-show': { from: ['called'], to: 'no-show', hint: 'only a called ticket can be marked no-show' },
  recall: { from: ['no-show'], to: 'called', hint: 'only a no-show ticket can be recalled' },
  'repeat-call': { from: ['called'], to: 'called', hint: 'only a called ticket can be called again' },
  cancel: { from: ['waiting'], to: 'cancelled', hint: 'only a waiting ticket can be cancelled' },
  retake: { from: ['photographed'], to: 'waiting', hint: 'only a photographed ticket can be marked for a retake' },
};

export type Transition = 'photographed' | 'no-show' | 'recall' | 'repeat-call' | 'cancel' | 'retake';

/** One audited state change; illegal ones are refused in plain words (`0003A is photographed; only a called ticket can be marked no-show`). */
export function transition(db: Db, ticket: string, action: Transition, ctx: QueueContext, detail?: Record<string, unknown>): Ticket {
  const eventId = requireActiveEvent(db);
  return writeTx(db, () => {
    const row = requireTicketRow(db, eventId, ticket);
    const rule = LEGAL[action];
    if (!rule.from.includes(row.status)) {
      throw conflict('illegal-transition', `${row.ticket} is ${row.status}; ${rule.hint}`, { ticket: row.ticket, status: row.status });
    }
    // A waiting retake was photographed once: undoing its check-in would lose that.
    if (action === 'cancel' && row.retakes > 0) {
      throw conflict('illegal-transition', `${row.ticket} was photographed and waits for a retake; it cannot be cancelled`, { ticket: row.ticket, status: row.status });
    }
    const at = ctx.now.toISOString();
    const more: Record<string, unknown> = {};
    if (action === 'recall') {
      refuseInProgress(calledAt(db, eventId, row.station_code, row.id));
      prep(
        db,
        "UPDATE tickets SET status = 'called', called_at = ?, finished_at = NULL, call_count = call_count + 1, confirmed_at = NULL, confirm_method = NULL WHERE id = ?",
      ).run(at, row.id);
    } else if (action === 'repeat-call') {
      prep(db, 'UPDATE tickets SET call_count = call_count + 1 WHERE id = ?').run(row.id);
    } else if (action === 'retake') {
      prep(
        db,
        "UPDATE tickets SET status = 'waiting', retakes = retakes + 1, requeued_at = ?, finished_at = NULL, confirmed_at = NULL, confirm_method = NULL WHERE id = ?",
      ).run(at, row.id);
      more.retakes = row.retakes + 1;
    } else {
      if (action === 'photographed') {
        if (row.confirmed_at === null && getSettings(db).requireConfirm) {
          throw conflict('confirm-required', `${row.ticket}: confirm who sits at the camera first (their ID card or student ID), then mark it photographed`, {
            ticket: row.ticket,
          });
        }
        more.confirmed = row.confirmed_at !== null;
        if (row.retakes > 0) more.retakes = row.retakes;
      }
      prep(db, 'UPDATE tickets SET status = ?, finished_at = ? WHERE id = ?').run(rule.to, at, row.id);
    }
    audit(db, { at: ctx.now, actor: ctx.actor, action, eventId, ticket: row.ticket, studentId: row.student_id, detail: { from: row.status, ...more, ...detail } });
    return toTicket(requireTicketRow(db, eventId, row.ticket));
  });
}

export function saveSignature(db: Db, ticket: string, svgPath: string, ctx: QueueContext): Ticket {
  const eventId = requireActiveEvent(db);
  return writeTx(db, () => {
    const row = requireTicketRow(db, eventId, ticket);
    if (row.status === 'cancelled') throw conflict('illegal-transition', `${row.ticket} is cancelled; it cannot be signed`, { ticket: row.ticket });
    prep(db, 'UPDATE tickets SET signature = ?, signed_at = ? WHERE id = ?').run(svgPath, ctx.now.toISOString(), row.id);
    audit(db, { at: ctx.now, actor: ctx.actor, action: 'sign', eventId, ticket: row.ticket, studentId: row.student_id });
    return toTicket(requireTicketRow(db, eventId, row.ticket));
  });
}
