// The schedule's rules as data, for core's refusal and the form's words beside each field.
import { describe, expect, it } from 'vitest';
import { eventFileIssues } from '../../src/shared/event-check.js';
import { SEED_EVENT } from '../core/helpers.js';

describe('schedule rules', () => {
  it('finds nothing wrong with the seed 000 schedule', () => {
    expect(eventFileIssues(SEED_EVENT)).toEqual([]);
  });

  it('reports every problem at its field, a slot inside a long one included', () => {
    const f = structuredClone(SEED_EVENT);
    f.stations.push({ code: 'B', room: '7-120' });
    f.slots[0] = { ...f.slots[0]!, start: '09:00', end: '12:00' }; // A 09:00-12:00 swallows slots 1 and 2
    f.slots[3]!.station = 'Q';
    f.slots[4]!.end = '14:00'; // 14:15-14:00
    const got = eventFileIssues(f).map((i) => [i.path.join('.'), i.issue]);
    expect(got).toEqual([
      ['stations.2.code', 'duplicate-station'],
      ['slots.3.station', 'unknown-station'],
      ['slots.4.end', 'end-not-after-start'],
      ['slots.1.start', 'overlap'],
      ['slots.2.start', 'overlap'],
    ]);
    expect(eventFileIssues(f).find((i) => i.path.join('.') === 'slots.2.start')).toMatchObject({ other: 0, otherStart: '09:00', otherEnd: '12:00', station: 'A' });
  });

  it('lets colleges share a time at one station, and refuses a partial overlap or a college twice in one time', () => {
    const f = structuredClone(SEED_EVENT);
    f.slots.push({ station: 'B', college: '机电学院', start: '09:00', end: '10:30' }); // shares 理学院's time at B
    expect(eventFileIssues(f)).toEqual([]);
    f.slots.push({ station: 'B', college: '理学院', start: '09:00', end: '10:30' });
    f.slots.push({ station: 'B', college: '化学院', start: '09:00', end: '10:00' });
    expect(eventFileIssues(f).map((i) => [i.path.join('.'), i.issue])).toEqual([
      ['slots.16.college', 'college-twice'],
      ['slots.17.start', 'overlap'],
    ]);
  });
});
