// Statistics for the secretary: arrivals per 15 minutes per station, progress per college.
import type { Db } from '../db/connection.js';
import type { StationInfo, Stats } from '../shared/types.js';
import { collegeProgress } from './display.js';
import { activeEventId } from './settings.js';
import { prep } from './sql.js';

const BUCKET_MS = 15 * 60_000;

export function getStats(db: Db): Stats {
  const eventId = activeEventId(db);
  if (eventId === null) return { arrivals: [], colleges: [], stations: [] };
  const rows = prep(db, 'SELECT station_code AS station, checked_in_at AS at FROM tickets WHERE event_id = ? ORDER BY checked_in_at').all(eventId) as {
    station: string;
    at: string;
  }[];
  const counts = new Map<string, { bucket: string; station: string; count: number }>();
  for (const r of rows) {
    const bucket = new Date(Math.floor(Date.parse(r.at) / BUCKET_MS) * BUCKET_MS).toISOString();
    const key = `${bucket}|${r.station}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { bucket, station: r.station, count: 1 });
  }
  const arrivals = [...counts.values()].sort((a, b) => (a.bucket === b.bucket ? a.station.localeCompare(b.station) : a.bucket < b.bucket ? -1 : 1));
  const stations = prep(db, 'SELECT code, room FROM stations WHERE event_id = ? ORDER BY code').all(eventId) as StationInfo[];
  return { arrivals, colleges: collegeProgress(db, eventId), stations };
}
