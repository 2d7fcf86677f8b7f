// Shared set-up for core tests: a real SQLite file in a temp dir, the schedule of the 000 notice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDigit } from '../../src/shared/id-number.js';
import type { AppError } from '../../src/shared/errors.js';
import type { EventFile } from '../../src/shared/schemas.js';
import type { SlotInfo } from '../../src/shared/types.js';

export const tmpDir = (prefix = 'sq-core-') => mkdtempSync(join(tmpdir(), prefix));
export const tmpDbFile = () => join(tmpDir(), 'day.db');

/** The schedule of the 000 notice (浙江理工大学 2021届研究生, 2020-12-21; docs/the-day.md) as an event file (docs/interfaces.md §1.3); one college per slot. */
export const SEED_EVENT: Omit<EventFile, 'slots'> & { slots: SlotInfo[] } = {
  name: '2021届研究生毕业图像采集',
  date: '2020-12-21',
  feeYuan: 20,
  stations: [
    { code: 'A', room: '7-115' },
    { code: 'B', room: '7-119' },
  ],
  slots: [
    { station: 'A', college: '纺织科学与工程学院（国际丝绸学院）', start: '09:00', end: '10:30' },
    { station: 'A', college: '材料科学与工程学院', start: '10:30', end: '11:40' },
    { station: 'A', college: '服装学院', start: '11:40', end: '12:40' },
    { station: 'A', college: '信息学院', start: '13:00', end: '14:15' },
    { station: 'A', college: '建筑工程学院', start: '14:15', end: '14:50' },
    { station: 'A', college: '经济管理学院', start: '14:50', end: '15:30' },
    { station: 'A', college: 'MBA教育中心', start: '15:30', end: '16:05' },
    { station: 'A', college: '新闻与传播学院', start: '16:05', end: '16:10' },
    { station: 'B', college: '理学院', start: '09:00', end: '10:30' },
    { station: 'B', college: '艺术与设计学院', start: '10:30', end: '11:40' },
    { station: 'B', college: '生命科学与医药学院', start: '11:40', end: '12:30' },
    { station: 'B', college: '机械与自动控制学院', start: '13:00', end: '15:25' },
    { station: 'B', college: '马克思主义学院', start: '15:25', end: '15:40' },
    { station: 'B', college: '外国语学院', start: '15:40', end: '15:50' },
    { station: 'B', college: '法政学院', start: '15:50', end: '16:20' },
  ],
};

/** Local time on the event day (routing compares the local time of day). */
export const at = (hh: number, mm = 0) => new Date(2020, 11, 21, hh, mm);

/** A valid GB 11643 number built from 17 digits. */
export function idNumber(first17: string): string {
  return first17 + (checkDigit(first17) ?? '');
}

import { opNames, type CallContext, type OpInput, type OpName, type OpOutput } from '../../src/shared/contract.js';
import type { Kiosk } from '../../src/core/kiosk.js';

/** Who a test call is: the role defaults to admin (everything allowed), the device to `test`. */
export type TestContext = Partial<CallContext> & { actor: string };
export type Client = { [K in OpName]: (input: OpInput<K>, ctx: TestContext) => Promise<OpOutput<K>> };

/** Every operation as a transport calls it: through the kiosk's one door (schema, guard, errors). */
export function client(kiosk: Kiosk): Client {
  const out = {} as Record<OpName, (input: unknown, ctx: TestContext) => Promise<unknown>>;
  for (const name of opNames) out[name] = (input, ctx) => kiosk.call(name, input, { role: 'admin', device: 'test', ...ctx });
  return out as unknown as Client;
}

/** The AppError a call rejects with; fails the test when it does not reject. */
export async function failure(p: unknown): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
}

/** The 000 notice's day (SEED_EVENT) with this roster CSV, imported as the admin with the default PIN. */
export async function seedDay(h: Client, rosterCsv: string): Promise<void> {
  const admin: TestContext = { actor: 'admin', pin: '1234' };
  await h.importEvent(structuredClone(SEED_EVENT), admin);
  await h.importRoster({ fileName: 'roster.csv', contentBase64: Buffer.from(rosterCsv).toString('base64') }, admin);
}
