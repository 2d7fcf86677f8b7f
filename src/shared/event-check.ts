// The rules of a schedule beyond its schema, once for core (which refuses the
// file) and the admin page's form (which shows each problem next to its
// field): a station listed once, every slot at a listed station and ending
// after it starts. Slots of one station that overlap must share their time
// exactly: their colleges then share the station's queue in arrival order (the
// notices' 理学院+机电学院); a partial overlap is a typo, and so is a college
// twice in one time.
import { slotColleges, type EventFile, type FieldIssue } from './schemas.js';

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
    | { issue: 'college-twice'; station: string; college: string; start: string; end: string; other: number }
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
    // One slot naming a college twice ("colleges": ["理学院", "理学院"]).
    const names = slotColleges(s);
    names.forEach((college, k) => {
      if (names.indexOf(college) !== k) issues.push({ path: ['slots', i, 'colleges', k], issue: 'college-twice', station: s.station, college, start: s.start, end: s.end, other: i });
    });
    if (!codes.includes(s.station)) issues.push({ path: ['slots', i, 'station'], issue: 'unknown-station', station: s.station, stations: [...codes] });
    if (s.end <= s.start) issues.push({ path: ['slots', i, 'end'], issue: 'end-not-after-start', start: s.start, end: s.end });
  });
  for (const code of codes) {
    // A backwards slot is reported above; it would only add noise here.
    const slots = file.slots
      .map((s, i) => ({ ...s, i, names: slotColleges(s) }))
      .filter((s) => s.station === code && s.end > s.start)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.i - b.i));
    const reported = new Set<number>();
    for (let k = 0; k < slots.length; k++) {
      for (let m = k + 1; m < slots.length; m++) {
        const a = slots[k]!;
        const b = slots[m]!;
        if (b.start >= a.end) break; // sorted by start: nothing later overlaps a
        if (reported.has(b.i)) continue;
        if (a.start !== b.start || a.end !== b.end) {
          reported.add(b.i);
          issues.push({
            path: ['slots', b.i, 'start'],
            issue: 'overlap',
            station: code,
            college: b.names.join('+'),
            start: b.start,
            end: b.end,
            other: a.i,
            otherCollege: a.names.join('+'),
            otherStart: a.start,
            otherEnd: a.end,
          });
        } else {
          // Sharing a time is fine; sharing a college within it is a slip.
          const both = b.names.find((c) => a.names.includes(c));
          if (both !== undefined) {
            reported.add(b.i);
            issues.push({ path: ['slots', b.i, b.college !== undefined ? 'college' : 'colleges'], issue: 'college-twice', station: code, college: both, start: b.start, end: b.end, other: a.i });
          }
        }
      }
    }
  }
  return issues;
}
