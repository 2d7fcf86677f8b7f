// zod schemas for every input that crosses a boundary: CLI files, HTTP bodies, IPC.
import { z } from 'zod';
import { isValidIdNumber, normalizeIdNumber } from './id-number.js';
import { isTicketNo } from './ticket.js';

export const StationCodeSchema = z.string().regex(/^[A-Z]$/, 'expected one capital letter A-Z');
export const TicketNoSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine(isTicketNo, 'expected four digits then a station letter, like 0001A');
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const HHMMLoose = z
  .string()
  .transform((s) => (/^\d:\d\d$/.test(s) ? `0${s}` : s))
  .pipe(HHMM);

const CollegeName = z.string().trim().min(1, 'expected the college');
/**
 * One slot of the schedule. The notices share a slot between colleges
 * (理学院+机电学院): `"colleges": [...]`, or `"college"` for one; exactly one of the two.
 */
const SlotSchema = z
  .object({
    station: StationCodeSchema,
    college: CollegeName.optional(),
    colleges: z.array(CollegeName).min(1, 'expected at least one college').optional(),
    start: HHMMLoose,
    end: HHMMLoose,
  })
  .strict()
  .superRefine((slot, ctx) => {
    if ((slot.college === undefined) === (slot.colleges === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['college'], message: 'expected "college" (one) or "colleges" (several), exactly one of the two', params: { issue: 'college-or-colleges' } });
    }
  });

/** The event file (docs/interfaces.md §1.3). */
export const EventFileSchema = z
  .object({
    name: z.string().trim().min(1, 'expected the event name'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
    feeYuan: z.number().min(0, 'expected a fee of 0 or more').max(10000),
    stations: z
      .array(z.object({ code: StationCodeSchema, room: z.string().trim().min(1, 'expected the room') }))
      .min(1, 'expected at least one station'),
    slots: z.array(SlotSchema),
  })
  .strict();
export type EventFile = z.infer<typeof EventFileSchema>;
export type EventSlot = EventFile['slots'][number];

/** The colleges of a slot as written: `"college"` alone, or the `"colleges"` sharing it. */
export const slotColleges = (slot: EventSlot): string[] => slot.colleges ?? (slot.college !== undefined ? [slot.college] : []);

export const Empty = z.object({}).strict();
export const StationRef = z.object({ station: StationCodeSchema }).strict();
export const TicketRef = z.object({ ticket: TicketNoSchema }).strict();
/** A ticket's public code as it arrives in a URL; any other string is simply not found. */
export const PublicCodeRef = z.object({ code: z.string().max(200) }).strict();

const StudentIdSchema = z
  .string()
  .trim()
  .min(1, 'expected a student ID')
  .max(40)
  // An ID number sent as a student ID would be kept whole (walk-in, audit): refused.
  .refine((s) => !isValidIdNumber(normalizeIdNumber(s)), 'this is an ID number, not a student ID; send it as idNumber with the name');
const CheckInExtras = {
  /** What a 2D scanner typed (学信网 采集码), kept with the check-in. */
  scannedCode: z.string().max(2000).optional(),
  method: z.enum(['card', 'manual', 'wedge', 'scan']).optional(),
};
/** POST /api/checkins: by student ID (forgot card) or by what a card gave. */
export const CheckInInput = z.union([
  z.object({ studentId: StudentIdSchema, ...CheckInExtras }).strict(),
  z
    .object({
      idNumber: z.string().trim().min(15).max(18),
      name: z.string().trim().min(1, 'expected the name').max(60),
      ...CheckInExtras,
    })
    .strict(),
]);
export type CheckInInput = z.infer<typeof CheckInInput>;

const ConfirmMethodSchema = z.enum(['card', 'manual', 'wedge', 'scan']).optional();
/**
 * POST /api/stations/A/confirm: who sits in front of the camera, by a card read
 * there (`idNumber` + `name`; a wedge reader may type the number alone) or a
 * student ID typed or scanned at the tablet.
 */
export const ConfirmInput = z.union([
  z.object({ station: StationCodeSchema, studentId: StudentIdSchema, method: ConfirmMethodSchema }).strict(),
  z
    .object({
      station: StationCodeSchema,
      idNumber: z.string().trim().min(15).max(18),
      name: z.string().trim().max(60).optional(),
      method: ConfirmMethodSchema,
    })
    .strict(),
]);
export type ConfirmInput = z.infer<typeof ConfirmInput>;
/** 需重拍: a photographed ticket goes back to its station's queue, right after the current one. */
export const RetakeInput = z.object({ ticket: TicketNoSchema, reason: z.string().trim().max(200).optional() }).strict();
/** A desk at another door (`reader forward --desk 东门`): shown in `#/desk/<name>` and in the audit actor `desk:<name>`. */
export const DeskNameSchema = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}_-]{1,24}$/u, 'expected a desk name of 1 to 24 letters, digits, - or _');
export const DeskRef = z.object({ desk: DeskNameSchema }).strict();
/** The forwarder's idempotency key of one card read: the server answers a key it saw from its record. */
export const ReadKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'expected a read key of 16 to 64 letters, digits, - or _');
const CardFacts = {
  idNumber: z.string().trim().min(15).max(18),
  name: z.string().trim().min(1, 'expected the name').max(60),
};
export const SealedCardSchema = z.object(CardFacts).strict();
const ForwardedRead = {
  desk: DeskNameSchema,
  key: ReadKeySchema,
  /** When the card was on the reader (the forwarder's clock). */
  readAt: z.iso.datetime({ offset: true }).optional(),
  /** The read waited on the forwarder's disk because the server could not be reached. */
  late: z.boolean().optional(),
  idNumberValid: z.boolean().optional(),
};
/** POST /api/desks/:desk/cards: a card read at another door, sealed to this kiosk (src/core/desk-seal.ts) or in clear. */
export const ForwardCardInput = z.union([
  z.object({ ...ForwardedRead, sealed: z.string().min(1).max(4000) }).strict(),
  z.object({ ...ForwardedRead, ...CardFacts }).strict(),
]);
export type ForwardCardInput = z.infer<typeof ForwardCardInput>;
/** PUT /api/desks/:desk/status: what the forwarder reports of itself. */
export const DeskStatusInput = z
  .object({
    desk: DeskNameSchema,
    pending: z.number().int().min(0).max(1_000_000),
    failed: z.number().int().min(0).max(1_000_000).optional(),
    reader: z.object({ state: z.enum(['ok', 'absent', 'disconnected', 'error', 'none']), message: z.string().max(300) }).strict(),
  })
  .strict();

