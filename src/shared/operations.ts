// The facts of every operation, once: who may call it, whether it needs the
// admin PIN, how large a body it takes, whether it answers a file, and the HTTP
// route that carries it. Transports read these facts and never name an
// operation (src/server/routes.ts, src/main/ipc.ts, src/renderer/api/http-bridge.ts).
// Pure data without zod, so the sandboxed preload can import it; the input
// schemas and result types are in ./contract.ts.

/**
 * What a caller's credential allows, least to most: `public` holds none (health,
 * a student's phone), the waiting-room TV reads, the photographer's tablet also
 * calls and marks tickets, the desk also checks in, signs, marks fees and
 * reprints, admin does everything (admin operations also need the PIN). The
 * token decides the role over HTTP, the window's screen over IPC.
 */
export type Role = 'public' | 'display' | 'caller' | 'desk' | 'admin';
/** The roles a credential (a token, a window) can carry. */
export const STATION_ROLES = ['display', 'caller', 'desk', 'admin'] as const;
export type StationRole = (typeof STATION_ROLES)[number];
/** Who may call an operation: the least role that may. */
export type Access = Role;

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Success status; 200 when omitted. */
  status?: number;
}

export interface Operation {
  http: HttpRoute;
  access: Access;
  /** The admin PIN must travel in the call context and be right. */
  pin: boolean;
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** `file`: the result is an ExportFile, sent over HTTP as the file itself. */
  answers: 'json' | 'file';
  /** Calls allowed per minute per device (a burst of as many, then one every 60/n s); unlimited when absent. */
  perMinute?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** A roster upload carries the file as base64 (the schema allows 70 M characters). */
export const ROSTER_BODY_LIMIT = 72 * 1024 * 1024;

const op = (method: HttpRoute['method'], path: string, access: Access, more: Partial<Omit<Operation, 'http' | 'access'>> & { status?: number } = {}): Operation => ({
  http: { method, path, ...(more.status !== undefined ? { status: more.status } : {}) },
  access,
  pin: more.pin ?? false,
  bodyLimit: more.bodyLimit ?? DEFAULT_BODY_LIMIT,
  answers: more.answers ?? 'json',
  ...(more.perMinute !== undefined ? { perMinute: more.perMinute } : {}),
});

export const operations = {
  health: op('GET', '/api/health', 'public'),
  getEvent: op('GET', '/api/event', 'display'),
  importEvent: op('PUT', '/api/event', 'admin', { pin: true }),
  importRoster: op('POST', '/api/roster', 'admin', { pin: true, bodyLimit: ROSTER_BODY_LIMIT }),
  /** What an import of the file would do (encoding, column mapping, first rows, refused rows), writing nothing. */
  previewRoster: op('POST', '/api/roster/preview', 'admin', { pin: true, bodyLimit: ROSTER_BODY_LIMIT }),
  /** The roster file to fill in: every column, one example row. */
  rosterTemplate: op('GET', '/api/roster/template/:format', 'admin', { pin: true, answers: 'file' }),
  /** A POST: the desk searches by ID number too, and a URL ends up in logs and histories. */
  searchStudents: op('POST', '/api/students/search', 'desk'),
  checkIn: op('POST', '/api/checkins', 'desk', { status: 201 }),
  getQueue: op('GET', '/api/queue', 'display'),
  getTicket: op('GET', '/api/tickets/:ticket', 'display'),
  callNext: op('POST', '/api/stations/:station/call-next', 'caller'),
  photographed: op('POST', '/api/tickets/:ticket/photographed', 'caller'),
  noShow: op('POST', '/api/tickets/:ticket/no-show', 'caller'),
  recall: op('POST', '/api/tickets/:ticket/recall', 'caller'),
  /** Repeats the call of a ticket already `called` (the photographer's 重呼), for the display to speak again. */
  repeatCall: op('POST', '/api/tickets/:ticket/repeat-call', 'caller'),
  /** Who sits in front of the camera: a card read there or a student ID typed/scanned at the tablet, checked against the called ticket. */
  confirmIdentity: op('POST', '/api/stations/:station/confirm', 'caller'),
  /** 需重拍: a photographed ticket re-enters its station's queue right after the current one, keeping its number. */
  markRetake: op('POST', '/api/tickets/:ticket/retake', 'caller'),
  /** The desk's undo: a volunteer with the admin PIN. */
  cancelTicket: op('POST', '/api/tickets/:ticket/cancel', 'desk', { pin: true }),
  saveSignature: op('PUT', '/api/tickets/:ticket/signature', 'desk'),
  setFeeStatus: op('PUT', '/api/tickets/:ticket/fee', 'desk'),
  reprint: op('POST', '/api/tickets/:ticket/reprint', 'desk'),
  getSettings: op('GET', '/api/settings', 'display'),
  updateSettings: op('PUT', '/api/settings', 'admin', { pin: true }),
  /** Any screen may check a PIN (admin gate, leaving a screen); wrong ones count against the device. */
  verifyPin: op('POST', '/api/admin/verify-pin', 'display', { pin: true }),
  getHardwareStatus: op('GET', '/api/hardware', 'desk'),
  /** Serial ports and HID readers this machine can reach, each with its reader target. */
  findReaders: op('GET', '/api/readers', 'admin', { pin: true }),
  /** System printers, USB printer device nodes and serial ports, each with its printer target. */
  findPrinters: op('GET', '/api/printers', 'admin', { pin: true }),
  /** Waits for the next card on the current reader and answers it masked; that card checks nobody in. */
  testReader: op('POST', '/api/reader/test', 'admin', { pin: true }),
  testPrint: op('POST', '/api/printer/test', 'desk'),
  getDisplay: op('GET', '/api/display', 'display'),
  getStats: op('GET', '/api/stats', 'desk'),
  exportFile: op('GET', '/api/exports/:kind', 'admin', { pin: true, answers: 'file' }),
  /** The stations' addresses with their roles' tokens, for the secretary to open the tablet and the TV. */
  getAccessLinks: op('GET', '/api/admin/access-links', 'admin', { pin: true }),
  /** Desks at other doors (`reader forward`): the key they seal card reads to, their reads, their state. */
  deskSealKey: op('GET', '/api/desk-seal-key', 'desk'),
  forwardCard: op('POST', '/api/desks/:desk/cards', 'desk'),
  reportDesk: op('PUT', '/api/desks/:desk/status', 'desk'),
  getDesk: op('GET', '/api/desks/:desk', 'desk'),
  /**
   * A student's phone, without a token (the QR on the ticket): one ticket by its
   * random code. A phone refreshing every 5 s makes 12 calls a minute; the limit
   * leaves room for a few phones behind one address.
   */
  publicTicket: op('GET', '/api/public/tickets/:code', 'public', { perMinute: 120, bodyLimit: 1024 }),
} as const satisfies Record<string, Operation>;

export type OpName = keyof typeof operations;
export const opNames = Object.keys(operations) as OpName[];

const RANK: Record<Role, number> = { public: 0, display: 1, caller: 2, desk: 3, admin: 4 };

/** True when a caller holding `role` may call an operation open to `access`. */
export const roleAllows = (role: Role, access: Access): boolean => RANK[role] >= RANK[access];

export const isStationRole = (s: unknown): s is StationRole => typeof s === 'string' && (STATION_ROLES as readonly string[]).includes(s);
