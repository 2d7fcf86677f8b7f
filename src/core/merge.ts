// Two campuses, one report: each campus ran its own kiosk with the same event
// file; `swipequeue merge` folds the other kiosks' students, tickets (numbers
// kept), signatures, fees and audit into one database for the joint exports.
// Each database keeps its own ID-number key, so students are matched by
// student ID only: a hash from another file is never compared nor copied.
// Every check comes first and the copy is one transaction: a refused merge
// changes nothing, and the other files are only ever read.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDb, type Db } from '../db/connection.js';
import { latestVersion } from '../db/migrate.js';
import { AppError, badInput, conflict, notFound } from '../shared/errors.js';
import type { EventInfo } from '../shared/types.js';
import { audit } from './audit.js';
import { getEventInfo } from './events.js';
import { activeEventId } from './settings.js';
import { writeTx } from './sql.js';

export interface MergeResult {
  /** Tickets folded in per station (cancelled ones too: their numbers stay used). */
  merged: Record<string, number>;
}

const KIOSK_TABLES = ['settings', 'events', 'stations', 'slots', 'students', 'tickets', 'audit'];

/** Refuses a file that is not a swipequeue database, reading it only. */
function checkKioskFile(file: string): void {
  if (!existsSync(file)) throw notFound('not-found', `${file}: no such file`, { file });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const version = db.pragma('user_version', { simple: true }) as number;
    const missing = KIOSK_TABLES.filter((t) => !tables.has(t));
    if (version < 1 || missing.length > 0) {
      throw badInput('not-a-kiosk-database', `${file} is not a swipequeue database (no ${missing[0] ?? 'schema version'}); nothing was merged`, { file });
    }
    if (version > latestVersion()) {
      throw new AppError('failure', 'database-too-new', `${file} was written by a newer swipequeue (schema ${version}); update the app, nothing was merged`);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw badInput('not-a-kiosk-database', `${file} is not a swipequeue database (${(e as Error).message}); nothing was merged`, { file });
  } finally {
    db?.close();
  }
}

/** The event a database is about: its active event, described without its local id. */
function eventOf(db: Db, file: string): EventInfo {
  const id = activeEventId(db);
  const event = id === null ? null : getEventInfo(db, id);
  if (!event) throw badInput('not-a-kiosk-database', `${file} holds no event; nothing was merged`, { file });
  return event;
}

/** The first difference between two events, in words, or null when they are the same event. */
export function eventDifference(a: EventInfo, b: EventInfo): string | null {
  if (a.name !== b.name) return `the event is "${a.name}" in one and "${b.name}" in the other`;
  if (a.date !== b.date) return `the date is ${a.date} in one and ${b.date} in the other`;
  if (a.feeYuan !== b.feeYuan) return `the fee is ${a.feeYuan} yuan in one and ${b.feeYuan} in the other`;
  const stations = (e: EventInfo) => e.stations.map((s) => `${s.code} ${s.room}`).join('; ');
  if (stations(a) !== stations(b)) return `the stations differ (${stations(a)} / ${stations(b)})`;
  const slots = (e: EventInfo) => e.slots.map((s) => `${s.station} ${s.start}-${s.end} ${s.college}`).sort();
  const sa = slots(a);
  const sb = slots(b);
  const only = sa.find((s) => !sb.includes(s)) ?? sb.find((s) => !sa.includes(s));
  if (only !== undefined) return `the slots differ (${only} is in one only)`;
  return null;
}

interface StudentRow {
  id: number;
  student_id: string;
  name: string;
  college: string;
  id_masked: string | null;
  major: string | null;
  level: string | null;
  has_photo: number;
  walk_in: number;
  created_at: string;
  updated_at: string;
}

/** A ticket row of another file: every column, copied as it is but for the event and the student. */
type TicketCopy = Record<string, unknown> & { student: number; station_code: string };

interface Source {
  file: string;
  label: string;
  db: Db;
  eventId: number;
  students: StudentRow[];
  tickets: TicketCopy[];
}

/** A private copy of another kiosk's database, at this app's schema; the original is only read. */
function snapshot(file: string, dir: string, n: number): Db {
  const copy = join(dir, `other-${n}.db`);
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    src.prepare('VACUUM INTO ?').run(copy);
  } finally {
    src.close();
  }
  return openDb(copy);
}

function stationsWithTickets(db: Db, eventId: number): Map<string, number> {
  const rows = db.prepare('SELECT station_code AS code, COUNT(*) AS n FROM tickets WHERE event_id = ? GROUP BY station_code').all(eventId) as { code: string; n: number }[];
  return new Map(rows.map((r) => [r.code, r.n]));
}

function liveTickets(db: Db, eventId: number): Map<string, string> {
  const rows = db
    .prepare("SELECT s.student_id, t.ticket FROM tickets t JOIN students s ON s.id = t.student WHERE t.event_id = ? AND t.status <> 'cancelled'")
    .all(eventId) as { student_id: string; ticket: string }[];
  return new Map(rows.map((r) => [r.student_id, r.ticket]));
}

/**
 * Folds `others` into `intoFile` (docs/interfaces.md §3.6). Refused, changing
 * nothing, when a file is not a kiosk database, when the events differ, when
 * two files hold tickets of one station, or when one student holds a live
 * ticket in two files (cancel the one not photographed first).
 */
