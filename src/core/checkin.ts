// Check-in: match the student (student ID, or the card's ID number + name),
// route to a station by the college's slot, and issue the next ticket of that
// station in the SAME write transaction that records the check-in.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { badInput, conflict, notFound } from '../shared/errors.js';
import { isCardNumber, maskIdNumber, maskIdNumbersIn, normalizeIdNumber } from '../shared/id-number.js';
import type { CheckInInput } from '../shared/schemas.js';
import { MAX_TICKETS_PER_STATION, formatTicketNo, type StationCode } from '../shared/ticket.js';
import type { CheckInResult, FeeStatus } from '../shared/types.js';
import { audit } from './audit.js';
import { requireActiveEvent } from './events.js';
import { hashIdNumber, type IdKey } from './id-hash.js';
import { getSettings } from './settings.js';
import { prep, writeTx } from './sql.js';

/** College of students created at the desk (walk-ins); the roster did not list them. */
export const WALK_IN_COLLEGE = '现场登记';
export const WALK_IN_UNKNOWN_NAME = '（未登记）';

interface StudentRow {
  id: number;
  student_id: string;
  name: string;
  college: string;
  id_hash: string | null;
  id_masked: string | null;
  has_photo: number;
  walk_in: number;
}

export interface CheckInContext {
  actor: string;
  now: Date;
  idKey: IdKey;
  /** When the student stood at the door, if earlier than `now` (a forwarded read kept while offline): routes by the slot of that time. */
  routeAt?: Date;
  /** More facts for the check-in's audit row (where a forwarded read came from). */
  auditDetail?: Record<string, unknown>;
}

/** CheckInResult before printing: whether a print is queued is decided by the caller after the commit. */
export type CheckedIn = Omit<CheckInResult, 'print'>;

type Outcome =
  | { kind: 'ok'; result: CheckedIn }
  | { kind: 'duplicate'; ticket: string; station: string; name: string }
  | { kind: 'not-on-roster'; message: string; code: 'not-on-roster' | 'ambiguous-name' };

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

/**
 * The station for a college at `now` (local time of day), among this kiosk's
 * stations (`siteStations`; empty = all): the slot covering now; else the
 * college's next slot, else its last one (flagged outside-slot); a college
 * without slots here goes to the desk station or the first station (flagged).
 * When two slots of one college cover now (研究生 at both campuses) the earlier
 * one wins. Colleges sharing a slot share its station's queue in arrival order.
 * `deskStation` overrides the schedule; the flag still says whether the college is in its slot.
 */
export function routeStation(
  db: Db,
  eventId: number,
  college: string,
  now: Date,
  deskStation: string | null,
  siteStations: readonly string[] = [],
): { station: string; outsideSlot: boolean } {
  const t = hhmm(now);
  const stations = (prep(db, 'SELECT code FROM stations WHERE event_id = ? ORDER BY code').all(eventId) as { code: string }[]).map((r) => r.code);
  const here = siteStations.length === 0 ? stations : stations.filter((c) => siteStations.includes(c));
  if (here.length === 0) {
    if (stations.length === 0) throw conflict('no-stations', 'the active event has no stations; re-import the event schedule');
    throw conflict('no-site-stations', `none of this kiosk's stations (${siteStations.join(', ')}) is in the event (${stations.join(', ')}); fix the site stations setting`, {
      stations: siteStations.join(', '),
    });
  }
  const slots = (
    prep(db, 'SELECT station_code AS station, start, end FROM slots WHERE event_id = ? AND college = ? ORDER BY start, station_code').all(eventId, college) as {
      station: string;
      start: string;
      end: string;
    }[]
  ).filter((s) => here.includes(s.station));
  const covering = slots.find((s) => s.start <= t && t < s.end);
  if (deskStation !== null && stations.includes(deskStation)) return { station: deskStation, outsideSlot: covering === undefined };
  if (covering) return { station: covering.station, outsideSlot: false };
  const next = slots.find((s) => s.start > t) ?? slots[slots.length - 1];
  if (next) return { station: next.station, outsideSlot: true };
  return { station: here[0]!, outsideSlot: true };
}

