// Result types of the contract: what core returns and every transport carries.
import type { RosterRowIssue, RosterRowWarning } from './roster.js';

export type TicketStatus = 'waiting' | 'called' | 'photographed' | 'no-show' | 'cancelled';
export type FeeStatus = 'paid' | 'unpaid' | 'exempt';
export type CheckInMethod = 'card' | 'manual' | 'wedge' | 'scan';

export interface StationInfo {
  code: string;
  room: string;
}
/**
 * One college's time at a station. A slot the event file shares between
 * colleges (`"colleges": [...]`) is one SlotInfo per college with the same
 * station, start and end; a list of SlotInfo imports back as the same schedule.
 */
export interface SlotInfo {
  station: string;
  college: string;
  start: string;
  end: string;
}
export interface EventInfo {
  id: number;
  name: string;
  date: string;
  feeYuan: number;
  stations: StationInfo[];
  slots: SlotInfo[];
}
export interface EventImportResult {
  event: number;
  stations: number;
  slots: number;
}

export interface RosterImportResult {
  imported: number;
  updated: number;
  /** docs/interfaces.md §1.4: `{row, reason}`, plus a code and its parameters for the renderer. */
  skipped: RosterRowIssue[];
  warnings: RosterRowWarning[];
}

export interface StudentSummary {
  studentId: string;
  name: string;
  college: string;
  maskedId: string | null;
  hasPhoto: boolean;
  walkIn: boolean;
  /** The live ticket, when the student has already checked in. */
  ticket: string | null;
}

/** A ticket as the queue, caller and API see it (the keys of docs/interfaces.md §2 first). */
export interface Ticket {
  ticket: string;
  station: string;
  status: TicketStatus;
  studentId: string;
  name: string;
  college: string;
  checkedInAt: string;
  calledAt: string | null;
  finishedAt: string | null;
  maskedId: string | null;
  room: string;
  feeStatus: FeeStatus;
  exempt: boolean;
  outsideSlot: boolean;
  printed: boolean;
  signed: boolean;
  callCount: number;
  /** Times marked 需重拍; a waiting ticket with retakes > 0 is a 补拍, called ahead of the numbers not yet called. */
  retakes: number;
  /** When it was last marked 需重拍: retakes waiting are called in this order, before the numbers not yet called. */
  requeuedAt: string | null;
  /** The person in front of the camera was confirmed as this ticket's student during this call. */
  confirmed: boolean;
}

/** POST /api/checkins 201 body (docs/interfaces.md §2): the ticket's keys, plus what the desk shows. */
export interface CheckInResult {
  ticket: string;
  station: string;
  studentId: string;
  name: string;
  college: string;
  /** 1-based place among the station's waiting tickets (1 = next to be called). */
  position: number;
  room: string;
  maskedId: string | null;
  outsideSlot: boolean;
  exempt: boolean;
  walkIn: boolean;
  feeStatus: FeeStatus;
  checkedInAt: string;
  /**
   * `queued`: the ticket is on its way to the printer; the outcome follows as a
   * live `print` event and on the ticket (`printed`). `none`: no printer, the
   * volunteer hands out a plate.
   */
  print: 'queued' | 'none';
}

/**
 * GET /api/public/tickets/<code>: what a student's phone shows of one ticket.
 * Names nobody: the ticket's number, where to go, its status, how many wait
 * before it, and the numbers being called at its station.
 */
export interface PublicTicket {
  ticket: string;
  station: string;
  room: string;
  status: TicketStatus;
  /** Waiting tickets of the station before this one (0 once it is no longer waiting). */
  ahead: number;
  /** The station's numbers being called now, oldest call first. */
  calling: string[];
}

export interface QueueView {
  station: string;
  /** In ticket order (the keys of docs/interfaces.md §2 first); `retakes` > 0 on a waiting ticket marks a 补拍. */
  tickets: (Pick<Ticket, 'ticket' | 'status' | 'studentId' | 'name' | 'college' | 'checkedInAt'> & Partial<Ticket>)[];
}

