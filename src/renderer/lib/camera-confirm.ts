// The caller page's identity check at the camera: what a line typed there asks
// (a student ID, an ID number, a card line from a wedge reader), how a verdict
// reads, and when 拍摄完成 needs a second tap. Pure: no DOM, no React.
import { classifyDeskInput, normalizeIdNumber } from '../../shared/id-number.js';
import type { ConfirmMethod, ConfirmVerdict } from '../../shared/types.js';
import { errorBody, errorCode } from '../api/bridge.js';

/** The body of POST /api/stations/:station/confirm, without the station. */
export type ConfirmRequest = { studentId: string; method: ConfirmMethod } | { idNumber: string; name?: string; method: ConfirmMethod };

/** An 18-character number standing alone in a longer line (a wedge reader typing the whole card). */
const ID_IN_LINE = /(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])/;
const HAN_NAME = /(?<![\p{Script=Han}])[\p{Script=Han}][\p{Script=Han}·]{1,19}(?![\p{Script=Han}])/u;

/**
 * What a line typed at the caller asks to confirm: a student ID (typed, or a
 * scanner), an ID number (typed, or a wedge reader), or a card line holding an
 * ID number and a name; null when it names nobody (a lone name, a scanned link).
 */
export function confirmRequestFor(raw: string, byDevice: boolean): ConfirmRequest | null {
  const input = classifyDeskInput(raw);
  if (input.kind === 'studentId') return { studentId: input.studentId, method: byDevice ? 'scan' : 'manual' };
  if (input.kind === 'idNumber') return { idNumber: input.idNumber, method: byDevice ? 'wedge' : 'manual' };
  if (input.kind !== 'scan' && input.kind !== 'name') return null;
  const id = ID_IN_LINE.exec(raw)?.[1];
  if (!id) return null;
  const name = HAN_NAME.exec(raw.replace(id, ' '))?.[0];
  return { idNumber: normalizeIdNumber(id), ...(name ? { name } : {}), method: byDevice ? 'wedge' : 'manual' };
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
