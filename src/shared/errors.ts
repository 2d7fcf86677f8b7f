// One error class per kind of failure, mapped once to CLI exit codes,
// HTTP status codes and UI messages. Messages are plain words a volunteer
// or secretary can act on.

export type ErrorKind = 'bad-input' | 'not-found' | 'conflict' | 'unauthorized' | 'unavailable' | 'failure';

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** Stable machine code, e.g. `not-on-roster`, `queue-empty`. */
  readonly code: string;
  /** Extra JSON keys for the HTTP body (e.g. `{ticket: "0001A"}` on already-checked-in). */
  readonly details: Record<string, unknown>;

  constructor(kind: ErrorKind, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const badInput = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('bad-input', code, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('not-found', code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', code, message, details);
export const unavailable = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('unavailable', code, message, details);

export const httpStatusOf = (kind: ErrorKind): number =>
  ({ 'bad-input': 400, 'not-found': 404, conflict: 409, unauthorized: 401, unavailable: 503, failure: 500 })[kind];

/** INTERFACES.md §1: 2 on bad usage or bad input, 1 on any other failure. */
export const exitCodeOf = (kind: ErrorKind): number => (kind === 'bad-input' || kind === 'not-found' ? 2 : 1);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
