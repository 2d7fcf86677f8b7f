// One error class per kind of failure, mapped once to CLI exit codes, HTTP
// status codes and the error body every transport sends. Each error has a
// stable code from ERROR_CODES and its parameters in `details`: the renderer
// words it in Chinese from its catalogue (a test holds the two together); the
// English `message` is for the CLI and the logs.

export type ErrorKind = 'bad-input' | 'not-found' | 'conflict' | 'unauthorized' | 'forbidden' | 'rate-limited' | 'unavailable' | 'failure';

/** Every code an error may carry, in every layer and transport. */
export const ERROR_CODES = [
  // transports and access
  'bad-request',
  'unauthorized',
  'forbidden',
  'forbidden-for-role',
  'too-large',
  'unsupported-media-type',
  'timeout',
  'not-found',
  'internal',
  'ipc-failed',
  'offline',
  // admin PIN
  'bad-pin',
  'bad-pin-format',
  'too-many-attempts',
  'too-many-requests',
  // storage
  'storage',
  'busy',
  'constraint',
  'database-too-new',
  'no-database',
  'not-a-database',
  'database-read-only',
  'database-damaged',
  'database-in-use',
  'missing-key',
  'wrong-key',
  'logs-unwritable',
  // the event and the roster
  'no-active-event',
  'no-stations',
  'no-site-stations',
  'bad-event',
  'bad-json',
  'unknown-station',
  'unknown-college',
  'station-has-tickets',
  'empty-roster',
  'bad-workbook',
  'unknown-encoding',
  'missing-column',
  // check-in and queue
  'not-on-roster',
  'ambiguous-name',
  'already-checked-in',
  'blank-card',
  'invalid-id-number',
  'missing-name',
  'station-full',
  'bad-station',
  'bad-ticket',
  'unknown-ticket',
  'unknown-code',
  'queue-empty',
  'ticket-in-progress',
  'illegal-transition',
  // identity at the camera
  'not-the-called-student',
  'nobody-called',
  'confirm-required',
  // printer
  'bad-printer',
  'bad-paper',
  'no-printer',
  'print-failed',
  'printer-unavailable',
  // reader and card frames
  'bad-reader',
  'bad-baud',
  'bad-hex',
  'missing-preamble',
  'length-mismatch',
  'checksum-mismatch',
  'truncated-frame',
  'bad-text-block',
  'reader-status',
  'unsupported-card-type',
  'status-reply',
  'no-reply',
  'sdtapi-library-missing',
  'bad-seal',
  // merging the kiosks of several campuses
  'not-a-kiosk-database',
  'events-differ',
  'station-in-both',
  'student-in-both',
  // exports and the command line
  'bad-output',
  'port-in-use',
  'port-denied',
  'bad-host',
  'bad-server',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** Stable machine code, e.g. `not-on-roster`, `queue-empty`. */
  readonly code: ErrorCode;
  /** Parameters of the message and extra JSON keys of the body (e.g. `{ticket: "0001A"}` on already-checked-in). */
  readonly details: Record<string, unknown>;

  constructor(kind: ErrorKind, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

type Make = (code: ErrorCode, message: string, details?: Record<string, unknown>) => AppError;
export const badInput: Make = (code, message, details) => new AppError('bad-input', code, message, details);
export const notFound: Make = (code, message, details) => new AppError('not-found', code, message, details);
export const conflict: Make = (code, message, details) => new AppError('conflict', code, message, details);
export const unavailable: Make = (code, message, details) => new AppError('unavailable', code, message, details);

export const httpStatusOf = (kind: ErrorKind): number =>
  ({ 'bad-input': 400, 'not-found': 404, conflict: 409, unauthorized: 401, forbidden: 403, 'rate-limited': 429, unavailable: 503, failure: 500 })[kind];

/** The command line: 2 on bad usage or bad input, 1 on any other failure. */
export const exitCodeOf = (kind: ErrorKind): number => (kind === 'bad-input' || kind === 'not-found' ? 2 : 1);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The body every transport sends: `{"error": "<code>", "message": "<plain words>", ...details}`. */
export function errorBodyOf(e: AppError): { error: ErrorCode; message: string; [detail: string]: unknown } {
  return { ...e.details, error: e.code, message: e.message };
}
