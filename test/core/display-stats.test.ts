import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { estimateWaitMinutes, orderBySchedule, PACE_WINDOW, paceSeconds } from '../../src/core/display.js';
import { feeTotals } from '../../src/core/fees.js';
import { openDb } from '../../src/db/connection.js';
import { SEED_EVENT, at, client, tmpDbFile } from './helpers.js';

const admin = { actor: 'admin', pin: '1234' };
const desk = { actor: 'desk' };
const caller = { actor: 'caller:B' };

let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

describe('display and stats', () => {
  it('takes the pace as the median of the last photographed intervals, none until three are seen', () => {
    const iso = (...ds: Date[]) => ds.map((d) => d.toISOString());
    expect(paceSeconds([])).toBeNull();
    expect(paceSeconds(iso(at(9, 0)))).toBeNull();
    // Two intervals are not yet a pace.
    expect(paceSeconds(iso(at(9, 0), at(9, 2), at(9, 4)))).toBeNull();
    // gaps 2, 2, 10 minutes: the long one does not swing the median (unsorted input is fine).
    expect(paceSeconds(iso(at(9, 14), at(9, 0), at(9, 4), at(9, 2)))).toBe(120);
    // Moving: only the last PACE_WINDOW intervals count (12 slow ones at 10 min, then 10 quick ones at 1 min).
    const slow = Array.from({ length: 12 }, (_, i) => new Date(at(7, 0).getTime() + i * 600_000)); // 07:00 … 08:50
    const quick = Array.from({ length: PACE_WINDOW + 1 }, (_, i) => at(9, i)); // 09:00 … 09:10
    expect(paceSeconds(iso(...slow, ...quick))).toBe(60);
    expect(paceSeconds(iso(...slow))).toBe(600);
  });

  it('estimates the wait of the last in line from the pace, nothing without one', () => {
    expect(estimateWaitMinutes(null, 8)).toBeNull();
    expect(estimateWaitMinutes(120, 4)).toBe(8);
    expect(estimateWaitMinutes(20, 1)).toBe(1); // never "about 0 minutes" while someone waits
    expect(estimateWaitMinutes(120, 0)).toBe(0);
  });

  it('shows calling, next five, recent, waiting and per-college progress; arrivals per 15 minutes', async () => {
    const file = tmpDbFile();
    let clock = at(9, 0);
    kiosk = await openKiosk({ dbFile: file, now: () => clock });
    const h = client(kiosk);
    await h.importEvent(structuredClone(SEED_EVENT), admin);
    const rows = ['学号,姓名,学院,已有照片', ...Array.from({ length: 9 }, (_, i) => `L${i + 1},理${i + 1},理学院,${i === 8 ? '是' : '否'}`), 'X1,信一,信息学院,否'];
    await h.importRoster({ fileName: 'r.csv', contentBase64: Buffer.from(rows.join('\n')).toString('base64') }, admin);
    for (let i = 1; i <= 8; i++) {
      clock = at(9, 2 * i); // 09:02 … 09:16: buckets 09:00 (7) and 09:15 (1)
      await h.checkIn({ studentId: `L${i}` }, desk);
    }
    for (let i = 0; i < 4; i++) {
      clock = at(9, 20 + 3 * i); // photographed 09:20, 09:23, 09:26, 09:29
      const t = await h.callNext({ station: 'B' }, caller);
      await h.photographed({ ticket: t.ticket }, caller);
    }
    clock = at(9, 30);
    await h.noShow({ ticket: (await h.callNext({ station: 'B' }, caller)).ticket }, caller);
    clock = at(9, 31);
    await h.callNext({ station: 'B' }, caller);

    const d = await h.getDisplay({}, desk);
    expect(d.eventName).toBe(SEED_EVENT.name);
    const b = d.stations.find((s) => s.station === 'B')!;
    expect(b).toEqual({
      station: 'B',
      room: '7-119',
      calling: '0006B',
      next: ['0007B', '0008B'],
      retakes: [],
      recent: ['0005B', '0004B', '0003B', '0002B', '0001B'],
      noShows: ['0005B'],
      waiting: 2,
      paceSeconds: 180, // gaps 3, 3, 3 minutes between the photographed
      estimatedWaitMinutes: 6, // × 2 waiting
    });
    expect(d.stations.find((s) => s.station === 'A')).toMatchObject({ calling: null, next: [], noShows: [], waiting: 0, paceSeconds: null, estimatedWaitMinutes: null });
    // At 09:31 理学院 is being photographed at B; 信息学院 comes at A after 材料 (10:30), so later.
    // L9 did not check in but has a photo on file: exempt, not absent (未到).
    expect(d.colleges).toEqual([
      { college: '理学院', onRoster: 9, checkedIn: 8, photographed: 4, exempt: 1, absent: 0, phase: 'running', slot: { station: 'B', room: '7-119', start: '09:00', end: '10:30' } },
      { college: '信息学院', onRoster: 1, checkedIn: 0, photographed: 0, exempt: 0, absent: 1, phase: 'later', slot: { station: 'A', room: '7-115', start: '13:00', end: '14:15' } },
    ]);

    const stats = await h.getStats({}, desk);
    // Statistics keep the plain per-college table, in name order.
    expect(stats.colleges).toEqual([...d.colleges].reverse().map(({ phase: _p, slot: _s, ...c }) => c));
    expect(stats.stations).toEqual([
      { code: 'A', room: '7-115' },
      { code: 'B', room: '7-119' },
    ]);
    expect(stats.arrivals).toEqual([
      { bucket: at(9, 0).toISOString(), station: 'B', count: 7 },
      { bucket: at(9, 15).toISOString(), station: 'B', count: 1 },
    ]);
    await h.setFeeStatus({ ticket: '0001B', feeStatus: 'paid' }, desk);
    await kiosk.close();
    kiosk = undefined;
    const db = openDb(file);
    // fees as the notices count them: 3 photographed (one paid) is what 理学院 hands over; 5 still in the queue; L9 exempt
    const none = { photographed: 0, chargeable: 0, paid: 0, unpaid: 0, notPhotographed: 0, notPhotographedPaid: 0, exempt: 0, paidFen: 0, dueFen: 0 };
    expect(feeTotals(db, 1)).toEqual({
      feeFen: 2000,
      colleges: [
        { college: '信息学院', ...none },
        { college: '理学院', photographed: 4, chargeable: 4, paid: 1, unpaid: 3, notPhotographed: 4, notPhotographedPaid: 0, exempt: 1, paidFen: 2000, dueFen: 8000 },
      ],
    });
    db.close();
  });
});

