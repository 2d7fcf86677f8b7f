// What the secretary's exports read: one query per table, in ticket order.
import type { Db } from '../../db/connection.js';
import { notFound } from '../../shared/errors.js';
import type { ConfirmMethod, FeeStatus, TicketStatus } from '../../shared/types.js';
import { getEventInfo } from '../events.js';
import type { FontOptions } from './pdf-fonts.js';

/** What every export takes besides the event: one college only, progress for long ones, fonts, the clock. */
export interface ExportOptions {
  college?: string;
  onProgress?: (done: number, total: number) => void;
  fonts?: FontOptions;
  /** When the file is made (printed under the title); defaults to now. */
  now?: Date;
  /** Sign-in sheet: after the signed rows, every roster student who did not check in, marked 缺席 (or 免拍 with a photo on file). */
  allStudents?: boolean;
}

/** 状态 of docs/interfaces.md §1.8: a live ticket's status, or absent / exempt for students who never checked in. */
export type AttendanceStatus = Exclude<TicketStatus, 'cancelled'> | 'absent' | 'exempt';

export interface StudentLine {
  studentId: string;
  name: string;
  college: string;
  major: string | null;
  level: string | null;
  hasPhoto: boolean;
  walkIn: boolean;
  ticket: string | null;
  station: string | null;
  checkedInAt: string | null;
  status: AttendanceStatus;
  feeStatus: FeeStatus | null;
  signature: string | null;
  /** How the camera confirmed the student in the last sitting; null when it did not. */
  confirmMethod: ConfirmMethod | null;
  /** Times the ticket was marked 需重拍 (still one row, counted once). */
  retakes: number;
}

interface Row {
  student_id: string;
  name: string;
  college: string;
  major: string | null;
  level: string | null;
  has_photo: number;
  walk_in: number;
  ticket: string | null;
  station_code: string | null;
  checked_in_at: string | null;
  status: TicketStatus | null;
  fee_status: FeeStatus | null;
  signature: string | null;
  confirm_method: ConfirmMethod | null;
  retakes: number | null;
}

/** Every roster student and walk-in with their live (not cancelled) ticket, by college (schedule order) then ticket order. */
export function studentLines(db: Db, eventId: number, college?: string): StudentLine[] {
  const rows = db
    .prepare(
      `SELECT s.student_id, s.name, s.college, s.major, s.level, s.has_photo, s.walk_in,
              t.ticket, t.station_code, t.checked_in_at, t.status, t.fee_status, t.signature,
              t.confirm_method, t.retakes
         FROM students s
         LEFT JOIN tickets t ON t.event_id = s.event_id AND t.student = s.id AND t.status <> 'cancelled'
        WHERE s.event_id = ? AND (? IS NULL OR s.college = ?)
        ORDER BY s.college, t.id IS NULL, t.station_code, t.seq, s.student_id`,
    )
    .all(eventId, college ?? null, college ?? null) as Row[];
  // Colleges in the order of the day (stable sort keeps ticket order inside each).
  const event = getEventInfo(db, eventId);
  const rank = new Map(scheduleOrder(event ?? { slots: [] }, new Set(rows.map((r) => r.college))).map((c, i) => [c, i]));
  rows.sort((a, b) => (rank.get(a.college) ?? 0) - (rank.get(b.college) ?? 0));
  return rows.map((r) => ({
    studentId: r.student_id,
    name: r.name,
    college: r.college,
    major: r.major,
    level: r.level,
    hasPhoto: r.has_photo === 1,
    walkIn: r.walk_in === 1,
    ticket: r.ticket,
    station: r.station_code,
    checkedInAt: r.checked_in_at,
    status: r.status !== null && r.status !== 'cancelled' ? r.status : r.has_photo === 1 ? 'exempt' : 'absent',
    feeStatus: r.fee_status,
    signature: r.signature,
    confirmMethod: r.confirm_method,
    retakes: r.retakes ?? 0,
  }));
}

/** Colleges in the order of the day's schedule (their first slot), then those without a slot by name. */
export function scheduleOrder(event: { slots: { college: string; start: string }[] }, colleges: Iterable<string>): string[] {
  const first = new Map<string, string>();
  for (const s of event.slots) if ((first.get(s.college) ?? '99:99') > s.start) first.set(s.college, s.start);
  return [...colleges].sort((a, b) => (first.get(a) ?? '99:99').localeCompare(first.get(b) ?? '99:99') || (a < b ? -1 : a > b ? 1 : 0));
}

export function collegesOf(db: Db, eventId: number): string[] {
  return (db.prepare('SELECT DISTINCT college FROM students WHERE event_id = ? ORDER BY college').all(eventId) as { college: string }[]).map(
    (r) => r.college,
  );
}

/** The event an export is about; a named college must exist (the message lists those that do). */
export function exportScope(db: Db, eventId: number, college?: string) {
  const event = getEventInfo(db, eventId);
  if (!event) throw notFound('no-active-event', 'no active event: import the event schedule first (swipequeue event import)');
  if (college !== undefined) {
    const known = scheduleOrder(event, collegesOf(db, eventId));
    if (!known.includes(college)) {
      throw notFound('unknown-college', `college "${college}" is not on the roster; colleges: ${known.join('、') || '(none)'}`, { college, colleges: known });
    }
  }
  return event;
}

/** `2020-12-21 09:03:12` in the kiosk's local time: what a secretary reads and Excel sorts. */
export function localDateTime(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** 本人确认 of the attendance: how the camera confirmed the student; 否 when photographed without a confirm. */
export function confirmLabel(l: Pick<StudentLine, 'confirmMethod' | 'status'>): string {
  if (l.confirmMethod !== null) return `是（${CONFIRM_METHOD_LABEL[l.confirmMethod]}）`;
  return l.status === 'photographed' ? '否' : '';
}
const CONFIRM_METHOD_LABEL: Record<ConfirmMethod, string> = { card: '刷证', wedge: '刷证', manual: '学号', scan: '扫码' };

export const FEE_LABEL: Record<FeeStatus, string> = { paid: '已缴', unpaid: '未缴', exempt: '免缴' };

/**
 * The words for each status, in one place (a new ticket state, such as a
 * retake, fails to compile until it has its words here): `full` in lists
 * (absentees, fee lists), `sheet` in the sign-in sheet's 拍摄 column.
 */
export const STATUS_WORDS: Record<AttendanceStatus, { full: string; sheet: string }> = {
  waiting: { full: '候拍', sheet: '未拍' },
  called: { full: '叫号中', sheet: '未拍' },
  photographed: { full: '已拍摄', sheet: '已拍' },
  'no-show': { full: '过号未拍', sheet: '过号' },
  absent: { full: '缺席', sheet: '缺席' },
  exempt: { full: '已有照片', sheet: '免拍' },
};

/** A waiting ticket photographed before (需重拍) is 待补拍, not 候拍: its student was here and must come back to the camera. */
export const RETAKE_WORDS = { full: '待补拍', sheet: '补拍' } as const;

/** The words of one student's line: STATUS_WORDS, or RETAKE_WORDS for a retake still waiting. */
export const wordsOf = (l: Pick<StudentLine, 'status' | 'retakes'>): { full: string; sheet: string } =>
  l.status === 'waiting' && l.retakes > 0 ? RETAKE_WORDS : STATUS_WORDS[l.status];
