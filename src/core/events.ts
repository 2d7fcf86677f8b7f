// Events and their schedule (docs/interfaces.md §1.3): stations (rooms) and the
// slots that route each college's students to a station.
import type { Db } from '../db/connection.js';
import { openDb } from '../db/connection.js';
import { badInput, notFound } from '../shared/errors.js';
import { eventFileIssues, type EventIssue } from '../shared/event-check.js';
import { jsonErrorWhere } from '../shared/json-where.js';
import { EventFileSchema, describeZodError, schemaIssues, slotColleges, type EventFile } from '../shared/schemas.js';
import type { EventImportResult, EventInfo } from '../shared/types.js';
import { activeEventId, writeSetting } from './settings.js';
import { prep } from './sql.js';

/** The English of one schedule problem, for the CLI and the logs (the admin page words the issue itself). */
function eventIssueText(i: EventIssue): string {
  const at = `${i.path[0]}[${i.path[1]}]`;
  switch (i.issue) {
    case 'duplicate-station':
      return `${at}.code: station ${i.station} is listed twice`;
    case 'unknown-station':
      return `${at}.station: unknown station ${i.station}; the stations are ${i.stations.join(', ')}`;
    case 'end-not-after-start':
      return `${at}: end ${i.end} is not after start ${i.start}`;
    case 'overlap':
      return `${at} (${i.college} ${i.start}-${i.end}) overlaps slots[${i.other}] (${i.otherCollege} ${i.otherStart}-${i.otherEnd}) at station ${i.station}; colleges sharing a station at one time need the same start and end`;
    case 'college-twice':
      return `${at}.${String(i.path[2] ?? 'college')}: ${i.college} is listed twice at station ${i.station} ${i.start}-${i.end}${i.other === i.path[1] ? '' : ` (also slots[${i.other}])`}`;
  }
}

/**
 * Validates what an event file holds; errors name the JSON path
 * (`slots[3].start: expected HH:MM`) and carry every problem in `details.issues`.
 */
export function parseEventFile(json: unknown, label = 'event'): EventFile {
  const parsed = EventFileSchema.safeParse(json);
  if (!parsed.success) throw badInput('bad-event', `${label}: ${describeZodError(parsed.error)}`, { file: label, issues: schemaIssues(parsed.error) });
  const issues = eventFileIssues(parsed.data);
  if (issues.length > 0) throw badInput('bad-event', `${label}: ${issues.map(eventIssueText).join('; ')}`, { file: label, issues });
  return parsed.data;
}

/**
 * Creates or replaces (matched by name) the event and makes it active.
 * Replacing keeps the event id and every student and ticket; it refuses to drop a
 * station that already issued tickets.
 */
export function importEvent(db: Db, file: EventFile, now: Date): EventImportResult {
  return db.transaction(() => {
    const at = now.toISOString();
    const feeFen = Math.round(file.feeYuan * 100);
    const existing = prep(db, 'SELECT id FROM events WHERE name = ?').get(file.name) as { id: number } | undefined;
    let id: number;
    if (existing) {
      id = existing.id;
      const keep = new Set(file.stations.map((s) => s.code));
      const used = prep(db, 'SELECT station_code AS code, COUNT(*) AS n FROM tickets WHERE event_id = ? GROUP BY station_code').all(id) as {
        code: string;
        n: number;
      }[];
      for (const u of used) {
        if (!keep.has(u.code)) {
          throw badInput(
            'station-has-tickets',
            `station ${u.code} already issued ${u.n} ticket(s) at "${file.name}"; keep it in the event file (it can have no slots)`,
            { station: u.code, tickets: u.n, event: file.name },
          );
        }
      }
      prep(db, 'UPDATE events SET date = ?, fee_fen = ?, updated_at = ? WHERE id = ?').run(file.date, feeFen, at, id);
      prep(db, 'DELETE FROM slots WHERE event_id = ?').run(id);
      const old = prep(db, 'SELECT code FROM stations WHERE event_id = ?').all(id) as { code: string }[];
      for (const o of old) if (!keep.has(o.code)) prep(db, 'DELETE FROM stations WHERE event_id = ? AND code = ?').run(id, o.code);
    } else {
      id = Number(
        prep(db, 'INSERT INTO events(name, date, fee_fen, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(file.name, file.date, feeFen, at, at)
          .lastInsertRowid,
      );
    }
    for (const s of file.stations) {
      prep(db, 'INSERT INTO stations(event_id, code, room) VALUES (?, ?, ?) ON CONFLICT(event_id, code) DO UPDATE SET room = excluded.room').run(
        id,
        s.code,
        s.room,
      );
    }
    // A slot shared by several colleges is stored as one row per college with the same time (EventInfo.slots shows it so).
    for (const s of file.slots) {
      for (const college of slotColleges(s)) {
        prep(db, 'INSERT INTO slots(event_id, station_code, college, start, end) VALUES (?, ?, ?, ?, ?)').run(id, s.station, college, s.start, s.end);
      }
    }
    writeSetting(db, 'activeEventId', id);
    return { event: id, stations: file.stations.length, slots: file.slots.length };
  })();
}

export function getEventInfo(db: Db, id: number): EventInfo | null {
  const ev = prep(db, 'SELECT id, name, date, fee_fen FROM events WHERE id = ?').get(id) as
    | { id: number; name: string; date: string; fee_fen: number }
    | undefined;
  if (!ev) return null;
  const stations = prep(db, 'SELECT code, room FROM stations WHERE event_id = ? ORDER BY code').all(id) as { code: string; room: string }[];
  const slots = prep(db, 'SELECT station_code AS station, college, start, end FROM slots WHERE event_id = ? ORDER BY station_code, start, id').all(id) as {
    station: string;
    college: string;
    start: string;
    end: string;
  }[];
  return { id: ev.id, name: ev.name, date: ev.date, feeYuan: ev.fee_fen / 100, stations, slots };
}

export function getActiveEvent(db: Db): EventInfo | null {
  const id = activeEventId(db);
  return id === null ? null : getEventInfo(db, id);
}

/** The active event's id, or a plain-words error telling the user what to do first. */
export function requireActiveEvent(db: Db): number {
  const id = activeEventId(db);
  if (id === null || !prep(db, 'SELECT 1 FROM events WHERE id = ?').get(id)) {
    throw notFound('no-active-event', 'no active event: import the event schedule first (swipequeue event import)');
  }
  return id;
}

/** `event import` for the CLI: JSON text in, result out; the database is opened and closed here. */
export function importEventText(dbFile: string, text: string, label: string, now = new Date()): EventImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const where = jsonErrorWhere(text, (e as Error).message);
    throw badInput('bad-json', `${label}: not valid JSON (${where.text})`, { file: label, ...(where.line !== undefined ? { line: where.line, column: where.column } : {}) });
  }
  const file = parseEventFile(json, label);
  const db = openDb(dbFile);
  try {
    return importEvent(db, file, now);
  } finally {
    db.close();
  }
}