function findStudent(db: Db, eventId: number, input: CheckInInput, ctx: CheckInContext, walkIns: boolean): StudentRow | Outcome {
  const byId = (sid: string) =>
    prep(db, 'SELECT * FROM students WHERE event_id = ? AND student_id = ?').get(eventId, sid) as StudentRow | undefined;
  if ('studentId' in input) {
    const s = byId(input.studentId);
    if (s) return s;
    if (!walkIns) return { kind: 'not-on-roster', code: 'not-on-roster', message: `student ID ${input.studentId} is not on the roster of this event` };
    return createWalkIn(db, eventId, ctx, input.studentId, WALK_IN_UNKNOWN_NAME, null);
  }
  const idNumber = normalizeIdNumber(input.idNumber);
  const hash = hashIdNumber(ctx.idKey, idNumber);
  const s = prep(db, 'SELECT * FROM students WHERE event_id = ? AND id_hash = ?').get(eventId, hash) as StudentRow | undefined;
  if (s) {
    if (s.name !== input.name) {
      // Same ID number, different spelling (rare characters, a renamed student): it is still them.
      audit(db, { at: ctx.now, actor: ctx.actor, action: 'name-mismatch', eventId, studentId: s.student_id, detail: { rosterName: s.name, cardName: input.name } });
    }
    return s;
  }
  // The roster may lack ID numbers: accept a unique name among students without one, and learn the hash.
  const byName = prep(db, 'SELECT * FROM students WHERE event_id = ? AND name = ? AND id_hash IS NULL AND walk_in = 0').all(eventId, input.name) as StudentRow[];
  if (byName.length === 1) {
    const m = byName[0]!;
    prep(db, 'UPDATE students SET id_hash = ?, id_masked = ?, updated_at = ? WHERE id = ?').run(hash, maskIdNumber(idNumber), ctx.now.toISOString(), m.id);
    audit(db, { at: ctx.now, actor: ctx.actor, action: 'matched-by-name', eventId, studentId: m.student_id, detail: { name: input.name } });
    return { ...m, id_hash: hash, id_masked: maskIdNumber(idNumber) };
  }
  if (byName.length > 1) {
    return {
      kind: 'not-on-roster',
      code: 'ambiguous-name',
      message: `${byName.length} students named ${input.name} are on the roster without an ID number; check in by student ID`,
    };
  }
  if (!walkIns) return { kind: 'not-on-roster', code: 'not-on-roster', message: `${input.name} (${maskIdNumber(idNumber)}) is not on the roster of this event` };
  // A walk-in by card has no student ID: derive one from the masked number, unique within the event.
  const base = `W-${maskIdNumber(idNumber)}`;
  let sid = base;
  for (let n = 2; byId(sid); n++) sid = `${base}-${n}`;
  return createWalkIn(db, eventId, ctx, sid, input.name, { hash, masked: maskIdNumber(idNumber) });
}

function createWalkIn(db: Db, eventId: number, ctx: CheckInContext, studentId: string, name: string, id: { hash: string; masked: string } | null): StudentRow {
  const at = ctx.now.toISOString();
  const rowid = prep(
    db,
    'INSERT INTO students(event_id, student_id, name, college, id_hash, id_masked, walk_in, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
  ).run(eventId, studentId, name, WALK_IN_COLLEGE, id?.hash ?? null, id?.masked ?? null, at, at).lastInsertRowid;
  audit(db, { at: ctx.now, actor: ctx.actor, action: 'walk-in', eventId, studentId });
  return { id: Number(rowid), student_id: studentId, name, college: WALK_IN_COLLEGE, id_hash: id?.hash ?? null, id_masked: id?.masked ?? null, has_photo: 0, walk_in: 1 };
}

/**
 * What a card gave must be a card: a reader that answered before the card was
 * read (blank text), a damaged number or a missing name is never matched or
 * recorded, whoever calls (reader, HTTP, IPC, a script calling core directly).
 */
function refuseUnusableCard(input: CheckInInput): void {
  if ('studentId' in input) return;
  // NULs are the padding of an all-zero text block
  const idNumber = normalizeIdNumber((input.idNumber ?? '').replaceAll('\u0000', ''));
  const name = (input.name ?? '').replaceAll('\u0000', '').trim();
  if (idNumber === '' && name === '') throw badInput('blank-card', 'blank card data: no name and no ID number; nothing was matched or recorded');
  if (!isCardNumber(idNumber)) {
    throw badInput('invalid-id-number', `the ID number ${maskIdNumber(idNumber)} is not a valid card number (GB 11643 check digit); nothing was matched or recorded`, {
      maskedId: maskIdNumber(idNumber),
    });
  }
  if (name === '') throw badInput('missing-name', `the card ${maskIdNumber(idNumber)} gave no name; nothing was matched or recorded`, { maskedId: maskIdNumber(idNumber) });
}

