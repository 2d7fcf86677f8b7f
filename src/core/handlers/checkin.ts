// Checking in: by student ID or search at the desk, by a card on the reader.
// The number is committed and answered at once; printing follows in the print queue.
import type { CallContext, Handlers } from '../../shared/contract.js';
import { isAppError } from '../../shared/errors.js';
import { isValidIdNumber, maskIdNumber, normalizeIdNumber } from '../../shared/id-number.js';
import type { CheckInInput } from '../../shared/schemas.js';
import type { CardSeen, CheckInResult } from '../../shared/types.js';
import type { IdCard } from '../../hardware/idcard/card.js';
import { checkIn } from '../checkin.js';
import { searchStudents } from '../students.js';
import type { KioskParts } from './parts.js';
import { queueTicket } from './printing.js';

export function checkInHandlers(p: KioskParts) {
  const doCheckIn = async (input: CheckInInput, ctx: CallContext): Promise<CheckInResult> => {
    const checked = checkIn(p.db, input, { actor: ctx.actor, now: p.now(), idKey: p.idKey });
    p.bus.emit({ type: 'queue-changed', station: checked.station });
    // Answered once committed: the printer's outcome follows live (src/core/handlers/printing.ts).
    const print = p.devices.hasPrinter ? 'queued' : 'none';
    if (print === 'queued') {
      // The check-in stands whatever happens to its print job; a job that could not even be built is a failed print.
      queueTicket(p, checked.ticket, { ahead: checked.position - 1 }).catch((e: unknown) =>
        p.bus.emit({ type: 'print', ticket: checked.ticket, printed: false, message: (e as Error).message }),
      );
    }
    const result: CheckInResult = { ...checked, print };
    p.bus.emit({ type: 'checked-in', result });
    return result;
  };
  return {
    searchStudents: (input) => searchStudents(p.db, p.idKey, input.query),
    checkIn: (input, ctx) => doCheckIn(input, ctx),
  } satisfies Partial<Handlers>;
}

/**
 * Every card presented is a check-in attempt the desk sees: it goes through the
 * same door as a typed one (`call`, so the schema and the guard apply), and the
 * verdict is sent live as `card-seen`.
 */
export function takeCardReads(p: KioskParts, call: (input: unknown, ctx: CallContext) => Promise<CheckInResult>): () => void {
  const reader: CallContext = { role: 'desk', actor: 'reader', device: 'reader' };
  const onCard = async (card: IdCard) => {
    const idNumber = normalizeIdNumber(card.idNumber);
    const seen: CardSeen = {
      name: card.name,
      maskedId: maskIdNumber(idNumber),
      idNumberValid: card.idNumberValid ?? isValidIdNumber(idNumber),
      result: null,
      error: null,
      desk: null,
      readAt: p.now().toISOString(),
      late: false,
    };
    try {
      seen.result = await call({ idNumber, name: card.name, method: 'card' }, reader);
    } catch (e) {
      if (!isAppError(e)) throw e;
      seen.error = { error: e.code, message: e.message, ...(typeof e.details.ticket === 'string' ? { ticket: e.details.ticket } : {}) };
    }
    p.bus.emit({ type: 'card-seen', card: seen });
  };
  return p.devices.onCard((card) => void onCard(card));
}
