// Events and their schedule (INTERFACES.md §1.3): stations (rooms) and the
// slots that route each college's students to a station.
import type { Db } from '../db/connection.js';
import { openDb } from '../db/connection.js';
import { badInput, notFound } from '../shared/errors.js';
import { EventFileSchema, describeZodError, type EventFile } from '../shared/schemas.js';
import type { EventImportResult, EventInfo } from '../shared/types.js';
import { activeEventId, writeSetting } from './settings.js';
import { prep } from './sql.js';

/** Validates what an event file holds; errors name the JSON path (`slots[3].start: expected HH:MM`). */
export function parseEventFile(json: unknown, label = 'event'): EventFile {
  const parsed = EventFileSchema.safeParse(json);
  if (!parsed.success) throw badInput('bad-event', `${label}: ${describeZodError(parsed.error)}`);
  const file = parsed.data;
  const codes = new Set<string>();
  file.stations.forEach((s, i) => {
    if (codes.has(s.code)) throw badInput('bad-event', `${label}: stations[${i}].code: station ${s.code} is listed twice`);
    codes.add(s.code);
  });
  file.slots.forEach((s, i) => {
    if (!codes.has(s.station)) {
      throw badInput('bad-event', `${label}: slots[${i}].station: unknown station ${s.station}; the stations are ${[...codes].join(', ')}`);
    }
    if (s.end <= s.start) throw badInput('bad-event', `${label}: slots[${i}]: end ${s.end} is not after start ${s.start}`);
  });
  for (const code of codes) {
    const slots = file.slots.map((s, i) => ({ ...s, i })).filter((s) => s.station === code).sort((a, b) => (a.start < b.start ? -1 : 1));
    for (let k = 1; k < slots.length; k++) {
      const prev = slots[k - 1]!;
      const cur = slots[k]!;
      if (cur.start < prev.end) {
        throw badInput(
          'bad-event',
          `${label}: slots[${cur.i}] (${cur.college} ${cur.start}-${cur.end}) overlaps slots[${prev.i}] (${prev.college} ${prev.start}-${prev.end}) at station ${code}`,
        );
      }
    }
  }
  return file;
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
    for (const s of file.slots) {
      prep(db, 'INSERT INTO slots(event_id, station_code, college, start, end) VALUES (?, ?, ?, ?, ?)').run(id, s.station, s.college, s.start, s.end);
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
  const slots = prep(db, 'SELECT station_code AS station, college, start, end FROM slots WHERE event_id = ? ORDER BY station_code, start').all(id) as {
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
    throw badInput('bad-json', `${label}: not valid JSON (${jsonErrorWhere(text, (e as Error).message)})`);
  }
  const file = parseEventFile(json, label);
  const db = openDb(dbFile);
  try {
    return importEvent(db, file, now);
  } finally {
    db.close();
  }
}

/** `line 3 column 5: Expected double-quoted property name` from V8's `… at position 11`. */
function jsonErrorWhere(text: string, message: string): string {
  const m = /at position (\d+)/.exec(message);
  const what = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.replace(/^\uFEFF/, '').slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line} column ${column}: ${what}`;
}
