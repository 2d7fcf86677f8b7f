// What the waiting-room display shows: per station the number being called,
// the next five, the last five called, how many wait and how long.
import type { Db } from '../db/connection.js';
import type { CollegeProgress, DisplayState, StationDisplay } from '../shared/types.js';
import { getActiveEvent } from './events.js';
import { prep } from './sql.js';

/** Median gap between the last calls × tickets waiting, in minutes; null until two calls are seen. */
export function estimateWaitMinutes(calledAtIso: string[], waitingAhead: number): number | null {
  const times = calledAtIso.map((t) => Date.parse(t)).sort((a, b) => a - b);
  if (times.length < 2) return null;
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return Math.round((median * waitingAhead) / 60_000);
}

export function stationDisplay(db: Db, eventId: number, code: string, room: string): StationDisplay {
  const calling = prep(db, "SELECT ticket FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'called' ORDER BY called_at DESC LIMIT 1").get(
    eventId,
    code,
  ) as { ticket: string } | undefined;
  const next = prep(db, "SELECT ticket FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting' ORDER BY seq LIMIT 5").all(eventId, code) as {
    ticket: string;
  }[];
  const recentRows = prep(
    db,
    'SELECT ticket, called_at FROM tickets WHERE event_id = ? AND station_code = ? AND called_at IS NOT NULL ORDER BY called_at DESC, seq DESC LIMIT 11',
  ).all(eventId, code) as { ticket: string; called_at: string }[];
  const { waiting } = prep(db, "SELECT COUNT(*) AS waiting FROM tickets WHERE event_id = ? AND station_code = ? AND status = 'waiting'").get(eventId, code) as {
    waiting: number;
  };
  return {
    station: code,
    room,
    calling: calling?.ticket ?? null,
    next: next.map((r) => r.ticket),
    recent: recentRows.filter((r) => r.ticket !== calling?.ticket).slice(0, 5).map((r) => r.ticket),
    waiting,
    estimatedWaitMinutes: estimateWaitMinutes(recentRows.map((r) => r.called_at), waiting),
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
       FROM students s LEFT JOIN tickets t ON t.student = s.id AND t.status <> 'cancelled'
      WHERE s.event_id = ?
      GROUP BY s.college ORDER BY s.college`,
  ).all(eventId) as CollegeProgress[];
}

export function getDisplay(db: Db): DisplayState {
  const ev = getActiveEvent(db);
  if (!ev) return { eventName: null, stations: [], colleges: [] };
  return {
    eventName: ev.name,
    stations: ev.stations.map((s) => stationDisplay(db, ev.id, s.code, s.room)),
    colleges: collegeProgress(db, ev.id),
  };
}
