// The rules of a schedule beyond its schema, once for core (which refuses the
// file) and the admin page's form (which shows each problem next to its
// field): a station listed once, every slot at a listed station and ending
// after it starts, and no two slots of one station overlapping.
import type { EventFile, FieldIssue } from './schemas.js';

export type EventIssue = FieldIssue &
  (
    | { issue: 'duplicate-station'; station: string }
    | { issue: 'unknown-station'; station: string; stations: string[] }
    | { issue: 'end-not-after-start'; start: string; end: string }
    | {
        issue: 'overlap';
        station: string;
        college: string;
        start: string;
        end: string;
        /** The index of the earlier slot it overlaps. */
        other: number;
        otherCollege: string;
        otherStart: string;
        otherEnd: string;
      }
  );

/** Every problem of a schedule that passed the schema, in file order; empty when it is sound. */
export function eventFileIssues(file: EventFile): EventIssue[] {
  const issues: EventIssue[] = [];
  const codes: string[] = [];
  file.stations.forEach((s, i) => {
    if (codes.includes(s.code)) issues.push({ path: ['stations', i, 'code'], issue: 'duplicate-station', station: s.code });
    else codes.push(s.code);
  });
  file.slots.forEach((s, i) => {
    if (!codes.includes(s.station)) issues.push({ path: ['slots', i, 'station'], issue: 'unknown-station', station: s.station, stations: [...codes] });
    if (s.end <= s.start) issues.push({ path: ['slots', i, 'end'], issue: 'end-not-after-start', start: s.start, end: s.end });
  });
  for (const code of codes) {
    // A backwards slot is reported above; it would only add noise here.
    const slots = file.slots
      .map((s, i) => ({ ...s, i }))
      .filter((s) => s.station === code && s.end > s.start)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.i - b.i));
    // Against the slot reaching latest so far, so a long slot is caught by every slot inside it.
    let prev = slots[0];
    for (const cur of slots.slice(1)) {
      if (prev && cur.start < prev.end) {
        issues.push({
          path: ['slots', cur.i, 'start'],
          issue: 'overlap',
          station: code,
          college: cur.college,
          start: cur.start,
          end: cur.end,
          other: prev.i,
          otherCollege: prev.college,
          otherStart: prev.start,
          otherEnd: prev.end,
        });
      }
      if (!prev || cur.end > prev.end) prev = cur;
    }
  }
  return issues;
}
