// A student's phone follows one ticket by the random code in its QR, without a
// token: the number, room, status, how many are ahead and the numbers being
// called; nobody's name. Unknown codes are not found; calls are limited per device.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import jsQRModule from 'jsqr';
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { rasterToRgba, readEscPos } from '../hardware/printer/escpos-reader.js';
import { until } from '../wait.js';
import { at, client, failure, tmpDbFile, tmpDir, type TestContext, seedDay } from './helpers.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

const admin: TestContext = { actor: 'admin', pin: '1234' };
const desk: TestContext = { actor: 'desk', role: 'desk' };
const caller: TestContext = { actor: 'caller:B', role: 'caller' };
const phone = (device = '10.0.0.7'): TestContext => ({ actor: 'api', role: 'public', device });

const STUDENTS = [
  ['2019001', '甲一'],
  ['2019002', '乙二'],
  ['2019003', '丙三'],
  ['2019004', '丁四'],
] as const;
const ROSTER = ['学号,姓名,学院', ...STUDENTS.map(([id, name]) => `${id},${name},理学院`)].join('\n');
const PUBLIC_URL = 'http://192.168.1.20:8740';

let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function day(printerFile: string) {
  const dbFile = tmpDbFile();
  kiosk = await openKiosk({ dbFile, printer: `file:${printerFile}`, now: () => at(9, 30), publicUrl: PUBLIC_URL });
  const h = client(kiosk);
  await seedDay(h, ROSTER);
  const prints: string[] = [];
  kiosk.subscribe((e) => {
    if (e.type === 'print' && e.printed) prints.push(e.ticket);
  });
  for (const [id] of STUDENTS) await h.checkIn({ studentId: id }, desk);
  await until(() => prints.length === STUDENTS.length, 'every ticket printed');
  return { h, dbFile };
}

/** The link in each printed ticket's QR code, read back from the raster. */
function linksOnPaper(file: string): string[] {
  return readEscPos(readFileSync(file)).rasters.map((r) => {
    const img = rasterToRgba(r);
    return jsQR(img.rgba, img.width, img.height)?.data ?? '';
  });
}