/** A 学信网 采集码 may carry the ID number (`sfzh=`): it is kept masked, never whole. */
const scannedCode = (input: CheckInInput): string | null => (input.scannedCode === undefined ? null : maskIdNumbersIn(input.scannedCode));

/** The code of a ticket's public page (`/t/<code>`): 96 random bits, 16 base64url characters. */
export const newPublicCode = () => randomBytes(12).toString('base64url');

/** Checks a student in and issues their ticket; throws already-checked-in / not-on-roster / station-full. */
export function checkIn(db: Db, input: CheckInInput, ctx: CheckInContext): CheckedIn {
  refuseUnusableCard(input);
  const eventId = requireActiveEvent(db);
  const settings = getSettings(db);
  const method = input.method ?? ('studentId' in input ? 'manual' : 'card');
  const outcome = writeTx(db, (): Outcome => {
    const found = findStudent(db, eventId, input, ctx, settings.walkInsAllowed);
    if ('kind' in found) {
      audit(db, { at: ctx.now, actor: ctx.actor, action: 'not-on-roster', eventId, studentId: 'studentId' in input ? input.studentId : null, detail: { method } });
      return found;
    }
    const student = found;
    const live = prep(db, "SELECT ticket, station_code FROM tickets WHERE event_id = ? AND student = ? AND status <> 'cancelled'").get(eventId, student.id) as
      | { ticket: string; station_code: string }
      | undefined;
    if (live) {
      audit(db, { at: ctx.now, actor: ctx.actor, action: 'duplicate', eventId, ticket: live.ticket, studentId: student.student_id, detail: { method } });
      return { kind: 'duplicate', ticket: live.ticket, station: live.station_code, name: student.name };
    }
    const { station, outsideSlot } = routeStation(db, eventId, student.college, ctx.routeAt ?? ctx.now, settings.deskStation, settings.siteStations);
    // MAX over all tickets, cancelled included: a number is never issued twice.
    const { last } = prep(db, 'SELECT COALESCE(MAX(seq), 0) AS last FROM tickets WHERE event_id = ? AND station_code = ?').get(eventId, station) as { last: number };
    if (last >= MAX_TICKETS_PER_STATION) {
      throw conflict('station-full', `station ${station} has issued all ${MAX_TICKETS_PER_STATION} ticket numbers; route students to another station (desk station setting)`, {
        station,
      });
    }
    const seq = last + 1;
    const ticket = formatTicketNo(seq, station as StationCode);
    const exempt = student.has_photo === 1;
    const feeStatus: FeeStatus = exempt ? 'exempt' : settings.feeDefault;
    const at = ctx.now.toISOString();
    prep(
      db,
      `INSERT INTO tickets(event_id, station_code, seq, ticket, student, method, scanned_code, outside_slot, exempt, fee_status, checked_in_at, public_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(eventId, station, seq, ticket, student.id, method, scannedCode(input), outsideSlot ? 1 : 0, exempt ? 1 : 0, feeStatus, at, newPublicCode());
    audit(db, { at: ctx.now, actor: ctx.actor, action: 'check-in', eventId, ticket, studentId: student.student_id, detail: { method, outsideSlot, exempt, ...ctx.auditDetail } });
    // Retakes waiting to be redone are ahead whatever their number.
    const { position } = prep(
      db,
      "SELECT COUNT(*) AS position FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting' AND (seq <= ? OR requeued_at IS NOT NULL)",
    ).get(
      eventId,
      station,
      seq,
    ) as { position: number };
    const { room } = prep(db, 'SELECT room FROM stations WHERE event_id = ? AND code = ?').get(eventId, station) as { room: string };
    return {
      kind: 'ok',
      result: {
        ticket,
        station,
        studentId: student.student_id,
        name: student.name,
        college: student.college,
        position,
        room,
        maskedId: student.id_masked,
        outsideSlot,
        exempt,
        walkIn: student.walk_in === 1,
        feeStatus,
        checkedInAt: at,
      },
    };
  });
  if (outcome.kind === 'duplicate') {
    throw conflict('already-checked-in', `${outcome.name} already checked in: ticket ${outcome.ticket}`, { ticket: outcome.ticket, station: outcome.station });
  }
  if (outcome.kind === 'not-on-roster') {
    if (outcome.code === 'ambiguous-name') throw conflict(outcome.code, outcome.message);
    throw notFound(outcome.code, outcome.message);
  }
  return outcome.result;
}
