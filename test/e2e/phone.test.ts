// The student's phone in a real browser (Debian's Chromium at 360×740, no token)
// against the real `swipequeue serve` with a file printer: the link is read back
// from the QR of the printed ticket, opened, and followed as the photographer
// calls, marks and skips numbers. The desk shows the print outcome live.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jsQRModule from 'jsqr';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoRoomDay } from '../../src/core/demo.js';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { rasterToRgba, readEscPos } from '../hardware/printer/escpos-reader.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

const root = resolve(import.meta.dirname, '../..');
const shots = join(root, 'test-results', 'screenshots');
const TOKEN = 'e2e-phone-token';
const PHONE = { width: 360, height: 740 } as const;
const STUDENTS = [
  ['2020001', '张三丰'],
  ['2020002', '李四'],
  ['2020003', '王小五'],
] as const;

const dir = mkdtempSync(join(tmpdir(), 'sq-e2e-phone-'));
const paper = join(dir, 'printer.bin');
let baseUrl = '';
let server: ChildProcess | null = null;
let browser: Browser | null = null;
const contexts: BrowserContext[] = [];
const pageProblems: string[] = [];

/** The catalogue's words with their parameters filled in. */
const say = (text: string, vars: Record<string, string | number> = {}) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(vars[k] ?? ''));
/** The page refreshes every 5 s; generous for a busy machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Builds dist/renderer when it is missing or older than src/renderer. */
function ensureRendererBuilt(): void {
  const index = join(root, 'dist', 'renderer', 'index.html');
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'shared')));
  if (stale) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The links in the QR codes of the printed tickets, in paper order. */
const linksOnPaper = () =>
  readEscPos(readFileSync(paper)).rasters.map((r) => {
    const img = rasterToRgba(r);
    return jsQR(img.rgba, img.width, img.height)?.data ?? '';
  });

async function openPage(url: string, viewport: { width: number; height: number } = PHONE): Promise<Page> {
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`[${url}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(`[${url}] ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(shots, { recursive: true });
  writeFileSync(join(dir, 'event.json'), JSON.stringify(twoRoomDay('2021届研究生毕业图像采集', '2020-12-21', ['理学院', '纺织科学与工程学院'])));
  cli(['event', 'import', '--db', join(dir, 'kiosk.db'), join(dir, 'event.json')]);
  writeFileSync(join(dir, 'roster.csv'), `${['学号,姓名,学院', ...STUDENTS.map(([id, name]) => `${id},${name},理学院`)].join('\n')}\n`);
  cli(['roster', 'import', '--db', join(dir, 'kiosk.db'), join(dir, 'roster.csv')]);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--db', join(dir, 'kiosk.db'), '--port', '0', '--reader', 'none', '--printer', `file:${paper}`, '--token', TOKEN], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  baseUrl = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) ok(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
  browser = await chromium.launch({
    // Debian's Chromium; never a downloaded browser. CHROMIUM_PATH for other machines.
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 90_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the student\'s phone, from the QR on the ticket', () => {
  let phone: Page;

  it('the desk checks a student in and shows the paper came out (live print outcome)', async () => {
    const desk = await openPage(`${baseUrl}/?token=${TOKEN}#/desk`, { width: 1366, height: 768 });
    await desk.getByTestId('desk-search').fill(STUDENTS[0][0]);
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0001A');
    await poll(() => desk.getByTestId('print-state').textContent()).toBe(zhCN.desk.printed);
    await desk.screenshot({ path: join(shots, 'desk-printed-1366x768.png') });
  });

  it('opens the link read back from the printed QR: number, room, how many ahead, no names, fits 360 px', async () => {
    for (const [id] of STUDENTS.slice(1)) expect((await api('POST', '/api/checkins', { studentId: id })).body).toMatchObject({ print: 'queued' });
    await poll(() => linksOnPaper().length).toBe(3);
    const links = linksOnPaper();
    const base = baseUrl.replace(/\/$/, '');
    for (const link of links) expect(link).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/t/[A-Za-z0-9_-]{16}$`));

    phone = await openPage(links[2]!);
    await poll(() => phone.getByTestId('phone-number').textContent()).toBe('0003A');
    expect(await phone.getByTestId('phone-where').textContent()).toBe(say(zhCN.phone.where, { station: 'A', room: '7-115' }));
    expect(await phone.getByTestId('phone-status').textContent()).toBe(say(zhCN.phone.ahead, { count: 2 }));
    expect(await phone.getByTestId('phone-calling').textContent()).toBe(zhCN.phone.notCalling);
    const body = (await phone.textContent('body')) ?? '';
    for (const [id, name] of STUDENTS) {
      expect(body).not.toContain(name);
      expect(body).not.toContain(id);
    }
    // one column: nothing wider than the phone
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phone.screenshot({ path: join(shots, 'phone-waiting-360x740.png') });
  });

  it('follows the calls: the numbers being called, then 已叫到您, then 已过号：请到签到台', async () => {
    expect((await api('POST', '/api/stations/A/call-next')).body).toMatchObject({ ticket: '0001A' });
    await poll(() => phone.getByTestId('phone-calling').textContent()).toBe(`${zhCN.phone.calling}0001A`);
    expect(await phone.getByTestId('phone-status').textContent()).toBe(say(zhCN.phone.ahead, { count: 1 }));

    await api('POST', '/api/tickets/0001A/photographed');
    await api('POST', '/api/stations/A/call-next');
    await api('POST', '/api/tickets/0002A/no-show');
    expect((await api('POST', '/api/stations/A/call-next')).body).toMatchObject({ ticket: '0003A', status: 'called' });
    await poll(() => phone.getByTestId('phone-status').textContent()).toBe(`${zhCN.phone.called}${say(zhCN.phone.goNow, { room: '7-115' })}`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phone.screenshot({ path: join(shots, 'phone-called-360x740.png') });

    await api('POST', '/api/tickets/0003A/no-show');
    await poll(() => phone.getByTestId('phone-status').textContent()).toContain(zhCN.phone.noShow);
    await phone.screenshot({ path: join(shots, 'phone-no-show-360x740.png') });
  });

  it('an unknown code says so in plain words', async () => {
    const page = await openPage(`${baseUrl}/t/AAAAAAAAAAAAAAAA`);
    await poll(() => page.getByTestId('phone-status').textContent()).toBe(zhCN.errors['unknown-code']);
  });

  it('ran without uncaught errors or CSP refusals', () => {
    expect(pageProblems).toEqual([]);
  });
});
