// The event editor's model, pure so its rules are tested: the form's rows, the
// event file they make, and every problem of that file placed at a form field.
// A form slot may hold several colleges at one station and time (the notices
// share a slot: 理学院+机电学院); the file lists one slot per college with the
// same time, which is how the kiosk stores and returns a shared slot.
import { eventFileIssues } from '../../shared/event-check.js';
import { EventFileSchema, schemaIssues, type FieldIssue } from '../../shared/schemas.js';
import type { EventInfo } from '../../shared/types.js';

export interface StationRow {
  /** Stable across edits, for React keys. */
  key: number;
  code: string;
  room: string;
}
export interface SlotRow {
  key: number;
  station: string;
  colleges: string[];
  start: string;
  end: string;
}
export interface EventForm {
  name: string;
  date: string;
  /** As typed: a number of yuan, or '' while empty. */
  fee: string;
  stations: StationRow[];
  slots: SlotRow[];
}

/** The event file the form makes, and for each of its slots the form row and college it came from. */
export interface FormFile {
  file: {
    name: string;
    date: string;
    feeYuan: number;
    stations: { code: string; room: string }[];
    slots: { station: string; college: string; start: string; end: string }[];
  };
  /** file.slots[i] came from form.slots[origin[i].row], college origin[i].college. */
  origin: { row: number; college: number }[];
}

let nextKey = 1;
const key = () => nextKey++;

export const LETTERS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));

export function emptyForm(): EventForm {
  return { name: '', date: '', fee: '', stations: [{ key: key(), code: 'A', room: '' }], slots: [] };
}

/** A new station row with the next letter no row uses yet. */
export function newStation(form: EventForm): StationRow {
  return { key: key(), code: LETTERS.find((l) => !form.stations.some((s) => s.code === l)) ?? 'Z', room: '' };
}

const toMinutes = (hhmm: string): number | null => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};
const fromMinutes = (n: number): string => {
  const c = Math.max(0, Math.min(23 * 60 + 59, n));
  return `${String(Math.floor(c / 60)).padStart(2, '0')}:${String(c % 60).padStart(2, '0')}`;
};

/** A new slot row that follows the last one at its station: starts when it ends, 30 minutes long. */
export function newSlot(form: EventForm): SlotRow {
  const last = form.slots[form.slots.length - 1];
  const station = last?.station ?? form.stations[0]?.code ?? 'A';
  const start = last?.end && toMinutes(last.end) !== null ? last.end : '09:00';
  return { key: key(), station, colleges: [''], start, end: fromMinutes((toMinutes(start) ?? 540) + 30) };
}

/**
 * Slots of one station with the same start and end are one form row with
 * several colleges: the shape EventInfo.slots gives a shared slot back in.
 */
function groupSlots(slots: readonly { station: string; college: string; start: string; end: string }[]): SlotRow[] {
  const rows: SlotRow[] = [];
  for (const s of slots) {
    const same = rows.find((r) => r.station === s.station && r.start === s.start && r.end === s.end);
    if (same) same.colleges.push(s.college);
    else rows.push({ key: key(), station: s.station, colleges: [s.college], start: s.start, end: s.end });
  }
  return rows;
}

export function formFromEvent(ev: EventInfo | null): EventForm {
  if (!ev) return emptyForm();
  return {
    name: ev.name,
    date: ev.date,
    fee: String(ev.feeYuan),
    stations: ev.stations.map((s) => ({ key: key(), code: s.code, room: s.room })),
    slots: groupSlots(ev.slots),
  };
}

/** 9:00 as the notices write it becomes 09:00, the only form a time field shows. */
const hhmm = (t: string): string => (/^\d:\d\d$/.test(t.trim()) ? `0${t.trim()}` : t.trim());

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * A picked .json event file into the form, leniently: whatever it holds is
 * shown so the secretary can fix it in the form. A slot may name `college` or
 * `colleges`. null when it is not an object at all.
 */
