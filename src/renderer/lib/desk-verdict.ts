// The desk's verdict in one tone (components/Verdict.tsx): green when the student
// is in the queue and nothing needs a second look, amber when something does
// (outside the college's slot, a walk-in, an ID number failing its check digit, a
// ticket the printer did not print), blue for an earlier check-in, red when not admitted.
import type { CheckInResult } from '../../shared/types.js';
import type { Tone } from '../components/Verdict.js';

/**
 * What happened to the paper ticket: `queued` until the print queue reports
 * (the check-in is answered before the paper comes out), then printed or
 * `failed`; `plate` when the kiosk runs without a printer on purpose
 * (`--printer none`: the volunteer hands out a numbered plate, a normal step,
 * not an error).
 */
export type PrintState = 'queued' | 'printed' | 'plate' | 'failed';

/** A ticket's print outcome as the live `print` event brings it. */
export interface PrintOutcome {
  printed: boolean;
  /** The printer's problem in its own words when it did not print. */
  message: string;
}

export function printState(result: Pick<CheckInResult, 'print'>, outcome: PrintOutcome | undefined): PrintState {
  if (result.print === 'none') return 'plate';
  if (outcome === undefined) return 'queued';
  return outcome.printed ? 'printed' : 'failed';
}

export type Attention = 'outsideSlot' | 'walkIn' | 'idInvalidCard' | 'printFailed';

export function attentionOf(result: Pick<CheckInResult, 'outsideSlot' | 'walkIn'>, print: PrintState, cardValid = true): Attention[] {
  const out: Attention[] = [];
  if (result.outsideSlot) out.push('outsideSlot');
  if (result.walkIn) out.push('walkIn');
  if (!cardValid) out.push('idInvalidCard');
  if (print === 'failed') out.push('printFailed');
  return out;
}

export function checkedInTone(attention: readonly Attention[]): Tone {
  return attention.length > 0 ? 'warn' : 'ok';
}

/** `09:12` in the kiosk's local time, for "首次签到 09:12". */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