export function mergeKiosks(intoFile: string, others: readonly string[], now = new Date()): MergeResult {
  if (others.length === 0) throw badInput('bad-request', 'name at least one other database to merge');
  checkKioskFile(intoFile);
  const seen = new Map<string, string>([[realpathSync(intoFile), intoFile]]);
  for (const file of others) {
    checkKioskFile(file);
    const real = realpathSync(file);
    const before = seen.get(real);
    if (before !== undefined) throw badInput('bad-request', `${file} is the same file as ${before}; nothing was merged`);
    seen.set(real, file);
  }

  const dir = mkdtempSync(join(tmpdir(), 'sq-merge-'));
  const sources: Source[] = [];
  const opened: Db[] = [];
  const into = openDb(intoFile);
  try {
    const event = eventOf(into, intoFile);
    const held = new Map<string, string>([...stationsWithTickets(into, event.id).keys()].map((code) => [code, intoFile]));
    const live = new Map([...liveTickets(into, event.id)].map(([sid, ticket]) => [sid, { ticket, file: intoFile }]));
    others.forEach((file, n) => {
      const db = snapshot(file, dir, n);
      opened.push(db);
      const theirs = eventOf(db, file);
      const diff = eventDifference(event, theirs);
      if (diff !== null) throw badInput('events-differ', `${file} is not the same event as ${intoFile}: ${diff}; nothing was merged`, { file });
      for (const code of stationsWithTickets(db, theirs.id).keys()) {
        const other = held.get(code);
        if (other !== undefined) {
          throw conflict('station-in-both', `station ${code} has tickets in both ${other} and ${file} (merged already?); nothing was merged`, { station: code, file });
        }
        held.set(code, file);
      }
      for (const [sid, ticket] of liveTickets(db, theirs.id)) {
        const other = live.get(sid);
        if (other !== undefined) {
          throw conflict(
            'student-in-both',
            `student ${sid} holds ticket ${other.ticket} in ${other.file} and ${ticket} in ${file}; cancel the one that was not photographed, then merge again; nothing was merged`,
            { studentId: sid, ticket: other.ticket, other: ticket },
          );
        }
        live.set(sid, { ticket, file });
      }
      sources.push({
        file,
        label: basename(file),
        db,
        eventId: theirs.id,
        students: db.prepare('SELECT * FROM students WHERE event_id = ?').all(theirs.id) as StudentRow[],
        tickets: db.prepare('SELECT * FROM tickets WHERE event_id = ? ORDER BY station_code, seq').all(theirs.id) as TicketCopy[],
      });
    });

    return writeTx(into, () => {
      const merged: Record<string, number> = {};
      const findStudent = into.prepare('SELECT id, id_masked FROM students WHERE event_id = ? AND student_id = ?');
      // A hash from another file means nothing under this file's key: id_hash stays NULL for students first seen there.
      const addStudent = into.prepare(
        `INSERT INTO students(event_id, student_id, name, college, id_hash, id_masked, major, level, has_photo, walk_in, created_at, updated_at)
         VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const fillMasked = into.prepare('UPDATE students SET id_masked = ? WHERE id = ? AND id_masked IS NULL');
      // Every column of the ticket (numbers, status, signature, fee, confirm, retakes …), whatever later migrations add.
      const columns = (into.prepare('SELECT name FROM pragma_table_info(?)').all('tickets') as { name: string }[])
        .map((c) => c.name)
        .filter((c) => c !== 'id');
      const addTicket = into.prepare(`INSERT INTO tickets(${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      const addAudit = into.prepare('INSERT INTO audit(at, actor, action, event_id, ticket, student_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const src of sources) {
        const local = new Map<number, number>();
        let added = 0;
        for (const s of src.students) {
          const found = findStudent.get(event.id, s.student_id) as { id: number; id_masked: string | null } | undefined;
          if (found) {
            if (s.id_masked !== null) fillMasked.run(s.id_masked, found.id);
            local.set(s.id, found.id);
            continue;
          }
          const id = addStudent.run(event.id, s.student_id, s.name, s.college, s.id_masked, s.major, s.level, s.has_photo, s.walk_in, s.created_at, s.updated_at).lastInsertRowid;
          local.set(s.id, Number(id));
          added++;
        }
        const counts: Record<string, number> = {};
        for (const t of src.tickets) {
          addTicket.run(Object.fromEntries(columns.map((c) => [c, c === 'event_id' ? event.id : c === 'student' ? local.get(t.student)! : (t[c] ?? null)])));
          counts[t.station_code] = (counts[t.station_code] ?? 0) + 1;
        }
        const rows = src.db.prepare('SELECT at, actor, action, ticket, student_id, detail FROM audit WHERE event_id = ? ORDER BY id').all(src.eventId) as {
          at: string;
          actor: string;
          action: string;
          ticket: string | null;
          student_id: string | null;
          detail: string | null;
        }[];
        for (const r of rows) {
          let detail: Record<string, unknown>;
          try {
            detail = r.detail === null ? {} : (JSON.parse(r.detail) as Record<string, unknown>);
          } catch {
            detail = { text: r.detail };
          }
          addAudit.run(r.at, r.actor, r.action, event.id, r.ticket, r.student_id, JSON.stringify({ ...detail, mergedFrom: src.label }));
        }
        audit(into, { at: now, actor: 'cli', action: 'merge', eventId: event.id, detail: { from: src.label, tickets: counts, studentsAdded: added, auditRows: rows.length } });
        for (const [code, n] of Object.entries(counts)) merged[code] = (merged[code] ?? 0) + n;
      }
      return { merged: Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1))) };
    });
  } finally {
    for (const db of opened) db.close();
    into.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
