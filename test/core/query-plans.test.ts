// The reads that walk the whole roster (display, stats, exports, search) find
// each student's ticket through an index, never by scanning the tickets per
// student: with a 50,000-student roster and 2,000 tickets that scan made the
// waiting-room display take 16 s and the sign-in sheet 40 s. Every statement
// those reads prepare is captured and its query plan read back from SQLite.
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/connection.js';
import { getDisplay } from '../../src/core/display.js';
import { importEvent, parseEventFile } from '../../src/core/events.js';
import { createExport } from '../../src/core/exports/index.js';
import { loadIdKey } from '../../src/core/id-hash.js';
import { getStats } from '../../src/core/stats.js';
import { searchStudents } from '../../src/core/students.js';
import { SEED_EVENT, at, tmpDbFile } from './helpers.js';

/** Records the SQL of every statement prepared on the connection. */
function capture(db: Db): Set<string> {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    seen.add(sql);
    return prepare(sql);
  };
  return seen;
}

/** The plan's steps for a statement, its `?` parameters bound to null. */
function plan(db: Db, sql: string): string[] {
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

describe('query plans of the roster-wide reads', () => {
  it('look tickets up by index for each student, never scan them', async () => {
    const file = tmpDbFile();
    const db = openDb(file);
    const { event } = importEvent(db, parseEventFile(SEED_EVENT), at(8));
    const sql = capture(db);
    getDisplay(db, at(9));
    getStats(db);
    searchStudents(db, loadIdKey(file), '张');
    for (const kind of ['signin-sheet', 'fees-xlsx', 'absentees-xlsx', 'attendance-csv'] as const) await createExport(db, event, { kind }, at(17));
    const joins = [...sql].filter((s) => /\btickets\s+t\b/.test(s) && /\bstudents\s+s\b/.test(s));
    expect(joins.length).toBeGreaterThanOrEqual(4);
    const scans = joins.flatMap((s) => plan(db, s).filter((step) => /^SCAN t\b/.test(step)).map((step) => `${step} in: ${s.replace(/\s+/g, ' ').slice(0, 120)}`));
    expect(scans).toEqual([]);
    db.close();
  });
});
