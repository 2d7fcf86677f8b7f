// Two campus kiosks of the 003 day for the merge tests (core and CLI): 金石滩
// holds stations A and B, 开发区 C and D, each with its own roster and key.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { JINSHITAN, KAIFAQU, at003, event003 } from '../fixtures/event-003.js';
import { client, idNumber, tmpDir, type TestContext } from './helpers.js';

export const admin: TestContext = { actor: 'admin', pin: '1234' };
export const desk: TestContext = { actor: 'desk' };
export const ID_WALK_IN = idNumber('21021319990101003');

export const ROSTER_JINSHITAN = ['学号,姓名,学院', '2017001,理一,理学院', '2017002,机一,机电学院（双D港校区）', '2017003,理二,理学院', '2017201,研一,研究生', '2017501,经缺,经济管理学院'].join('\n');
export const ROSTER_KAIFAQU = ['学号,姓名,学院,已有照片', '2017201,研一,研究生,否', '2017301,物一,物理与材料工程学院,否', '2017302,物二,物理与材料工程学院,是', '2017601,信缺,信息与通信工程学院,否'].join('\n');

/** Kiosks still open; the caller closes them (afterEach) or `morning` does. */
export const kiosks: Kiosk[] = [];

export async function campus(file: string, stations: string[], roster: string) {
  const kiosk = await openKiosk({ dbFile: file, now: () => at003(11, 30) });
  kiosks.push(kiosk);
  const h = client(kiosk);
  await h.importEvent(event003(), admin);
  await h.importRoster({ fileName: 'roster.csv', contentBase64: Buffer.from(roster).toString('base64') }, admin);
  await h.updateSettings({ siteStations: stations }, admin);
  return { kiosk, h };
}

/** Two campus databases after a morning: 金石滩 holds A and B, 开发区 holds C and D. */
export async function morning() {
  const dir = tmpDir('sq-merge-');
  const jin = join(dir, 'jinshitan.db');
  const kai = join(dir, 'kaifaqu.db');
  const j = await campus(jin, JINSHITAN, ROSTER_JINSHITAN);
  expect((await j.h.checkIn({ studentId: '2017001' }, desk)).ticket).toBe('0001A');
  expect((await j.h.checkIn({ studentId: '2017002' }, desk)).ticket).toBe('0002A');
  await j.h.saveSignature({ ticket: '0001A', svgPath: 'M1 1 L20 20' }, desk);
  await j.h.setFeeStatus({ ticket: '0001A', feeStatus: 'paid' }, desk);
  await j.h.callNext({ station: 'A' }, desk);
  await j.h.photographed({ ticket: '0001A' }, desk);
  const k = await campus(kai, KAIFAQU, ROSTER_KAIFAQU);
  await k.h.updateSettings({ walkInsAllowed: true }, admin);
  expect((await k.h.checkIn({ studentId: '2017201' }, desk)).ticket).toBe('0001D');
  expect((await k.h.checkIn({ studentId: '2017301' }, desk)).ticket).toBe('0002D');
  expect((await k.h.checkIn({ studentId: '2017302' }, desk)).ticket).toBe('0003D');
  await k.h.cancelTicket({ ticket: '0003D', reason: 'wrong student' }, admin);
  expect((await k.h.checkIn({ idNumber: ID_WALK_IN, name: '路人' }, desk)).ticket).toBe('0001C');
  await k.h.setFeeStatus({ ticket: '0002D', feeStatus: 'paid' }, desk);
  await k.h.saveSignature({ ticket: '0002D', svgPath: 'M2 2 L30 30' }, desk);
  // Both at D photographed: fees are counted for the photographed (src/core/fees.ts).
  for (const ticket of ['0001D', '0002D']) {
    await k.h.callNext({ station: 'D' }, desk);
    // The camera confirmed the first one (a column added by a later migration: merge copies it too).
    if (ticket === '0001D') expect(await k.h.confirmIdentity({ station: 'D', studentId: '2017201' }, desk)).toMatchObject({ match: true });
    await k.h.photographed({ ticket }, desk);
  }
  for (const kiosk of kiosks.splice(0)) await kiosk.close();
  return { dir, jin, kai };
}

export const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Every row of every table, to show a refused merge changed nothing. */
export function contents(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]));
  } finally {
    db.close();
  }
}

