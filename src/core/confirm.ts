// The camera confirms who sits in front of it (seed 003: photos filed under the
// wrong student, 张冠李戴): a card read at the camera, or a student ID typed or
// scanned at the tablet, is checked against the ticket now called at the
// station. Every confirm, match or not, is audited; a match is kept on the
// ticket for this sitting (the attendance export's 本人确认, the optional
// requireConfirm rule of 拍摄完成).
import type { Db } from '../db/connection.js';
import { AppError, badInput, conflict } from '../shared/errors.js';
import { isCardNumber, maskIdNumber, normalizeIdNumber } from '../shared/id-number.js';
import type { ConfirmInput } from '../shared/schemas.js';
import type { ConfirmMethod, ConfirmVerdict } from '../shared/types.js';
import { audit } from './audit.js';
import { requireActiveEvent } from './events.js';
import { hashIdNumber, type IdKey } from './id-hash.js';
import { calledAt } from './queue.js';
import { prep, writeTx } from './sql.js';
import { requireStation } from './tickets.js';

export interface ConfirmContext {
  actor: string;
  now: Date;
  idKey: IdKey;
}

interface Presented {
  id: number;
  student_id: string;
  name: string;
  /** How the person was found: by the card's number, by name (a roster without ID numbers), by student ID. */
  basis: 'id-number' | 'name' | 'student-id';
}

/** The roster student the input names, or null when it names nobody on the roster. */
function findPresented(db: Db, eventId: number, input: ConfirmInput, idNumber: string | null, idKey: IdKey): Presented | null {
  if ('studentId' in input) {
    const s = prep(db, 'SELECT id, student_id, name FROM students WHERE event_id = ? AND student_id = ?').get(eventId, input.studentId) as Omit<Presented, 'basis'> | undefined;
    return s ? { ...s, basis: 'student-id' } : null;
  }
  const byHash = prep(db, 'SELECT id, student_id, name FROM students WHERE event_id = ? AND id_hash = ?').get(eventId, hashIdNumber(idKey, idNumber ?? '')) as
    | Omit<Presented, 'basis'>
    | undefined;
  if (byHash) return { ...byHash, basis: 'id-number' };
  const name = input.name?.trim() ?? '';
  if (name === '') return null;
  // A roster without ID numbers: the card's name is all there is, when it is unique (as at check-in).
  const byName = prep(db, 'SELECT id, student_id, name FROM students WHERE event_id = ? AND name = ? AND id_hash IS NULL AND walk_in = 0').all(eventId, name) as Omit<
    Presented,
    'basis'
  >[];
  return byName.length === 1 ? { ...byName[0]!, basis: 'name' } : null;
}

/**
 * Checks who sits at `station` against its called ticket and records the
 * verdict (audit; a match also on the ticket). Returns the verdict either way:
 * the caller of this function sends it live and answers a mismatch as an error.
 */
export function checkIdentity(db: Db, input: ConfirmInput, ctx: ConfirmContext): ConfirmVerdict {
  const method: ConfirmMethod = input.method ?? ('studentId' in input ? 'manual' : 'card');
  let idNumber: string | null = null;
  if ('idNumber' in input) {
    idNumber = normalizeIdNumber(input.idNumber);
    // A misread card is not a different person: say so instead of a false 不是本人.
    if (!isCardNumber(idNumber)) {
      throw badInput('invalid-id-number', `the ID number ${maskIdNumber(idNumber)} is not a valid card number (GB 11643 check digit); read the card again or type the student ID`, {
        maskedId: maskIdNumber(idNumber),
      });
    }
  }
  const maskedId = idNumber === null ? undefined : maskIdNumber(idNumber);
  const eventId = requireActiveEvent(db);
  const { code: station } = requireStation(db, eventId, input.station);
  return writeTx(db, (): ConfirmVerdict => {
    const called = calledAt(db, eventId, station);
    const presented = findPresented(db, eventId, input, idNumber, ctx.idKey);
    const held = presented
      ? ((prep(db, "SELECT ticket FROM tickets WHERE event_id = ? AND student = ? AND status <> 'cancelled'").get(eventId, presented.id) as { ticket: string } | undefined)
          ?.ticket ?? null)
      : null;
    const record = (result: string, extra: Record<string, unknown>) =>
      audit(db, {
        at: ctx.now,
        actor: ctx.actor,
        action: 'confirm',
        eventId,
        ticket: called?.ticket ?? null,
        studentId: presented?.student_id ?? null,
        detail: { station, result, method, ...(maskedId ? { maskedId } : {}), ...extra },
      });
    if (!called) {
      record('nobody-called', { presented: held });
      return { match: false, error: 'nobody-called', station, method };
    }
    if (presented && presented.id === called.student) {
      prep(db, 'UPDATE tickets SET confirmed_at = ?, confirm_method = ? WHERE id = ?').run(ctx.now.toISOString(), method, called.id);
      record('match', { basis: presented.basis });
      return {
        match: true,
        ticket: called.ticket,
        station,
        studentId: called.student_id,
        name: called.name,
        college: called.college,
        maskedId: called.id_masked,
        method,
        retakes: called.retakes,
        calledAt: called.called_at ?? '',
      };
    }
    record('mismatch', { called: called.ticket, presented: held });
    return {
      match: false,
      error: 'not-the-called-student',
      station,
      called: called.ticket,
      calledName: called.name,
      calledAt: called.called_at ?? '',
      presented: held,
      presentedName: presented?.name ?? null,
      method,
    };
  });
}

/** A verdict that is not a match, as the error every transport answers (409). */
export function verdictError(v: Exclude<ConfirmVerdict, { match: true }>): AppError {
  if (v.error === 'nobody-called') {
    return conflict('nobody-called', `nobody is called at station ${v.station}; call the next number first`, { station: v.station });
  }
  return conflict(
    'not-the-called-student',
    v.presented
      ? `not the called student: this is the student of ${v.presented}, ${v.called} is called at station ${v.station}`
      : `not the called student: ${v.called} is called at station ${v.station}, and the person presented holds no ticket`,
    { station: v.station, called: v.called, presented: v.presented, calledAt: v.calledAt },
  );
}
