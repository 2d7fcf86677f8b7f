import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import type { AppError } from '../../src/shared/errors.js';
import { SEED_EVENT, at, client, tmpDbFile } from './helpers.js';

const admin = { actor: 'admin', pin: '1234' };
const desk = { actor: 'desk' };
const ROOT = new URL('../../', import.meta.url).pathname;

let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

function worker(dbFile: string, ids: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/core/fixtures/checkin-worker.ts', dbFile, ...ids], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('kiosk', () => {
  it('two desks checking in at once on one database: every number once, no gap', async () => {
    const file = tmpDbFile();
    kiosk = await openKiosk({ dbFile: file, now: () => at(9, 30) });
    const h = client(kiosk);
    await h.importEvent(structuredClone(SEED_EVENT), admin);
    await h.updateSettings({ walkInsAllowed: true, deskStation: 'A' }, admin);
    await kiosk.close();
    kiosk = undefined;
    const ids = (p: string) => Array.from({ length: 150 }, (_, i) => `${p}${i}`);
    const [a, b] = await Promise.all([worker(file, ids('P')), worker(file, ids('Q'))]);
    const all = [...a, ...b].sort();
    expect(new Set(all).size).toBe(300);
    expect(all).toEqual(Array.from({ length: 300 }, (_, i) => `${String(i + 1).padStart(4, '0')}A`));
  });

  it('a failed print never undoes the check-in; reprint is audited and says why it failed', async () => {
    const file = tmpDbFile();
    kiosk = await openKiosk({ dbFile: file, now: () => at(9, 30) });
    const h = client(kiosk);
    await h.importEvent(structuredClone(SEED_EVENT), admin);
    await h.updateSettings({ walkInsAllowed: true }, admin);
    const r = await h.checkIn({ studentId: '2019001' }, desk);
    expect(r).toMatchObject({ ticket: '0001A', print: 'none' });
    const err = (await h.reprint({ ticket: '0001A' }, desk).catch((e: unknown) => e)) as AppError;
    expect(err).toMatchObject({ kind: 'unavailable', code: 'print-failed' });
    expect(await h.getTicket({ ticket: '0001A' }, desk)).toMatchObject({ status: 'waiting', printed: false });
    expect(await h.getHardwareStatus({}, desk)).toMatchObject({ reader: { state: 'none' }, printer: { state: 'none' } });
    expect(await h.testPrint({}, desk)).toMatchObject({ printed: false });
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare("SELECT actor, detail FROM audit WHERE action = 'reprint'").get()).toMatchObject({ actor: 'desk', detail: expect.stringContaining('"printed":false') });
    raw.close();
  });

  it('health, event, search, signature', async () => {
    kiosk = await openKiosk({ dbFile: tmpDbFile(), now: () => at(9, 30) });
    const h = client(kiosk);
    expect(await h.health({}, desk)).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(await h.getEvent({}, desk)).toBeNull();
    await h.importEvent(structuredClone(SEED_EVENT), admin);
    const csv = '学号,姓名,学院\n2019001,张三,理学院\n2019002,张三丰,理学院\n2020001,李四,信息学院\n';
    await h.importRoster({ fileName: 'r.csv', contentBase64: Buffer.from(csv).toString('base64') }, admin);
    expect((await h.searchStudents({ query: '2019' }, desk)).map((s) => s.studentId)).toEqual(['2019001', '2019002']);
    expect((await h.searchStudents({ query: '张三' }, desk)).map((s) => s.studentId)).toEqual(['2019001', '2019002']);
    await h.checkIn({ studentId: '2020001' }, desk);
    expect(await h.searchStudents({ query: '李四' }, desk)).toEqual([
      { studentId: '2020001', name: '李四', college: '信息学院', maskedId: null, hasPhoto: false, walkIn: false, ticket: '0001A' },
    ]);
    expect(await h.saveSignature({ ticket: '0001A', svgPath: 'M0 0 L10 10' }, desk)).toMatchObject({ signed: true });
    expect((await h.getEvent({}, desk))?.slots).toHaveLength(15);
  });
});
