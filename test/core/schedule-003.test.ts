// The schedule of the 003 notice (大连民族大学 2021届本科, 2020-11-26;
// docs/the-day.md) as the notice writes it: 4 photo groups on 2 campuses,
// slots shared by two colleges.
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { parseEventFile } from '../../src/core/events.js';
import { eventFileIssues } from '../../src/shared/event-check.js';
import { EventFileSchema } from '../../src/shared/schemas.js';
import { at003 as at, event003 } from '../fixtures/event-003.js';
import { client, failure, tmpDbFile, type TestContext } from './helpers.js';

const admin: TestContext = { actor: 'admin', pin: '1234' };
const desk: TestContext = { actor: 'desk' };

const ROSTER = [
  '学号,姓名,学院',
  '2017001,理一,理学院',
  '2017002,机一,机电学院（双D港校区）',
  '2017003,理二,理学院',
  '2017101,建一,建筑学院',
  '2017201,研一,研究生',
  '2017202,研二,研究生',
  '2017301,物一,物理与材料工程学院',
  '2017401,经一,经济管理学院',
].join('\n');

let kiosk: Kiosk | undefined;
let clock = at(11, 30);
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function day() {
  clock = at(11, 30);
  kiosk = await openKiosk({ dbFile: tmpDbFile(), now: () => clock });
  const h = client(kiosk);
  expect(await h.importEvent(event003(), admin)).toMatchObject({ stations: 4, slots: 15 });
  await h.importRoster({ fileName: 'roster.csv', contentBase64: Buffer.from(ROSTER).toString('base64') }, admin);
  return h;
}