export const SearchInput = z.object({ query: z.string().max(100) }).strict();
export const RosterUpload = z
  .object({ fileName: z.string().min(1).max(255), contentBase64: z.string().max(70_000_000) })
  .strict();
/** A roster file to preview; `rows`: how many of its first data rows to show (default 20). */
export const RosterPreviewInput = z
  .object({ fileName: z.string().min(1).max(255), contentBase64: z.string().max(70_000_000), rows: z.number().int().min(0).max(500).optional() })
  .strict();
export const RosterTemplateInput = z.object({ format: z.enum(['csv', 'xlsx']) }).strict();
/** The reader test: how long to wait for a card, in seconds (default 20). */
export const ReaderTestInput = z.object({ seconds: z.number().int().min(1).max(60).optional() }).strict();
export const SignatureInput = z
  .object({ ticket: TicketNoSchema, svgPath: z.string().min(1).max(200_000) })
  .strict();
export const CancelInput = z.object({ ticket: TicketNoSchema, reason: z.string().max(200).optional() }).strict();
export const FeeInput = z.object({ ticket: TicketNoSchema, feeStatus: z.enum(['paid', 'unpaid', 'exempt']) }).strict();
export const SettingsPatch = z
  .object({
    walkInsAllowed: z.boolean(),
    deskStation: StationCodeSchema.nullable(),
    siteStations: z
      .array(StationCodeSchema)
      .max(26)
      .transform((codes) => [...new Set(codes)].sort()),
    voiceRepeats: z.number().int().min(1).max(5),
    feeDefault: z.enum(['paid', 'unpaid']),
    deskIdleSeconds: z.number().int().min(3).max(600),
    readerTarget: z.string().max(200),
    printerTarget: z.string().max(300),
    paperWidth: z.union([z.literal(58), z.literal(80)]),
    requireConfirm: z.boolean(),
    /** The new admin PIN; the current one travels in the call context like every PIN. */
    adminPin: z.string().regex(/^\d{4,32}$/, 'expected 4 to 32 digits'),
  })
  .partial()
  .strict();
