// What the waiting-room display shows: per station the number being called,
// the next five (retakes first, marked 补拍), the last five called, the no-shows,
// how many wait and how long (from the observed pace), and the colleges in schedule order.
import type { Db } from '../db/connection.js';
import type { CollegeProgress, DisplayCollege, DisplayState, SchedulePhase, StationDisplay } from '../shared/types.js';
import { getActiveEvent } from './events.js';
import { prep } from './sql.js';
import { CALL_ORDER } from './tickets.js';

/** How many of the last photographed intervals the pace looks at, and how many it needs first. */
export const PACE_WINDOW = 10;
export const PACE_MIN_INTERVALS = 3;

const median = (sorted: number[]): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Seconds per student at a station: the median of the last PACE_WINDOW intervals between
 * consecutive photographed tickets (a median, so a lunch break or a long discussion does
 * not swing it); null until PACE_MIN_INTERVALS intervals have been seen.
 */
export function paceSeconds(photographedAtIso: readonly string[]): number | null {
  const times = photographedAtIso
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b)
    .slice(-(PACE_WINDOW + 1));
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  if (gaps.length < PACE_MIN_INTERVALS) return null;
  return median(gaps.sort((a, b) => a - b)) / 1000;
}

/** Minutes until the last of `waiting` students is through, at `pace` seconds each (at least 1 while anyone waits). */
export function estimateWaitMinutes(pace: number | null, waiting: number): number | null {
  if (pace === null) return null;
  if (waiting <= 0) return 0;
  return Math.max(1, Math.round((pace * waiting) / 60));
}

export function stationDisplay(db: Db, eventId: number, code: string, room: string): StationDisplay {
  const calling = prep(db, "SELECT ticket, retakes FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'called' ORDER BY called_at DESC LIMIT 1").get(
    eventId,
    code,
  ) as { ticket: string; retakes: number } | undefined;
  const next = prep(db, `SELECT ticket, retakes FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting' ORDER BY ${CALL_ORDER} LIMIT 5`).all(
    eventId,
    code,
  ) as { ticket: string; retakes: number }[];
  const recentRows = prep(
    db,
    'SELECT ticket, called_at FROM tickets WHERE event_id = ? AND station_code = ? AND called_at IS NOT NULL ORDER BY called_at DESC, seq DESC LIMIT 11',
  ).all(eventId, code) as { ticket: string; called_at: string }[];
  const noShows = prep(db, "SELECT ticket FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'no-show' ORDER BY seq").all(eventId, code) as {
    ticket: string;
  }[];
  const photographed = prep(
    db,
    "SELECT finished_at FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'photographed' AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
  ).all(eventId, code, PACE_WINDOW + 1) as { finished_at: string }[];
  const { waiting } = prep(db, "SELECT COUNT(*) AS waiting FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting'").get(eventId, code) as {
    waiting: number;
  };
  const pace = paceSeconds(photographed.map((r) => r.finished_at));
  return {
    station: code,
    room,
    calling: calling?.ticket ?? null,
    next: next.map((r) => r.ticket),
    retakes: [calling, ...next].filter((r) => r !== undefined && r.retakes > 0).map((r) => r!.ticket),
    recent: recentRows.filter((r) => r.ticket !== calling?.ticket).slice(0, 5).map((r) => r.ticket),
    noShows: noShows.map((r) => r.ticket),
    waiting,
    paceSeconds: pace,
    estimatedWaitMinutes: estimateWaitMinutes(pace, waiting),
  };
}

/** Per college: on the roster, checked in, photographed, exempt (photo on file), absent (on the roster, not checked in). */
export function collegeProgress(db: Db, eventId: number): CollegeProgress[] {
  return prep(
    db,
    `SELECT s.college AS college,
            COALESCE(SUM(s.walk_in = 0), 0) AS onRoster,
            COALESCE(SUM(t.id IS NOT NULL), 0) AS checkedIn,
            COALESCE(SUM(t.status = 'photographed'), 0) AS photographed,
            COALESCE(SUM(s.has_photo = 1), 0) AS exempt,
            COALESCE(SUM(s.walk_in = 0 AND t.id IS NULL AND s.has_photo = 0), 0) AS absent
       FROM students s LEFT JOIN tickets t ON t.event_id = s.event_id AND t.student = s.id AND t.status <> 'cancelled'
      WHERE s.event_id = ?
      GROUP BY s.college ORDER BY s.college`,
  ).all(eventId) as CollegeProgress[];
}

interface ScheduledSlot {
  station: string;
  room: string;
  college: string;
  start: string;
  end: string;
}

const PHASE_RANK: Record<SchedulePhase, number> = { running: 0, next: 1, later: 2, done: 3, unscheduled: 4 };

/**
 * Orders the colleges for the waiting room at time of day `hhmm` (HH:MM, as routing compares):
 * those being photographed now, then the next one at each station, then the later ones and
 * the finished ones in schedule order; colleges without a slot last.
 */
export function orderBySchedule(progress: readonly CollegeProgress[], slots: readonly ScheduledSlot[], hhmm: string): DisplayCollege[] {
  const sorted = [...slots].sort((a, b) => (a.start === b.start ? a.station.localeCompare(b.station) : a.start < b.start ? -1 : 1));
  // The first slot still to start at each station is that station's "next".
  const nextAt = new Map<string, ScheduledSlot>();
  for (const s of sorted) if (s.start > hhmm && !nextAt.has(s.station)) nextAt.set(s.station, s);
  const placed = progress.map((p): DisplayCollege => {
    const own = sorted.filter((s) => s.college === p.college);
    const pick = (phase: SchedulePhase, s: ScheduledSlot | undefined): DisplayCollege => ({
      ...p,
      phase,
      slot: s ? { station: s.station, room: s.room, start: s.start, end: s.end } : null,
    });
    if (own.length === 0) return pick('unscheduled', undefined);
    const running = own.find((s) => s.start <= hhmm && hhmm < s.end);
    if (running) return pick('running', running);
    const upcoming = own.find((s) => s.start > hhmm);
    if (upcoming) return pick(nextAt.get(upcoming.station) === upcoming ? 'next' : 'later', upcoming);
    return pick('done', own[own.length - 1]);
  });
  return placed.sort(
    (a, b) =>
      PHASE_RANK[a.phase] - PHASE_RANK[b.phase] ||
      (a.slot?.start ?? '').localeCompare(b.slot?.start ?? '') ||
      (a.slot?.station ?? '').localeCompare(b.slot?.station ?? '') ||
      a.college.localeCompare(b.college, 'zh-CN'),
  );
}

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

export function getDisplay(db: Db, now: Date = new Date()): DisplayState {
  const ev = getActiveEvent(db);
  if (!ev) return { eventName: null, stations: [], colleges: [] };
  const rooms = new Map(ev.stations.map((s) => [s.code, s.room]));
  const slots = ev.slots.map((s) => ({ ...s, room: rooms.get(s.station) ?? '' }));
  return {
    eventName: ev.name,
    stations: ev.stations.map((s) => stationDisplay(db, ev.id, s.code, s.room)),
    colleges: orderBySchedule(collegeProgress(db, ev.id), slots, hhmm(now)),
  };
}