describe('colleges on the waiting-room display', () => {
  const rooms: Record<string, string> = { A: '7-115', B: '7-119' };
  const slots = SEED_EVENT.slots.map((s) => ({ ...s, room: rooms[s.station] ?? '' }));
  const progress = (...colleges: string[]) => colleges.map((college) => ({ college, onRoster: 10, checkedIn: 0, photographed: 0, exempt: 0, absent: 10 }));
  const all = [...new Set(SEED_EVENT.slots.map((s) => s.college))];

  it('puts the colleges being photographed first, then the next at each station, then the schedule', () => {
    // Progress arrives sorted by character code; the display must not keep that order.
    const got = orderBySchedule(progress(...[...all].sort(), '继续教育学院'), slots, '10:45');
    expect(got.slice(0, 4).map((c) => [c.college, c.phase, c.slot?.room])).toEqual([
      ['材料科学与工程学院', 'running', '7-115'],
      ['艺术与设计学院', 'running', '7-119'],
      ['服装学院', 'next', '7-115'],
      ['生命科学与医药学院', 'next', '7-119'],
    ]);
    expect(got.slice(4, 7).map((c) => [c.college, c.phase, c.slot?.start])).toEqual([
      ['信息学院', 'later', '13:00'],
      ['机械与自动控制学院', 'later', '13:00'],
      ['建筑工程学院', 'later', '14:15'],
    ]);
    // Finished ones in schedule order, a college without a slot last.
    expect(got.slice(-3).map((c) => [c.college, c.phase])).toEqual([
      ['纺织科学与工程学院（国际丝绸学院）', 'done'],
      ['理学院', 'done'],
      ['继续教育学院', 'unscheduled'],
    ]);
    expect(got).toHaveLength(all.length + 1);
  });

  it('at the start of a slot the college runs; before the day every first slot is next', () => {
    expect(orderBySchedule(progress('服装学院'), slots, '11:40')[0]?.phase).toBe('running');
    expect(orderBySchedule(progress('理学院', '外国语学院', '纺织科学与工程学院（国际丝绸学院）'), slots, '07:30').map((c) => [c.college, c.phase])).toEqual([
      ['纺织科学与工程学院（国际丝绸学院）', 'next'],
      ['理学院', 'next'],
      ['外国语学院', 'later'],
    ]);
  });
});