/** `checking`: the printer's first status answer has not come yet (the kiosk does not wait for it). */
export type DeviceState = 'ok' | 'absent' | 'disconnected' | 'error' | 'paper-out' | 'cover-open' | 'offline' | 'none' | 'checking';
export interface DeviceStatus {
  state: DeviceState;
  /** Plain words for the volunteer, e.g. "打印机缺纸". */
  message: string;
  target: string;
}
export interface HardwareStatus {
  reader: DeviceStatus;
  printer: DeviceStatus;
}

/** A reader or printer this machine can reach, found by the admin's settings (findReaders, findPrinters). */
export interface DeviceChoice {
  /** What the settings store and the kiosk opens: `serial:COM3?baud=115200`, `hid:0400:C35A`, `spooler:XP-80C`, `file:/dev/usb/lp0`. */
  target: string;
  /** serial port, HID reader, the vendor's SDTAPI library, system printer (spooler), USB line-printer device node. */
  kind: 'serial' | 'hid' | 'sdtapi' | 'system' | 'usb';
  /** The port, device node or printer name as the machine names it. */
  name: string;
  /** The maker or product the device reports, when it does. */
  maker: string | null;
  /** The USB-serial chip (CH340, CP210x…) or the reader family, when known. */
  chip: string | null;
  /** On a chip or in a family that such devices use: listed first. */
  likely: boolean;
}

/** The admin's reader test: the card presented, masked; null when none came in time. */
export interface ReaderTestResult {
  card: { maskedName: string; maskedId: string; idNumberValid: boolean } | null;
  /** How long the test waited, in seconds. */
  waited: number;
}

export interface StationDisplay {
  station: string;
  room: string;
  calling: string | null;
  next: string[];
  /** Of `calling` and `next`, the retakes (补拍): photographed once, taken again. */
  retakes: string[];
  recent: string[];
  /** Tickets marked 过号 (no-show), lowest first: those students go back to the desk or the photographer. */
  noShows: string[];
  waiting: number;
  /** Seconds per student: moving median of the last intervals between photographed tickets; null until known. */
  paceSeconds: number | null;
  /** Minutes for the last one in line, from paceSeconds; null until the pace is known. */
  estimatedWaitMinutes: number | null;
}
export interface CollegeProgress {
  college: string;
  onRoster: number;
  checkedIn: number;
  photographed: number;
  exempt: number;
  /** On the roster, not checked in, and no photo on file (those are exempt, not missing). */
  absent: number;
}
/** Where a college is in the day's schedule, at the time asked. */
export type SchedulePhase = 'running' | 'next' | 'later' | 'done' | 'unscheduled';
export interface DisplayCollege extends CollegeProgress {
  phase: SchedulePhase;
  /** The slot that decides the phase (the running, next or last one); null without slots. */
  slot: { station: string; room: string; start: string; end: string } | null;
}
export interface DisplayState {
  eventName: string | null;
  stations: StationDisplay[];
  /** Running colleges first, then the next at each station, then the rest in schedule order. */
  colleges: DisplayCollege[];
}

export interface Stats {
  /** Arrivals per 15-minute bucket per station; `bucket` is the ISO start time. */
  arrivals: { bucket: string; station: string; count: number }[];
  colleges: CollegeProgress[];
  /** The event's stations with their rooms, so a chart names rooms rather than letters. */
  stations: StationInfo[];
}

export interface Settings {
  walkInsAllowed: boolean;
  /** null = route each student by the schedule; a letter = this desk queues everyone at that station. */
  deskStation: string | null;
  /**
   * The stations this kiosk issues tickets for: its campus, when each campus runs
   * its own kiosk with the same event file (merged at the end of the day).
   * Empty = every station of the event.
   */
  siteStations: string[];
  voiceRepeats: number;
  /** Default fee status for a new check-in of a student who must pay. */
  feeDefault: 'paid' | 'unpaid';
  /** Seconds before the desk returns to the swipe prompt. */
  deskIdleSeconds: number;
  readerTarget: string;
  printerTarget: string;
  paperWidth: 58 | 80;
  /** 拍摄完成 is refused until the camera confirmed the called student (a card or student ID at the camera). */
  requireConfirm: boolean;
}

export interface ExportFile {
  fileName: string;
  mime: string;
  /** base64 of the file bytes (IPC and JSON carry no raw binary). */
  base64: string;
}