export function formFromJson(json: unknown): EventForm | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : []);
  const flat = list(o.slots).flatMap((s) => {
    const colleges = Array.isArray(s.colleges) ? s.colleges.map(text) : [text(s.college)];
    return colleges.map((college) => ({ station: text(s.station), college, start: hhmm(text(s.start)), end: hhmm(text(s.end)) }));
  });
  return {
    name: text(o.name),
    date: text(o.date),
    fee: text(o.feeYuan),
    stations: list(o.stations).map((s) => ({ key: key(), code: text(s.code), room: text(s.room) })),
    slots: groupSlots(flat),
  };
}

/** The fee as a number of yuan; NaN for what is not one (the schema then names the field). */
const feeOf = (fee: string): number => (fee.trim() === '' ? Number.NaN : Number(fee.trim()));

export function fileFromForm(form: EventForm): FormFile {
  const origin: FormFile['origin'] = [];
  const slots: FormFile['file']['slots'] = [];
  form.slots.forEach((s, row) => {
    s.colleges.forEach((college, c) => {
      slots.push({ station: s.station, college: college.trim(), start: s.start, end: s.end });
      origin.push({ row, college: c });
    });
  });
  return {
    file: {
      name: form.name.trim(),
      date: form.date,
      feeYuan: feeOf(form.fee),
      stations: form.stations.map((s) => ({ code: s.code.trim().toUpperCase(), room: s.room.trim() })),
      slots,
    },
    origin,
  };
}

/**
 * An issue of the file at the form's field: `slots.3.college` of the file is the
 * second college of form slot 2 → `slots.2.colleges.1`; another slot it names
 * (`other`) becomes that slot's form row. Form paths are what the editor keys its messages by.
 */
export function issueAtForm(issue: FieldIssue, origin: FormFile['origin']): FieldIssue {
  const [list, index, field, ...rest] = issue.path;
  if (list !== 'slots' || typeof index !== 'number') return issue;
  const from = origin[index];
  if (!from) return issue;
  const other = typeof issue.other === 'number' ? origin[issue.other]?.row : undefined;
  const path: (string | number)[] = field === 'college' ? ['slots', from.row, 'colleges', from.college, ...rest] : field === undefined ? ['slots', from.row] : ['slots', from.row, field, ...rest];
  return { ...issue, path, ...(other !== undefined ? { other } : {}) };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Every problem of the form, each at its form field: the schema's, and the
 * schedule's rules at once (not only once the schema passes), so a slot ending
 * before it starts shows while the name is still empty. A rule is not applied
 * to a slot whose times are not times yet: the schema already speaks for it.
 */
export function formIssues(form: EventForm): FieldIssue[] {
  const { file, origin } = fileFromForm(form);
  const parsed = EventFileSchema.safeParse(file);
  if (parsed.success) return dedupe(eventFileIssues(parsed.data).map((i) => issueAtForm(i, origin)));
  const timed = (i: number | undefined) => i === undefined || (TIME.test(file.slots[i]?.start ?? '') && TIME.test(file.slots[i]?.end ?? ''));
  const rules = eventFileIssues(file).filter((i) => i.path[0] !== 'slots' || (timed(Number(i.path[1])) && timed(typeof i.other === 'number' ? i.other : undefined)));
  // An empty date or time field has not been filled in, rather than filled in wrong.
  const schema = schemaIssues(parsed.error).map((i) => (i.issue === 'format' && valueAt(file, i.path) === '' ? { ...i, issue: 'required' } : i));
  return dedupe([...schema, ...rules].map((i) => issueAtForm(i, origin)));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, p) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[p] : undefined), root);
}

/** One message per field and kind: a row of three colleges overlapping another row says so once. */
function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path.join('.')}|${i.issue}|${String(i.other ?? '')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The event file to download: the form's file, pretty-printed. */
export function eventFileText(form: EventForm): string {
  return `${JSON.stringify(fileFromForm(form).file, null, 2)}\n`;
}
