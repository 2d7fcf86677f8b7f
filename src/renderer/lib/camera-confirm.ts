// The caller page's identity check at the camera: what a line typed there asks
// (a student ID, an ID number, a card line from a wedge reader), how a verdict
// reads, and when 拍摄完成 needs a second tap. Pure: no DOM, no React.
import { classifyDeskInput, isCardNumber } from '../../shared/id-number.js';
import type { ConfirmMethod, ConfirmVerdict } from '../../shared/types.js';
import { errorBody, errorCode } from '../api/bridge.js';
import { parseWedgeLine } from './wedge-line.js';

/** The body of POST /api/stations/:station/confirm, without the station. */
export type ConfirmRequest = { studentId: string; method: ConfirmMethod } | { idNumber: string; name?: string; method: ConfirmMethod };

/** What a line typed at the caller asks: a confirm, a card misread (its number fails the check digit), or nothing it can check. */
export type ConfirmLine = { kind: 'request'; request: ConfirmRequest } | { kind: 'misread' } | { kind: 'nobody' };

/**
 * What a line typed at the caller asks to confirm: a student ID (typed, or a
 * scanner), an ID number (typed, or a wedge reader), or a whole card typed by a
 * wedge reader (./wedge-line.ts, as at the desk); nobody for a lone name or a
 * scanned link.
 */
export function confirmLineFor(raw: string, byDevice: boolean): ConfirmLine {
  const how: ConfirmMethod = byDevice ? 'wedge' : 'manual';
  const card = parseWedgeLine(raw);
  if (card.kind === 'card') return { kind: 'request', request: { idNumber: card.idNumber, ...(card.name ? { name: card.name } : {}), method: how } };
  if (card.kind === 'invalid-id-number') return { kind: 'misread' };
  if (card.kind === 'no-id-number') return { kind: 'nobody' };
  const input = classifyDeskInput(raw);
  if (input.kind === 'studentId') return { kind: 'request', request: { studentId: input.studentId, method: byDevice ? 'scan' : 'manual' } };
  if (input.kind === 'idNumber') return input.valid || isCardNumber(input.idNumber) ? { kind: 'request', request: { idNumber: input.idNumber, method: how } } : { kind: 'misread' };
  return { kind: 'nobody' };
}

/** A verdict as the caller shows it, tied to the sitting it is about (the ticket and when it was called). */
export type ConfirmView =
  | { kind: 'match'; ticket: string; calledAt: string; name: string; retake: boolean }
  | { kind: 'mismatch'; called: string; calledAt: string; presented: string | null; presentedName: string | null }
  | { kind: 'nobody' };

/** What is in front of the camera now: the called ticket and when it was called; null when nobody is. */
export type Sitting = { ticket: string; calledAt: string | null } | null;

/** From the live verdict (any device at the camera: this tablet, a reader forwarding cards). */
export function viewOfVerdict(v: ConfirmVerdict): ConfirmView {
  if (v.match) return { kind: 'match', ticket: v.ticket, calledAt: v.calledAt, name: v.name, retake: v.retakes > 0 };
  if (v.error === 'nobody-called') return { kind: 'nobody' };
  return { kind: 'mismatch', called: v.called, calledAt: v.calledAt, presented: v.presented, presentedName: v.presentedName };
}

/** From the refusal this page got itself (the live verdict may be slower, or the socket down); null for other errors. */
export function viewOfError(e: unknown): ConfirmView | null {
  const code = errorCode(e);
  if (code === 'nobody-called') return { kind: 'nobody' };
  if (code !== 'not-the-called-student') return null;
  const body = errorBody(e);
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { kind: 'mismatch', called: text(body.called) ?? '', calledAt: text(body.calledAt) ?? '', presented: text(body.presented), presentedName: null };
}

/**
 * Whether a verdict is about what is in front of the camera now: the same
 * ticket called at the same time. A new call of it (a recall, a retake) is a
 * new sitting, and 重呼 is not. "Nobody called" holds while nobody is.
 */
export function verdictIsCurrent(v: ConfirmView | null, now: Sitting): v is ConfirmView {
  if (v === null) return false;
  if (v.kind === 'nobody') return now === null;
  return now !== null && (v.kind === 'match' ? v.ticket : v.called) === now.ticket && v.calledAt === now.calledAt;
}

/** 拍摄完成 right after 不是本人 asks for a second tap: the photographer has to mean it. */
export function photographedNeedsSecondTap(v: ConfirmView | null, now: Sitting): boolean {
  return verdictIsCurrent(v, now) && v.kind === 'mismatch';
}
