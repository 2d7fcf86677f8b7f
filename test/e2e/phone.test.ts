// The student's phone in a real browser (Debian's Chromium at 360×740, no token)
// against the real `swipequeue serve` with a file printer: the link is read back
// from the QR of the printed ticket, opened, and followed as the photographer
// calls, marks and skips numbers. The desk shows the print outcome live.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { rasterToRgba, readEscPos } from '../hardware/printer/escpos-reader.js';
import { E2E_ROSTER, SIZES, api, seedDay, shots, startSession, type E2eSession, type Server } from './helpers.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

const PHONE = { width: 360, height: 740 } as const;
/** The three students of station A (理学院) in the e2e roster. */
const STUDENTS = E2E_ROSTER.filter((r) => r.college === '理学院');

let session: E2eSession;
let server: Server;
let paper = '';

/** The catalogue's words with their parameters filled in. */
const say = (text: string, vars: Record<string, string | number> = {}) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(vars[k] ?? ''));
/** The page refreshes every 5 s; generous for a busy machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });
const call = (method: string, path: string, body?: unknown) => api<Record<string, unknown>>(server.url, path, { method, body });

/** The links in the QR codes of the printed tickets, in paper order. */
const linksOnPaper = () =>
  readEscPos(readFileSync(paper)).rasters.map((r) => {
    const img = rasterToRgba(r);
    return jsQR(img.rgba, img.width, img.height)?.data ?? '';
  });

/** A phone: its own browser context, no token, the address as scanned. */
async function openPhone(url: string): Promise<Page> {
  const context = await session.browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => session.problems.push(`[${url}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) session.problems.push(`[${url}] ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  session = await startSession('sq-e2e-phone-');
  paper = join(session.dir, 'printer.bin');
  server = await session.serve({ db: seedDay(session.dir), printer: `file:${paper}` });
}, 90_000);

afterAll(async () => {
  await session?.close();
});

describe('the student\'s phone, from the QR on the ticket', () => {
  let phone: Page;

  it('the desk checks a student in and shows the paper came out (live print outcome)', async () => {
    const desk = await session.open('/desk', { size: SIZES.laptop });
    await desk.getByTestId('desk-search').fill(STUDENTS[0]!.studentId);
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0001A');
    await poll(() => desk.getByTestId('print-state').textContent()).toBe(zhCN.desk.printed);
    await desk.screenshot({ path: join(shots, 'desk-printed-1366x768.png') });
  });

  it('opens the link read back from the printed QR: number, room, how many ahead, no names, fits 360 px', async () => {
    for (const s of STUDENTS.slice(1)) expect((await call('POST', '/api/checkins', { studentId: s.studentId })).body).toMatchObject({ print: 'queued' });
    await poll(() => linksOnPaper().length).toBe(3);
    const links = linksOnPaper();
    const base = server.url.replace(/\/$/, '');
    for (const link of links) expect(link).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/t/[A-Za-z0-9_-]{16}$`));

    phone = await openPhone(links[2]!);
    await poll(() => phone.getByTestId('phone-number').textContent()).toBe('0003A');
    expect(await phone.getByTestId('phone-where').textContent()).toBe(say(zhCN.phone.where, { station: 'A', room: '7-115' }));
    expect(await phone.getByTestId('phone-status').textContent()).toBe(say(zhCN.phone.ahead, { count: 2 }));
    expect(await phone.getByTestId('phone-calling').textContent()).toBe(zhCN.phone.notCalling);
    const body = (await phone.textContent('body')) ?? '';
    for (const s of E2E_ROSTER) {
      expect(body).not.toContain(s.name);
      expect(body).not.toContain(s.studentId);
    }
    // one column: nothing wider than the phone
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phone.screenshot({ path: join(shots, 'phone-waiting-360x740.png') });
  });

  it('follows the calls: the numbers being called, then 已叫到您, then 已过号：请到签到台', async () => {
    expect((await call('POST', '/api/stations/A/call-next')).body).toMatchObject({ ticket: '0001A' });
    await poll(() => phone.getByTestId('phone-calling').textContent()).toBe(`${zhCN.phone.calling}0001A`);
    expect(await phone.getByTestId('phone-status').textContent()).toBe(say(zhCN.phone.ahead, { count: 1 }));

    await call('POST', '/api/tickets/0001A/photographed');
    await call('POST', '/api/stations/A/call-next');
    await call('POST', '/api/tickets/0002A/no-show');
    expect((await call('POST', '/api/stations/A/call-next')).body).toMatchObject({ ticket: '0003A', status: 'called' });
    await poll(() => phone.getByTestId('phone-status').textContent()).toBe(`${zhCN.phone.called}${say(zhCN.phone.goNow, { room: '7-115' })}`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phone.screenshot({ path: join(shots, 'phone-called-360x740.png') });

    await call('POST', '/api/tickets/0003A/no-show');
    await poll(() => phone.getByTestId('phone-status').textContent()).toContain(zhCN.phone.noShow);
    await phone.screenshot({ path: join(shots, 'phone-no-show-360x740.png') });
  });

  it('an unknown code says so in plain words', async () => {
    const page = await openPhone(`${server.url}/t/AAAAAAAAAAAAAAAA`);
    await poll(() => page.getByTestId('phone-status').textContent()).toBe(zhCN.errors['unknown-code']);
  });

  it('ran without uncaught errors or CSP refusals', () => {
    expect(session.problems).toEqual([]);
  });
});
