// Two campuses, one report: each campus kiosk issues its own stations' numbers
// with the same event file; merge folds one database into the other.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { mergeKiosks } from '../../src/core/merge.js';
import { studentLines } from '../../src/core/exports/data.js';
import { feeTotals } from '../../src/core/fees.js';
import { activeEventId } from '../../src/core/settings.js';
import { KAIFAQU, at003, event003 } from '../fixtures/event-003.js';
import { ID_WALK_IN, ROSTER_JINSHITAN, ROSTER_KAIFAQU, admin, campus, contents, desk, kiosks, morning, sha } from './campuses.js';

afterEach(async () => {
  for (const k of kiosks.splice(0)) await k.close();
});

describe('merge', () => {
  it("folds the other campus's students, tickets (numbers kept), signatures, fees and audit into one database", async () => {
    const { jin, kai } = await morning();
    const before = sha(kai);
    expect(mergeKiosks(jin, [kai], at003(13))).toEqual({ merged: { C: 1, D: 3 } });
    expect(sha(kai)).toBe(before);

    const db = openDb(jin);
    const eventId = activeEventId(db)!;
    const tickets = db
      .prepare('SELECT t.ticket, t.status, t.fee_status, t.signature IS NOT NULL AS signed, s.student_id FROM tickets t JOIN students s ON s.id = t.student ORDER BY t.station_code, t.seq')
      .all();
    expect(tickets).toEqual([
      { ticket: '0001A', status: 'photographed', fee_status: 'paid', signed: 1, student_id: '2017001' },
      { ticket: '0002A', status: 'waiting', fee_status: 'unpaid', signed: 0, student_id: '2017002' },
      { ticket: '0001C', status: 'waiting', fee_status: 'unpaid', signed: 0, student_id: expect.stringMatching(/^W-2102\*+003/) },
      { ticket: '0001D', status: 'photographed', fee_status: 'unpaid', signed: 0, student_id: '2017201' },
      { ticket: '0002D', status: 'photographed', fee_status: 'paid', signed: 1, student_id: '2017301' },
      { ticket: '0003D', status: 'cancelled', fee_status: 'exempt', signed: 0, student_id: '2017302' },
    ]);
    expect(db.prepare("SELECT confirmed_at IS NOT NULL AS confirmed, confirm_method FROM tickets WHERE ticket = '0001D'").get()).toEqual({ confirmed: 1, confirm_method: 'manual' });
    // 研究生 2017201 was on both rosters: one student, with the ticket issued at 开发区.
    expect(db.prepare("SELECT COUNT(*) AS n FROM students WHERE student_id = '2017201'").get()).toEqual({ n: 1 });
    // Students first seen in the other file carry no hash: it was made under the other file's key.
    expect(db.prepare("SELECT id_hash, id_masked, walk_in FROM students WHERE student_id LIKE 'W-%'").get()).toEqual({
      id_hash: null,
      id_masked: `2102**********${ID_WALK_IN.slice(-4)}`,
      walk_in: 1,
    });

    // The joint exports read one database: absentees of both rosters, fees per college at 17 yuan.
    const lines = studentLines(db, eventId);
    expect(lines.filter((l) => l.status === 'absent').map((l) => l.studentId).sort()).toEqual(['2017003', '2017501', '2017601']);
    expect(lines.find((l) => l.studentId === '2017302')).toMatchObject({ status: 'exempt', ticket: null });
    const fees = feeTotals(db, eventId);
    expect(fees.feeFen).toBe(1700);
    expect(fees.colleges.find((c) => c.college === '物理与材料工程学院')).toMatchObject({ paid: 1, unpaid: 0, dueFen: 1700 });
    expect(fees.colleges.find((c) => c.college === '理学院')).toMatchObject({ paid: 1, dueFen: 1700 });
    expect(fees.colleges.find((c) => c.college === '研究生')).toMatchObject({ paid: 0, unpaid: 1, dueFen: 1700 });

    // The other campus's audit, each row saying where it came from, then the merge itself.
    const audit = db.prepare("SELECT actor, action, ticket, detail FROM audit WHERE detail LIKE '%mergedFrom%' ORDER BY id").all() as { action: string; ticket: string | null; detail: string }[];
    expect(audit.filter((a) => a.action === 'check-in').map((a) => a.ticket)).toEqual(['0001D', '0002D', '0003D', '0001C']);
    expect(audit.every((a) => (JSON.parse(a.detail) as { mergedFrom: string }).mergedFrom === 'kaifaqu.db')).toBe(true);
    expect(db.prepare("SELECT actor, detail FROM audit WHERE action = 'merge'").get()).toMatchObject({ actor: 'cli', detail: expect.stringContaining('"from":"kaifaqu.db"') });
    db.close();

    // Merging the same file again is refused: its stations already hold tickets here.
    const after = contents(jin);
    expect(() => mergeKiosks(jin, [kai])).toThrow(/station C has tickets in both .*jinshitan\.db and .*kaifaqu\.db \(merged already\?\); nothing was merged/);
    expect(contents(jin)).toBe(after);
  });

  it('refuses, changing nothing, when both hold tickets of one station', async () => {
    const { dir, jin, kai } = await morning();
    const third = join(dir, 'third.db');
    const t = await campus(third, ['A'], ROSTER_JINSHITAN);
    await t.h.checkIn({ studentId: '2017003' }, desk);
    for (const k of kiosks.splice(0)) await k.close();
    const before = contents(jin);
    const err = (() => {
      try {
        mergeKiosks(jin, [kai, third]);
      } catch (e) {
        return e as { code: string; kind: string; message: string };
      }
      throw new Error('expected a refusal');
    })();
    expect(err).toMatchObject({ code: 'station-in-both', kind: 'conflict' });
    expect(err.message).toMatch(/station A has tickets in both .*jinshitan\.db and .*third\.db/);
    // kaifaqu.db came first and would have merged: still nothing changed.
    expect(contents(jin)).toBe(before);
  });

  it('refuses, changing nothing, when the events differ, when a student checked in on both campuses, or a file is not a kiosk database', async () => {
    const { dir, jin, kai } = await morning();
    const before = contents(jin);

    const other = join(dir, 'other-event.db');
    const o = await campus(other, KAIFAQU, ROSTER_KAIFAQU);
    const moved = event003();
    moved.stations[3]!.room = '开发区校区体育馆';
    await o.h.importEvent(moved, admin);
    for (const k of kiosks.splice(0)) await k.close();
    expect(() => mergeKiosks(jin, [other])).toThrow(/other-event\.db is not the same event as .*: the stations differ .*D 开发区校区大学生活动中心（第二组）.*D 开发区校区体育馆/);

    const both = join(dir, 'both.db');
    const b = await campus(both, KAIFAQU, ROSTER_JINSHITAN);
    await b.h.checkIn({ studentId: '2017001' }, desk);
    for (const k of kiosks.splice(0)) await k.close();
    expect(() => mergeKiosks(jin, [both])).toThrow(/student 2017001 holds ticket 0001A in .*jinshitan\.db and 0001C in .*both\.db; cancel the one that was not photographed/);

    const junk = join(dir, 'notes.db');
    writeFileSync(junk, 'this is a text file that someone named .db by mistake, long enough to look like a header');
    expect(() => mergeKiosks(jin, [kai, junk])).toThrow(/notes\.db is not a swipequeue database \(file is not a database\); nothing was merged/);
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t(x)');
    f.close();
    expect(() => mergeKiosks(jin, [foreign])).toThrow(/foreign\.db is not a swipequeue database \(no settings\)/);
    expect(() => mergeKiosks(jin, [join(dir, 'missing.db')])).toThrow(/missing\.db: no such file/);
    expect(() => mergeKiosks(jin, [jin])).toThrow(/is the same file as/);
    expect(() => mergeKiosks(junk, [kai])).toThrow(/notes\.db is not a swipequeue database/);

    expect(contents(jin)).toBe(before);
  });
});
