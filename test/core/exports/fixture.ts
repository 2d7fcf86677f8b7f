// A day's data for export tests, written with plain SQL into a real database
// opened with openDb: no kiosk services, so each test states exactly the rows
// the secretary's files are made from.
import { join } from 'node:path';
import { openDb, type Db } from '../../../src/db/connection.js';
import type { FeeStatus, TicketStatus } from '../../../src/shared/types.js';
import { tmpDir } from '../helpers.js';

export interface FixtureTicket {
  station: string;
  status?: TicketStatus;
  fee?: FeeStatus;
  signature?: string;
  /** Local time on the event day, `HH:MM:SS`. */
  at?: string;
}

export interface FixtureStudent {
  studentId: string;
  name: string;
  college: string;
  major?: string;
  hasPhoto?: boolean;
  walkIn?: boolean;
  /** Check-ins in order: a cancelled one may be followed by a live one. */
  tickets?: FixtureTicket[];
}

export interface FixtureDay {
  name?: string;
  date?: string;
  feeFen?: number;
  stations?: { code: string; room: string }[];
  slots?: { station: string; college: string; start: string; end: string }[];
  students: FixtureStudent[];
  audit?: { at: string; actor: string; action: string; ticket?: string; studentId?: string; detail?: unknown }[];
}

export const SIGNATURE = 'M 20 70 L 60 30 L 100 70 L 140 30 L 180 70 M 200 50 L 280 50';

export const DEFAULT_SLOTS = [
  { station: 'A', college: '纺织科学与工程学院', start: '09:00', end: '10:30' },
  { station: 'B', college: '理学院', start: '08:30', end: '10:30' },
  { station: 'A', college: '法政学院', start: '15:50', end: '16:20' },
];

/** Writes the day into a new database file; the event is the active one. Tickets are numbered per station in the order given. */
export function exportFixture(day: FixtureDay): { file: string; db: Db; eventId: number } {
  const file = join(tmpDir('sq-export-'), 'day.db');
  const db = openDb(file);
  const date = day.date ?? '2020-12-21';
  const iso = (hhmmss: string) => new Date(`${date}T${hhmmss}`).toISOString(); // local time, like the kiosk
  const created = iso('08:00:00');
  const eventId = Number(
    db
      .prepare('INSERT INTO events (name, date, fee_fen, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(day.name ?? '2021届研究生毕业图像采集', date, day.feeFen ?? 2000, created, created).lastInsertRowid,
  );
  db.prepare("INSERT INTO settings (key, value) VALUES ('activeEventId', ?)").run(JSON.stringify(eventId));
  for (const s of day.stations ?? [{ code: 'A', room: '7-115' }, { code: 'B', room: '7-119' }]) {
    db.prepare('INSERT INTO stations (event_id, code, room) VALUES (?, ?, ?)').run(eventId, s.code, s.room);
  }
  for (const s of day.slots ?? DEFAULT_SLOTS) {
    db.prepare('INSERT INTO slots (event_id, station_code, college, start, end) VALUES (?, ?, ?, ?, ?)').run(eventId, s.station, s.college, s.start, s.end);
  }
  const seq = new Map<string, number>();
  const addStudent = db.prepare(
    `INSERT INTO students (event_id, student_id, name, college, major, has_photo, walk_in, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addTicket = db.prepare(
    `INSERT INTO tickets (event_id, station_code, seq, ticket, student, status, method, exempt, fee_status, signature, signed_at, checked_in_at)
     VALUES (?, ?, ?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const st of day.students) {
      const id = addStudent.run(eventId, st.studentId, st.name, st.college, st.major ?? null, st.hasPhoto ? 1 : 0, st.walkIn ? 1 : 0, created, created).lastInsertRowid;
      for (const t of st.tickets ?? []) {
        const n = (seq.get(t.station) ?? 0) + 1;
        seq.set(t.station, n);
        const at = iso(t.at ?? '09:30:00');
        addTicket.run(
          eventId,
          t.station,
          n,
          `${String(n).padStart(4, '0')}${t.station}`,
          id,
          t.status ?? 'waiting',
          st.hasPhoto ? 1 : 0,
          t.fee ?? (st.hasPhoto ? 'exempt' : 'unpaid'),
          t.signature ?? null,
          t.signature ? at : null,
          at,
        );
      }
    }
    for (const a of day.audit ?? []) {
      db.prepare('INSERT INTO audit (at, actor, action, event_id, ticket, student_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        iso(a.at),
        a.actor,
        a.action,
        eventId,
        a.ticket ?? null,
        a.studentId ?? null,
        a.detail === undefined ? null : JSON.stringify(a.detail),
      );
    }
  })();
  return { file, db, eventId };
}

/** `n` students of one college, each checked in at `station` in turn, every other one signed. */
export function manyStudents(n: number, college = '理学院', station = 'B'): FixtureStudent[] {
  return Array.from({ length: n }, (_, i) => ({
    studentId: `0${2019000 + i + 1}`,
    name: `学生${i + 1}号`,
    college,
    tickets: [{ station, signature: i % 2 === 0 ? SIGNATURE : undefined, at: `09:${String(30 + Math.floor(i / 60) % 30).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}` }],
  }));
}
