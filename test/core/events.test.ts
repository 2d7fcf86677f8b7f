import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { getActiveEvent, importEvent, importEventText, parseEventFile } from '../../src/core/events.js';
import { checkIn } from '../../src/core/checkin.js';
import { loadIdKey } from '../../src/core/id-hash.js';
import { activeEventId } from '../../src/core/settings.js';
import { SEED_EVENT, at, tmpDbFile } from './helpers.js';

const clone = () => structuredClone(SEED_EVENT);

describe('event import', () => {
  it('imports the seed schedule and makes it active', () => {
    const db = openDb(tmpDbFile());
    const r = importEvent(db, parseEventFile(clone()), at(8));
    expect(r).toEqual({ event: r.event, stations: 2, slots: 15 });
    expect(activeEventId(db)).toBe(r.event);
    const ev = getActiveEvent(db)!;
    expect(ev.feeYuan).toBe(20);
    expect(ev.stations).toEqual([{ code: 'A', room: '7-115' }, { code: 'B', room: '7-119' }]);
    db.close();
  });

  it('names the JSON path of a bad field', () => {
    const bad = clone() as unknown as { slots: { start: string }[] };
    bad.slots[3]!.start = '1pm';
    expect(() => parseEventFile(bad, 'event.json')).toThrow('event.json: slots[3].start: expected HH:MM');
  });

  it('accepts 9:00 as 09:00 (the notice writes it so)', () => {
    const f = clone();
    (f.slots[0] as { start: string }).start = '9:00';
    expect(parseEventFile(f).slots[0]!.start).toBe('09:00');
  });

  it('refuses an unknown station, a duplicate station, overlapping slots, end before start', () => {
    const unknown = clone();
    unknown.slots[2]!.station = 'C';
    expect(() => parseEventFile(unknown)).toThrow(/slots\[2\]\.station: unknown station C/);
    const dup = clone();
    dup.stations.push({ code: 'A', room: '7-120' });
    expect(() => parseEventFile(dup)).toThrow(/stations\[2\]\.code: station A is listed twice/);
    const overlap = clone();
    overlap.slots[1]!.start = '10:00';
    expect(() => parseEventFile(overlap)).toThrow(/slots\[1\].*overlaps slots\[0\].*station A/);
    const backwards = clone();
    backwards.slots[0]!.end = '08:00';
    expect(() => parseEventFile(backwards)).toThrow(/slots\[0\]: end 08:00 is not after start 09:00/);
    const lower = clone() as unknown as { stations: { code: string }[] };
    lower.stations[0]!.code = 'a';
    expect(() => parseEventFile(lower)).toThrow(/stations\[0\]\.code: expected one capital letter/);
  });

  it('replacing by name keeps the id, students and tickets; refuses to drop a station with tickets', () => {
    const file = tmpDbFile();
    const db = openDb(file);
    const first = importEvent(db, parseEventFile(clone()), at(8));
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO students(event_id, student_id, name, college, created_at, updated_at) VALUES (?, '2019001', '甲', '理学院', ?, ?)`).run(first.event, now, now);
    const ticket = checkIn(db, { studentId: '2019001' }, { actor: 'desk', now: at(9, 30), idKey: loadIdKey(file) });
    expect(ticket.ticket).toBe('0001B');

    const moved = clone();
    moved.stations[0]!.room = '7-201';
    moved.feeYuan = 17;
    const again = importEvent(db, parseEventFile(moved), at(8));
    expect(again.event).toBe(first.event);
    expect(getActiveEvent(db)!.stations[0]).toEqual({ code: 'A', room: '7-201' });
    expect(getActiveEvent(db)!.feeYuan).toBe(17);
    expect(db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 1 });

    const dropB = clone();
    dropB.stations = [dropB.stations[0]!];
    dropB.slots = dropB.slots.filter((s) => s.station === 'A');
    expect(() => importEvent(db, parseEventFile(dropB), at(8))).toThrow(/station B already issued 1 ticket/);
    // nothing lost by the refused import
    expect(getActiveEvent(db)!.slots).toHaveLength(15);
    expect(getActiveEvent(db)!.feeYuan).toBe(17);
    db.close();
  });

  it('malformed JSON names line and column', () => {
    expect(() => importEventText(tmpDbFile(), '{\n  "name": "x",\n  oops\n}', 'event.json')).toThrow(/^event\.json: not valid JSON \(line 3 column 3/);
  });
});
