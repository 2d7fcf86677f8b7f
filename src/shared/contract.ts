// The API, listed once (docs/architecture.md): each operation's facts are in
// ./operations.ts (access, PIN, body limit, route); here are its zod input and
// result type. src/server/routes.ts and src/main/ipc.ts loop over this map;
// the renderer gets one client with these names.
import { z } from 'zod';
import type { OpName, Role } from './operations.js';
import * as S from './schemas.js';
import type * as T from './types.js';
import type { RosterPreview } from './roster.js';

export { operations, opNames, type OpName, type Role } from './operations.js';

// Marked side-effect free so bundles that need only ApiError (the preload) drop the zod schemas.
/* @__NO_SIDE_EFFECTS__ */
const io = <I extends z.ZodType, O>(input: I) => ({ input, output: undefined as unknown as O });

export const contract = {
  health: io<typeof S.Empty, { ok: true; version: string }>(S.Empty),
  getEvent: io<typeof S.Empty, T.EventInfo | null>(S.Empty),
  importEvent: io<typeof S.EventFileSchema, T.EventImportResult>(S.EventFileSchema),
  importRoster: io<typeof S.RosterUpload, T.RosterImportResult>(S.RosterUpload),
  previewRoster: io<typeof S.RosterPreviewInput, RosterPreview>(S.RosterPreviewInput),
  rosterTemplate: io<typeof S.RosterTemplateInput, T.ExportFile>(S.RosterTemplateInput),
  searchStudents: io<typeof S.SearchInput, T.StudentSummary[]>(S.SearchInput),
  checkIn: io<typeof S.CheckInInput, T.CheckInResult>(S.CheckInInput),
  getQueue: io<typeof S.StationRef, T.QueueView>(S.StationRef),
  getTicket: io<typeof S.TicketRef, T.Ticket>(S.TicketRef),
  callNext: io<typeof S.StationRef, T.Ticket>(S.StationRef),
  photographed: io<typeof S.TicketRef, T.Ticket>(S.TicketRef),
  noShow: io<typeof S.TicketRef, T.Ticket>(S.TicketRef),
  recall: io<typeof S.TicketRef, T.Ticket>(S.TicketRef),
  repeatCall: io<typeof S.TicketRef, T.Ticket>(S.TicketRef),
  confirmIdentity: io<typeof S.ConfirmInput, T.ConfirmMatch>(S.ConfirmInput),
  markRetake: io<typeof S.RetakeInput, T.Ticket>(S.RetakeInput),
  cancelTicket: io<typeof S.CancelInput, T.Ticket>(S.CancelInput),
  saveSignature: io<typeof S.SignatureInput, T.Ticket>(S.SignatureInput),
  setFeeStatus: io<typeof S.FeeInput, T.Ticket>(S.FeeInput),
  reprint: io<typeof S.TicketRef, T.Ticket>(S.TicketRef),
  getSettings: io<typeof S.Empty, T.Settings>(S.Empty),
  updateSettings: io<typeof S.SettingsPatch, T.Settings>(S.SettingsPatch),
  verifyPin: io<typeof S.Empty, { ok: true; defaultPin: boolean }>(S.Empty),
  getHardwareStatus: io<typeof S.Empty, T.HardwareStatus>(S.Empty),
  findReaders: io<typeof S.Empty, T.DeviceChoice[]>(S.Empty),
  findPrinters: io<typeof S.Empty, T.DeviceChoice[]>(S.Empty),
  testReader: io<typeof S.ReaderTestInput, T.ReaderTestResult>(S.ReaderTestInput),
  testPrint: io<typeof S.Empty, { printed: boolean; message: string }>(S.Empty),
  getDisplay: io<typeof S.Empty, T.DisplayState>(S.Empty),
  getStats: io<typeof S.Empty, T.Stats>(S.Empty),
  exportFile: io<typeof S.ExportInput, T.ExportFile>(S.ExportInput),
  getAccessLinks: io<typeof S.Empty, T.AccessLinks>(S.Empty),
  deskSealKey: io<typeof S.Empty, { key: string; id: string }>(S.Empty),
  forwardCard: io<typeof S.ForwardCardInput, T.DeskRead>(S.ForwardCardInput),
  reportDesk: io<typeof S.DeskStatusInput, T.DeskStatus>(S.DeskStatusInput),
  getDesk: io<typeof S.DeskRef, T.DeskView>(S.DeskRef),
  publicTicket: io<typeof S.PublicCodeRef, T.PublicTicket>(S.PublicCodeRef),
} as const satisfies Record<OpName, { input: z.ZodType; output: unknown }>;

type Extra = Exclude<keyof typeof contract, OpName>;
/** A compile error here names schemas of operations missing from ./operations.ts. */
export const CONTRACT_HAS_NO_EXTRA_OPERATIONS: [Extra] extends [never] ? true : { extra: Extra } = true;

export type Contract = typeof contract;
export type OpInput<K extends OpName> = z.input<Contract[K]['input']>;
export type OpParsed<K extends OpName> = z.output<Contract[K]['input']>;
export type OpOutput<K extends OpName> = Contract[K]['output'];

/** What the renderer calls, in Electron (IPC) and in a browser (HTTP) alike. */
export type Api = { [K in OpName]: (input: OpInput<K>) => Promise<OpOutput<K>> };
/** What core implements: inputs already parsed and the caller already admitted. */
export type Handlers = { [K in OpName]: (input: OpParsed<K>, ctx: CallContext) => OpOutput<K> | Promise<OpOutput<K>> };

/** Who calls, as the transport established it; the one place the admin PIN travels. */
export interface CallContext {
  /** What the caller's credential allows (src/shared/operations.ts). */
  role: Role;
  /** Who acts, for the audit log: `desk`, `caller:A`, `display`, `admin`, `reader`, `cli`. */
  actor: string;
  /** Whom the wrong-PIN limit counts against: a remote address, or `app` for the desktop app. */
  device: string;
  /** The admin PIN the client holds, checked by core for operations that need it. */
  pin?: string;
}

export const IPC_CHANNEL_PREFIX = 'swipequeue:';
/** Live events arrive on this channel, once a window asked on SUBSCRIBE_LIVE_CHANNEL. */
export const LIVE_CHANNEL = 'swipequeue:live';
export const SUBSCRIBE_LIVE_CHANNEL = 'swipequeue:subscribe-live';
/** The desktop app's kiosk-exit prompt (src/main/kiosk-exit.ts): a PIN check that ends kiosk mode, no operation. */
export const KIOSK_EXIT_CHANNEL = 'swipequeue:shell:leave-kiosk';
/** The desktop app's per-window zoom factor (src/main/zoom.ts), applied by the preload as CSS zoom. */
export const ZOOM_CHANNEL = 'swipequeue:zoom';

/** Options every call may carry; `pin` is the admin PIN for operations that need it. */
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