describe('the 003 schedule as written', () => {
  it('imports 4 stations on two campuses; a shared slot shows as one SlotInfo per college with the same time', async () => {
    const h = await day();
    const ev = (await h.getEvent({}, desk))!;
    expect(ev).toMatchObject({ name: '2021届本科毕业生图像采集', date: '2020-11-26', feeYuan: 17 });
    expect(ev.stations.map((s) => s.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(ev.stations.filter((s) => s.room.startsWith('金石滩校区')).map((s) => s.code)).toEqual(['A', 'B']);
    expect(ev.stations.filter((s) => s.room.startsWith('开发区校区')).map((s) => s.code)).toEqual(['C', 'D']);
    expect(ev.slots).toHaveLength(17);
    expect(ev.slots.filter((s) => s.station === 'A' && s.start === '11:00')).toEqual([
      { station: 'A', college: '理学院', start: '11:00', end: '12:00' },
      { station: 'A', college: '机电学院（双D港校区）', start: '11:00', end: '12:00' },
    ]);
    expect(ev.slots.filter((s) => s.college === '研究生').map((s) => `${s.station} ${s.start}-${s.end}`)).toEqual(['B 10:50-12:00', 'D 11:00-12:00']);
    // The flattened list is itself a valid event file: it imports back as the same schedule.
    const again = await h.importEvent({ name: ev.name, date: ev.date, feeYuan: ev.feeYuan, stations: ev.stations, slots: ev.slots }, admin);
    expect(again).toMatchObject({ event: ev.id, slots: 17 });
    expect((await h.getEvent({}, desk))!.slots).toEqual(ev.slots);
  });

  it('colleges sharing a slot share the station queue in arrival order', async () => {
    const h = await day();
    const order = ['2017001', '2017002', '2017003'];
    const tickets = [];
    for (const sid of order) tickets.push(await h.checkIn({ studentId: sid }, desk));
    expect(tickets.map((t) => [t.ticket, t.college, t.outsideSlot])).toEqual([
      ['0001A', '理学院', false],
      ['0002A', '机电学院（双D港校区）', false],
      ['0003A', '理学院', false],
    ]);
    // Two slots of one time (建筑学院, 研究生 at B) work the same way.
    expect(await h.checkIn({ studentId: '2017201' }, desk)).toMatchObject({ ticket: '0001B', outsideSlot: false });
    expect(await h.checkIn({ studentId: '2017101' }, desk)).toMatchObject({ ticket: '0002B', outsideSlot: false });
  });

  it('a kiosk of one campus routes only to its stations (研究生 has a slot on each campus)', async () => {
    const h = await day();
    await h.updateSettings({ siteStations: ['D', 'C', 'D'] }, admin);
    expect((await h.getSettings({}, desk)).siteStations).toEqual(['C', 'D']);
    expect(await h.checkIn({ studentId: '2017201' }, desk)).toMatchObject({ ticket: '0001D', outsideSlot: false });
    expect(await h.checkIn({ studentId: '2017301' }, desk)).toMatchObject({ ticket: '0002D', outsideSlot: false });
    // 经济管理学院 has no slot on this campus: the first station here, flagged.
    expect(await h.checkIn({ studentId: '2017401' }, desk)).toMatchObject({ ticket: '0001C', outsideSlot: true });

    await h.updateSettings({ siteStations: ['A', 'B'] }, admin);
    expect(await h.checkIn({ studentId: '2017202' }, desk)).toMatchObject({ ticket: '0001B', outsideSlot: false });
    await h.updateSettings({ siteStations: ['Z'] }, admin);
    expect(await failure(h.checkIn({ studentId: '2017001' }, desk))).toMatchObject({ code: 'no-site-stations', details: { stations: 'Z' } });
  });

  it('one kiosk of both campuses sends 研究生 to the earlier of its two slots', async () => {
    const h = await day();
    expect(await h.checkIn({ studentId: '2017201' }, desk)).toMatchObject({ station: 'B', outsideSlot: false });
  });
});

describe('shared slots: what is refused', () => {
  const base = () => ({
    name: '共用时段',
    date: '2020-11-26',
    feeYuan: 17,
    stations: [{ code: 'A', room: '大学生活动中心' }, { code: 'B', room: '图书馆' }],
    slots: [] as Record<string, unknown>[],
  });

  it('"college" and "colleges" together, neither, or an empty list', () => {
    const both = base();
    both.slots.push({ station: 'A', college: '理学院', colleges: ['建筑学院'], start: '09:00', end: '10:00' });
    expect(() => parseEventFile(both, 'e.json')).toThrow('e.json: slots[0].college: expected "college" (one) or "colleges" (several), exactly one of the two');
    const neither = base();
    neither.slots.push({ station: 'A', start: '09:00', end: '10:00' });
    expect(() => parseEventFile(neither, 'e.json')).toThrow(/slots\[0\]\.college: expected "college" \(one\) or "colleges"/);
    const empty = base();
    empty.slots.push({ station: 'A', colleges: [], start: '09:00', end: '10:00' });
    expect(() => parseEventFile(empty, 'e.json')).toThrow('e.json: slots[0].colleges: expected at least one college');
  });

  it('a college twice in one time at a station, and a partial overlap (a typo, not a shared slot)', () => {
    const twice = base();
    twice.slots.push({ station: 'A', colleges: ['理学院', '理学院'], start: '09:00', end: '10:00' });
    expect(() => parseEventFile(twice)).toThrow(/slots\[0\]\.colleges: 理学院 is listed twice at station A 09:00-10:00$/);
    // The admin form finds the problem at its field (src/shared/event-check.ts).
    expect(eventFileIssues(EventFileSchema.parse(twice))).toEqual([
      { path: ['slots', 0, 'colleges', 1], issue: 'college-twice', station: 'A', college: '理学院', start: '09:00', end: '10:00', other: 0 },
    ]);
    const repeated = base();
    repeated.slots.push({ station: 'A', colleges: ['理学院', '建筑学院'], start: '09:00', end: '10:00' }, { station: 'A', college: '理学院', start: '09:00', end: '10:00' });
    expect(() => parseEventFile(repeated)).toThrow(/slots\[1\]\.college: 理学院 is listed twice at station A 09:00-10:00 \(also slots\[0\]\)/);
    const partial = base();
    partial.slots.push({ station: 'A', college: '理学院', start: '09:00', end: '10:30' }, { station: 'A', college: '建筑学院', start: '10:00', end: '11:00' });
    expect(() => parseEventFile(partial)).toThrow(/slots\[1\] \(建筑学院 10:00-11:00\) overlaps slots\[0\] \(理学院 09:00-10:30\) at station A; colleges sharing a station at one time need the same start and end/);
    // A shared slot overlapping partially is named by all its colleges.
    const sharedPartial = base();
    sharedPartial.slots.push({ station: 'A', colleges: ['理学院', '建筑学院'], start: '09:00', end: '10:30' }, { station: 'A', college: '研究生', start: '10:00', end: '11:00' });
    expect(() => parseEventFile(sharedPartial)).toThrow(/slots\[1\] \(研究生 10:00-11:00\) overlaps slots\[0\] \(理学院\+建筑学院 09:00-10:30\)/);
    // the same times at another station, or one after the other, are fine
    const fine = base();
    fine.slots.push(
      { station: 'A', college: '理学院', start: '09:00', end: '10:00' },
      { station: 'B', college: '理学院', start: '09:30', end: '10:30' },
      { station: 'A', college: '建筑学院', start: '09:00', end: '10:00' },
      { station: 'A', college: '研究生', start: '10:00', end: '11:00' },
    );
    expect(parseEventFile(fine).slots).toHaveLength(4);
  });
});