export const ExportInput = z
  .object({
    kind: z.enum(['signin-sheet', 'attendance-csv', 'attendance-xlsx', 'fees-pdf', 'fees-xlsx', 'absentees-pdf', 'absentees-xlsx', 'audit-csv']),
    college: z.string().max(100).optional(),
    /** signin-sheet: add the roster students who did not check in, marked 缺席 (a query string carries "true"). */
    allStudents: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
  })
  .strict();

type ZodIssue = z.core.$ZodIssue;

/**
 * zod's union failure says only "Invalid input": keep the closest branch's
 * issues instead (fewest), with the union's path in front. A union of literals
 * (paper width 58 | 80) becomes one issue listing every allowed value.
 */
function flattenIssues(issues: readonly ZodIssue[], prefix: PropertyKey[] = []): ZodIssue[] {
  return issues.flatMap((i): ZodIssue[] => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      const only = i.errors.map((branch) => (branch.length === 1 && branch[0]?.code === 'invalid_value' && branch[0].path.length === 0 ? branch[0] : null));
      if (only.every((b) => b !== null)) {
        return [{ code: 'invalid_value', values: only.flatMap((b) => b?.values ?? []), path, message: `expected one of ${only.flatMap((b) => b?.values ?? []).join(', ')}` } as ZodIssue];
      }
      const best = i.errors.reduce((a, b) => (b.length < a.length ? b : a));
      return flattenIssues(best, path);
    }
    return [{ ...i, path } as ZodIssue];
  });
}

/** What is wrong with one field, as a code the renderer words in Chinese (src/renderer/lib/issue-words.ts). */
export type SchemaIssueCode =
  | 'required'
  | 'type'
  | 'format'
  | 'too-small'
  | 'too-big'
  | 'too-short'
  | 'too-long'
  | 'too-few'
  | 'too-many'
  | 'unknown-key'
  | 'choice'
  | 'invalid';

/**
 * One problem of an input, as data: where (the JSON path, `["slots", 1, "start"]`)
 * and what (a short code) with its parameters. Errors carry these in `details.issues`
 * so a screen can word them and put them next to the field.
 */
export interface FieldIssue {
  path: (string | number)[];
  /** A SchemaIssueCode, or a check's own code (src/shared/event-check.ts). */
  issue: string;
  [param: string]: unknown;
}

const pathOf = (path: readonly PropertyKey[]): (string | number)[] => path.map((p) => (typeof p === 'number' ? p : String(p)));

function issueOf(i: ZodIssue): FieldIssue {
  const path = pathOf(i.path);
  switch (i.code) {
    case 'invalid_type':
      return /received undefined$/.test(i.message) ? { path, issue: 'required' } : { path, issue: 'type', expected: i.expected };
    case 'too_small': {
      const minimum = Number(i.minimum);
      if (i.origin === 'string') return minimum <= 1 ? { path, issue: 'required' } : { path, issue: 'too-short', minimum };
      if (i.origin === 'array' || i.origin === 'set') return { path, issue: 'too-few', minimum };
      return { path, issue: 'too-small', minimum };
    }
    case 'too_big': {
      const maximum = Number(i.maximum);
      if (i.origin === 'string') return { path, issue: 'too-long', maximum };
      if (i.origin === 'array' || i.origin === 'set') return { path, issue: 'too-many', maximum };
      return { path, issue: 'too-big', maximum };
    }
    case 'invalid_format':
      return { path, issue: 'format' };
    case 'unrecognized_keys':
      return { path, issue: 'unknown-key', keys: i.keys };
    case 'invalid_value':
      return { path, issue: 'choice', values: i.values.map(String) };
    case 'custom': {
      const own = (i.params as { issue?: unknown } | undefined)?.issue;
      return { path, issue: typeof own === 'string' ? own : 'invalid' };
    }
    default:
      return { path, issue: 'invalid' };
  }
}

/** The issues of a zod failure as data, for `details.issues` of a `bad-request`. */
export function schemaIssues(err: z.ZodError): FieldIssue[] {
  return flattenIssues(err.issues).map(issueOf);
}

/**
 * Formats a zod error as `slots[3].start: expected HH:MM` parts (the CLI and
 * logs), e.g. `studentId: expected string, received number`.
 */
export function describeZodError(err: z.ZodError): string {
  return flattenIssues(err.issues)
    .map((i) => ({ path: i.path, message: i.message.replace(/^Invalid input: /, '') }))
    .map((i) => {
      const path = i.path.reduce<string>(
        (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
        '',
      );
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