/** A card read by the desk's reader, with the verdict the desk shows. */
export interface CardSeen {
  name: string;
  maskedId: string;
  idNumberValid: boolean;
  result: CheckInResult | null;
  error: { error: string; message: string; ticket?: string } | null;
  /** The desk at another door that read it (`reader forward --desk`), or null for this kiosk's own reader. */
  desk: string | null;
  /** When the card was on the reader. */
  readAt: string;
  /** The read waited at its desk while the server could not be reached, and was sent when it was back. */
  late: boolean;
}

/** A forwarded card read as the server recorded it (POST /api/desks/:desk/cards). */
export interface DeskRead {
  key: string;
  desk: string;
  readAt: string;
  receivedAt: string;
  late: boolean;
  /** This key had been answered before: the answer is the recorded one and nothing new happened. */
  replayed: boolean;
  card: CardSeen;
}

/** What a forwarder last said of itself (PUT /api/desks/:desk/status), kept in the server's memory. */
export interface DeskStatus {
  desk: string;
  /** Reads kept at the desk, not yet answered by this server. */
  pending: number;
  /** Reads the server refused for good (e.g. sealed for another database): check those students in by hand. */
  failed: number;
  reader: { state: 'ok' | 'absent' | 'disconnected' | 'error' | 'none'; message: string };
  /** When the server last heard from the desk. */
  seenAt: string;
}

/** GET /api/desks/:desk: what `#/desk/<name>` loads, then follows live. */
export interface DeskView {
  desk: string;
  status: DeskStatus | null;
  /** The most recent reads, newest first. */
  reads: DeskRead[];
}

/** How the person at the camera was presented: a card on a reader, a typed student ID, a wedge reader, a scanner. */
export type ConfirmMethod = CheckInMethod;

/** POST /api/stations/A/confirm 200 body: the person at the camera is the called ticket's student. */
export interface ConfirmMatch {
  match: true;
  ticket: string;
  station: string;
  studentId: string;
  name: string;
  college: string;
  maskedId: string | null;
  method: ConfirmMethod;
  /** A retake (补拍) is being photographed. */
  retakes: number;
  /** When the ticket was called for this sitting: a verdict holds for this call only (a recall or a retake is a new sitting). */
  calledAt: string;
}

/** What the caller page shows after a confirm, from any device (the tablet, a reader at the camera). */
export type ConfirmVerdict =
  | ConfirmMatch
  | { match: false; error: 'not-the-called-student'; station: string; called: string; calledName: string; calledAt: string; presented: string | null; presentedName: string | null; method: ConfirmMethod }
  | { match: false; error: 'nobody-called'; station: string; method: ConfirmMethod };

export type LiveEvent =
  | { type: 'queue-changed'; station: string }
  | { type: 'ticket-called'; ticket: string; station: string; room: string; repeat: number }
  | { type: 'checked-in'; result: CheckInResult }
  /** A ticket's print outcome; `message` is the printer's problem in its own words when it did not print. */
  | { type: 'print'; ticket: string; printed: boolean; message: string }
  | { type: 'card-seen'; card: CardSeen }
  | { type: 'identity-checked'; verdict: ConfirmVerdict }
  | { type: 'desk-status'; status: DeskStatus }
  | { type: 'reader-status'; status: DeviceStatus }
  | { type: 'printer-status'; status: DeviceStatus }
  | { type: 'event-changed' }
  | { type: 'settings-changed' }
  /** A long roster import or preview, or an export, on its way: rows done of total (an admin page shows a bar). */
  | { type: 'progress'; task: 'roster-import' | 'roster-preview' | 'export'; done: number; total: number };

/** The address a station opens: its role's token in the query, its screen in the hash. */
export interface AccessLink {
  role: 'display' | 'caller' | 'desk' | 'admin';
  /** The caller's station letter; null for the other screens. */
  station: string | null;
  url: string;
  /** The address as a QR code (SVG markup), for the tablet's or the TV's camera. */
  qrSvg?: string;
}

/** What the admin screen shows so the secretary can open the tablet and the TV. */
export interface AccessLinks {
  /** False in the desktop app: its windows need no address. */
  served: boolean;
  links: AccessLink[];
}
