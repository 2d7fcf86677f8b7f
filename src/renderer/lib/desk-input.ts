// What the desk does with the single search box on Enter: the shared
// classifier decides what was typed; this decides the action.
import { classifyDeskInput } from '../../shared/id-number.js';
import type { CheckInMethod } from '../../shared/types.js';

export type DeskAction =
  | { kind: 'none' }
  /** A student ID: check in directly. */
  | { kind: 'check-in-student'; studentId: string }
  /** An ID number (typed, or a keyboard-wedge reader): find the student by it, then check in. */
  | { kind: 'find-by-id-number'; idNumber: string; valid: boolean }
  /** A name: check in when exactly one student matches, otherwise let the volunteer pick. */
  | { kind: 'find-by-name'; name: string }
  /** A scanned 采集码: kept and attached to the next check-in. */
  | { kind: 'keep-scan'; code: string };

export function deskActionFor(raw: string): DeskAction {
  const input = classifyDeskInput(raw);
  switch (input.kind) {
    case 'empty':
      return { kind: 'none' };
    case 'studentId':
      return { kind: 'check-in-student', studentId: input.studentId };
    case 'idNumber':
      return { kind: 'find-by-id-number', idNumber: input.idNumber, valid: input.valid };
    case 'name':
      return { kind: 'find-by-name', name: input.name };
    case 'scan':
      return { kind: 'keep-scan', code: input.code };
  }
}

/** Whether to search as the volunteer types (names and student ID prefixes; not ID numbers or scans). */
export function searchAsYouType(raw: string): string | null {
  const input = classifyDeskInput(raw);
  if (input.kind === 'name') return input.name;
  if (input.kind === 'studentId') return input.studentId;
  return null;
}

/**
 * A keyboard-wedge reader or scanner types a whole code in a burst; a person
 * types a character every 100 ms or more. `typingMs` = first to last keystroke.
 */
export function typedByDevice(length: number, typingMs: number): boolean {
  return length >= 8 && typingMs / Math.max(1, length - 1) < 35;
}

/** The method recorded with a check-in from the search box. */
export function methodFor(action: { kind: string }, byDevice: boolean, scannedCode: string | null): CheckInMethod {
  if (scannedCode !== null) return 'scan';
  if (action.kind === 'find-by-id-number' && byDevice) return 'wedge';
  return 'manual';
}
