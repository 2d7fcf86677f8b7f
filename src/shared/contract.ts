// The API, listed once (STYLE.md: Actual Budget). Each operation: its zod input,
// its result type, and the HTTP route that carries it. src/server/routes.ts and
// src/main/ipc.ts loop over this map; the renderer gets one client with these names.
import { z } from 'zod';
import * as S from './schemas.js';
import type * as T from './types.js';

type Http = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; status?: number };
// Marked side-effect free so bundles that need only ApiError and the channel names (the preload) drop the zod schemas.
/* @__NO_SIDE_EFFECTS__ */
const op = <I extends z.ZodType, O>(input: I, http: Http, opts: { admin?: boolean } = {}) => ({
  input,
  http,
  admin: opts.admin ?? false,
  output: undefined as unknown as O,
});

export const contract = {
  health: op<typeof S.Empty, { ok: true; version: string }>(S.Empty, { method: 'GET', path: '/api/health' }),
  getEvent: op<typeof S.Empty, T.EventInfo | null>(S.Empty, { method: 'GET', path: '/api/event' }),
  importEvent: op<typeof S.EventFileSchema, T.EventImportResult>(S.EventFileSchema, { method: 'PUT', path: '/api/event' }, { admin: true }),
  importRoster: op<typeof S.RosterUpload, T.RosterImportResult>(S.RosterUpload, { method: 'POST', path: '/api/roster' }, { admin: true }),
  searchStudents: op<typeof S.SearchInput, T.StudentSummary[]>(S.SearchInput, { method: 'GET', path: '/api/students' }),
  checkIn: op<typeof S.CheckInInput, T.CheckInResult>(S.CheckInInput, { method: 'POST', path: '/api/checkins', status: 201 }),
  getQueue: op<typeof S.StationRef, T.QueueView>(S.StationRef, { method: 'GET', path: '/api/queue' }),
  getTicket: op<typeof S.TicketRef, T.Ticket>(S.TicketRef, { method: 'GET', path: '/api/tickets/:ticket' }),
  callNext: op<typeof S.StationRef, T.Ticket>(S.StationRef, { method: 'POST', path: '/api/stations/:station/call-next' }),
  photographed: op<typeof S.TicketRef, T.Ticket>(S.TicketRef, { method: 'POST', path: '/api/tickets/:ticket/photographed' }),
  noShow: op<typeof S.TicketRef, T.Ticket>(S.TicketRef, { method: 'POST', path: '/api/tickets/:ticket/no-show' }),
  recall: op<typeof S.TicketRef, T.Ticket>(S.TicketRef, { method: 'POST', path: '/api/tickets/:ticket/recall' }),
  /** Repeats the call of a ticket already `called` (the photographer's 重呼), for the display to speak again. */
  repeatCall: op<typeof S.TicketRef, T.Ticket>(S.TicketRef, { method: 'POST', path: '/api/tickets/:ticket/repeat-call' }),
  cancelTicket: op<typeof S.CancelInput, T.Ticket>(S.CancelInput, { method: 'POST', path: '/api/tickets/:ticket/cancel' }),
  saveSignature: op<typeof S.SignatureInput, T.Ticket>(S.SignatureInput, { method: 'PUT', path: '/api/tickets/:ticket/signature' }),
  setFeeStatus: op<typeof S.FeeInput, T.Ticket>(S.FeeInput, { method: 'PUT', path: '/api/tickets/:ticket/fee' }),
  reprint: op<typeof S.TicketRef, T.Ticket>(S.TicketRef, { method: 'POST', path: '/api/tickets/:ticket/reprint' }),
  getSettings: op<typeof S.Empty, T.Settings>(S.Empty, { method: 'GET', path: '/api/settings' }),
  updateSettings: op<typeof S.SettingsPatch, T.Settings>(S.SettingsPatch, { method: 'PUT', path: '/api/settings' }, { admin: true }),
  verifyPin: op<typeof S.PinInput, { ok: boolean }>(S.PinInput, { method: 'POST', path: '/api/admin/verify-pin' }),
  getHardwareStatus: op<typeof S.Empty, T.HardwareStatus>(S.Empty, { method: 'GET', path: '/api/hardware' }),
  testPrint: op<typeof S.Empty, { printed: boolean; message: string }>(S.Empty, { method: 'POST', path: '/api/printer/test' }),
  getDisplay: op<typeof S.Empty, T.DisplayState>(S.Empty, { method: 'GET', path: '/api/display' }),
  getStats: op<typeof S.Empty, T.Stats>(S.Empty, { method: 'GET', path: '/api/stats' }),
  exportFile: op<typeof S.ExportInput, T.ExportFile>(S.ExportInput, { method: 'GET', path: '/api/exports/:kind' }, { admin: true }),
} as const;

export type Contract = typeof contract;
export type OpName = keyof Contract;
export type OpInput<K extends OpName> = z.input<Contract[K]['input']>;
export type OpParsed<K extends OpName> = z.output<Contract[K]['input']>;
export type OpOutput<K extends OpName> = Contract[K]['output'];

/** What the renderer calls, in Electron (IPC) and in a browser (HTTP) alike. */
export type Api = { [K in OpName]: (input: OpInput<K>) => Promise<OpOutput<K>> };
/** What core implements: inputs already parsed by the transport. */
export type Handlers = { [K in OpName]: (input: OpParsed<K>, ctx: CallContext) => OpOutput<K> | Promise<OpOutput<K>> };
export interface CallContext {
  /** Who acts, for the audit log: 'desk', 'caller', 'display', 'admin', 'cli', 'reader'. */
  actor: string;
  /** The admin PIN the client holds, checked by core for `admin` operations. */
  pin?: string;
}

export const opNames = Object.keys(contract) as OpName[];
export const IPC_CHANNEL_PREFIX = 'swipequeue:';
export const LIVE_CHANNEL = 'swipequeue:live';

/** Options every call may carry; `pin` is the admin PIN for `admin` operations. */
export interface CallOptions {
  pin?: string;
}

/**
 * What the renderer holds in both worlds: in Electron the preload exposes it as
 * `window.swipequeue` (one function per operation, over IPC); in a browser
 * src/renderer builds the same shape over HTTP + the /api/live WebSocket.
 */
export type Bridge = { [K in OpName]: (input: OpInput<K>, opts?: CallOptions) => Promise<OpOutput<K>> } & {
  onLive(listener: (event: import('./types.js').LiveEvent) => void): () => void;
};

/** The error body of every transport: `{"error": "<code>", "message": "<plain words>", ...details}`. */
export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

/** IPC replies travel in an envelope so the renderer gets the error code, not just a message. */
export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** Thrown by renderer clients (IPC or HTTP) when an operation fails. */
export class ApiError extends Error {
  readonly code: string;
  readonly body: ErrorBody;
  readonly status: number | undefined;
  constructor(body: ErrorBody, status?: number) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.error;
    this.body = body;
    this.status = status;
  }
}
