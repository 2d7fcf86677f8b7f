// The event editor's model: rows in, an event file out that the kiosk imports,
// and every problem placed at the form field it is about, in the form's numbering.
import { describe, expect, it } from 'vitest';
import { parseEventFile } from '../../src/core/events.js';
import { fileFromForm, formFromEvent, formFromJson, formIssues, newSlot, newStation, type EventForm } from '../../src/renderer/lib/event-form.js';
import { issueText } from '../../src/renderer/lib/issue-words.js';
import type { EventInfo } from '../../src/shared/types.js';
import { SEED_EVENT } from '../core/helpers.js';

const seedInfo = (): EventInfo => ({ id: 1, ...structuredClone(SEED_EVENT) });
const paths = (f: EventForm) => formIssues(f).map((i) => `${i.path.join('.')} ${i.issue}`);

describe('event form', () => {
  it('shows the seed 000 schedule row by row and gives back a file the kiosk accepts unchanged', () => {
    const form = formFromEvent(seedInfo());
    expect(form.slots).toHaveLength(15);
    expect(form.fee).toBe('20');
    expect(formIssues(form)).toEqual([]);
    expect(parseEventFile(fileFromForm(form).file)).toEqual(SEED_EVENT);
  });

  it('holds colleges sharing a station and time as one row, and writes one slot per college', () => {
    const ev = seedInfo();
    ev.slots.splice(9, 0, { station: 'B', college: '机电学院', start: '09:00', end: '10:30' });
    const form = formFromEvent(ev);
    expect(form.slots).toHaveLength(15);
    expect(form.slots.find((s) => s.colleges.includes('理学院'))?.colleges).toEqual(['理学院', '机电学院']);
    const { file } = fileFromForm(form);
    expect(file.slots.filter((s) => s.start === '09:00' && s.station === 'B').map((s) => s.college)).toEqual(['理学院', '机电学院']);
    expect(formIssues(form)).toEqual([]);
  });

  it('reads a .json file naming several colleges in one slot, and an odd one leniently', () => {
    const form = formFromJson({ name: 'x', date: '2021-06-01', feeYuan: 15, stations: [{ code: 'A', room: '综合楼' }], slots: [{ station: 'A', colleges: ['理学院', '机电学院'], start: '8:00', end: '11:30' }] });
    expect(form?.slots).toMatchObject([{ station: 'A', colleges: ['理学院', '机电学院'], start: '08:00', end: '11:30' }]);
    expect(form && formIssues(form)).toEqual([]);
    expect(formFromJson([1, 2])).toBeNull();
    expect(formFromJson({ stations: 'no' })).toMatchObject({ name: '', stations: [], slots: [] });
  });

  it('places each problem at its form field, in the form numbering', () => {
    const form = formFromEvent(seedInfo());
    form.name = '';
    form.fee = '';
    form.stations[1]!.room = ' ';
    form.slots[0]!.colleges.push(''); // an empty second college in row 1
    form.slots[1]!.colleges.push('材料科学与工程学院'); // the same college twice in row 2
    form.slots[3]!.end = '12:00'; // before its 13:00 start: said at once, while the name is still empty
    expect(paths(form)).toEqual(['name required', 'feeYuan type', 'stations.1.room required', 'slots.0.colleges.1 required', 'slots.3.end end-not-after-start', 'slots.1.colleges.1 college-twice']);
    form.name = 'x';
    form.fee = '0';
    form.stations[1]!.room = '7-119';
    form.slots[0]!.colleges.pop();
    form.slots[3]!.end = '14:15';
    expect(paths(form)).toEqual(['slots.1.colleges.1 college-twice']);
    form.slots[1]!.colleges.pop();
    form.slots[2]!.start = '11:00'; // row 3 now starts inside row 2 (10:30-11:40)
    const overlap = formIssues(form);
    expect(overlap.map((i) => i.path.join('.'))).toEqual(['slots.2.start']);
    expect(issueText(overlap[0]!)).toMatch(/^第 3 个时段：与第 2 个时段（材料科学与工程学院 10:30–11:40）在 A 号拍摄点的时间部分重叠/);
  });

  it('adds a station with the next free letter and a slot that follows the last', () => {
    const form = formFromEvent(seedInfo());
    expect(newStation(form).code).toBe('C');
    expect(newSlot(form)).toMatchObject({ station: 'B', start: '16:20', end: '16:50', colleges: [''] });
    expect(newSlot(formFromEvent(null))).toMatchObject({ station: 'A', start: '09:00', end: '09:30' });
  });
});