describe('a ticket\'s public page', () => {
  it('the QR on each ticket links to <public url>/t/<code>, a random URL-safe code of 96 bits', async () => {
    const paper = join(tmpDir('sq-phone-'), 'lp0');
    const { dbFile } = await day(paper);
    const links = linksOnPaper(paper);
    expect(links).toHaveLength(4);
    const codes = links.map((l) => new RegExp(`^${PUBLIC_URL}/t/([A-Za-z0-9_-]{16})$`).exec(l)?.[1]);
    expect(codes.every((c) => c !== undefined)).toBe(true);
    expect(new Set(codes).size).toBe(4);
    // 16 base64url characters are 12 random bytes
    for (const c of codes) expect(Buffer.from(c!, 'base64url')).toHaveLength(12);
    const raw = new Database(dbFile, { readonly: true });
    expect((raw.prepare('SELECT public_code FROM tickets ORDER BY id').all() as { public_code: string }[]).map((r) => r.public_code)).toEqual(codes);
    raw.close();
  });

  it('answers without a token: number, room, status, how many are ahead, the numbers being called; names nobody', async () => {
    const paper = join(tmpDir('sq-phone-'), 'lp0');
    const { h } = await day(paper);
    const code = (i: number) => linksOnPaper(paper)[i]!.split('/t/')[1]!;
    const third = await h.publicTicket({ code: code(2) }, phone());
    expect(third).toEqual({ ticket: '0003B', station: 'B', room: '7-119', status: 'waiting', ahead: 2, calling: [] });
    const text = JSON.stringify(third);
    for (const [id, name] of STUDENTS) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(name);
    }

    await h.callNext({ station: 'B' }, caller);
    expect(await h.publicTicket({ code: code(2) }, phone())).toMatchObject({ status: 'waiting', ahead: 1, calling: ['0001B'] });
    expect(await h.publicTicket({ code: code(0) }, phone())).toMatchObject({ ticket: '0001B', status: 'called', ahead: 0, calling: ['0001B'] });

    await h.noShow({ ticket: '0001B' }, caller);
    await h.callNext({ station: 'B' }, caller);
    expect(await h.publicTicket({ code: code(0) }, phone())).toMatchObject({ status: 'no-show', calling: ['0002B'] });
    expect(await h.publicTicket({ code: code(2) }, phone())).toMatchObject({ status: 'waiting', ahead: 0, calling: ['0002B'] });
    await h.photographed({ ticket: '0002B' }, caller);
    await h.callNext({ station: 'B' }, caller);
    expect(await h.publicTicket({ code: code(2) }, phone())).toMatchObject({ status: 'called', calling: ['0003B'] });
    expect(await h.publicTicket({ code: code(1) }, phone())).toMatchObject({ status: 'photographed', ahead: 0 });
    await h.cancelTicket({ ticket: '0004B' }, admin);
    expect(await h.publicTicket({ code: code(3) }, phone())).toMatchObject({ status: 'cancelled', ahead: 0 });
  });

  it('how many are ahead follows the order the station calls: a retake waits before the numbers not yet called', async () => {
    const paper = join(tmpDir('sq-phone-'), 'lp0');
    const { h } = await day(paper);
    const code = (i: number) => linksOnPaper(paper)[i]!.split('/t/')[1]!;
    await h.callNext({ station: 'B' }, caller);
    await h.photographed({ ticket: '0001B' }, caller);
    await h.callNext({ station: 'B' }, caller);
    await h.markRetake({ ticket: '0001B' }, caller);
    expect(await h.publicTicket({ code: code(0) }, phone())).toMatchObject({ ticket: '0001B', status: 'waiting', ahead: 0, calling: ['0002B'] });
    expect(await h.publicTicket({ code: code(2) }, phone())).toMatchObject({ ticket: '0003B', ahead: 1 });
    expect(await h.publicTicket({ code: code(3) }, phone())).toMatchObject({ ticket: '0004B', ahead: 2 });
  });

  it('an unknown or malformed code is not found, in the same words; a phone may read nothing else', async () => {
    const paper = join(tmpDir('sq-phone-'), 'lp0');
    const { h } = await day(paper);
    for (const code of ['AAAAAAAAAAAAAAAA', 'abc', '../../etc/passwd', '0001B', '']) {
      expect(await failure(h.publicTicket({ code }, phone())), code).toMatchObject({ kind: 'not-found', code: 'unknown-code', message: 'no ticket has this code (check the link on the ticket)' });
    }
    expect(await failure(h.getQueue({ station: 'B' }, phone()))).toMatchObject({ code: 'forbidden-for-role' });
    expect(await failure(h.getTicket({ ticket: '0001B' }, phone()))).toMatchObject({ code: 'forbidden-for-role' });
  });

  it('is limited per device: a burst of 120, then refused with the seconds to wait; another phone is not held back', async () => {
    const paper = join(tmpDir('sq-phone-'), 'lp0');
    const { h } = await day(paper);
    const code = linksOnPaper(paper)[0]!.split('/t/')[1]!;
    /** Calls until the first refusal (a slow machine refills a token every 0.5 s, so allow a few more than 120). */
    const burst = async (device: string, c: string) => {
      for (let n = 0; n < 240; n++) {
        const e = await h.publicTicket({ code: c }, phone(device)).then(() => null, (err: unknown) => err as { code: string });
        if (e?.code === 'too-many-requests') return { allowed: n, refusal: e };
      }
      throw new Error('never refused');
    };
    const first = await burst('10.0.0.9', code);
    expect(first.allowed).toBeGreaterThanOrEqual(120);
    expect(first.refusal).toMatchObject({ kind: 'rate-limited', code: 'too-many-requests', details: { retryAfter: 1 } });
    expect(await h.publicTicket({ code }, phone('10.0.0.10'))).toMatchObject({ ticket: '0001B' });
    // wrong codes count as well: guessing is limited the same way
    expect((await burst('10.0.0.11', 'x')).allowed).toBeGreaterThanOrEqual(120);
  });
});
