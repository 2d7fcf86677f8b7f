// The operation names, listed without importing the contract's zod schemas:
// the preload bundle stays small (no zod in every window). The types below
// make `tsc` fail when this list and the contract differ in either direction.
import type { OpName } from '../shared/contract.js';

export const OP_NAMES = [
  'health',
  'getEvent',
  'importEvent',
  'importRoster',
  'searchStudents',
  'checkIn',
  'getQueue',
  'getTicket',
  'callNext',
  'photographed',
  'noShow',
  'recall',
  'repeatCall',
  'cancelTicket',
  'saveSignature',
  'setFeeStatus',
  'reprint',
  'getSettings',
  'updateSettings',
  'verifyPin',
  'getHardwareStatus',
  'testPrint',
  'getDisplay',
  'getStats',
  'exportFile',
] as const satisfies readonly OpName[];

type Missing = Exclude<OpName, (typeof OP_NAMES)[number]>;
/** A compile error here names the contract operations missing from OP_NAMES. */
export const OP_NAMES_COMPLETE: [Missing] extends [never] ? true : { missing: Missing } = true;
