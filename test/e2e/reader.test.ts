// Readers in a real browser (Debian's Chromium driven by playwright-core)
// against the real `swipequeue serve` with the SAM emulator on a pty: a
// keyboard-wedge reader typing the whole card into the desk's search box
// (with \uXXXX escapes), a line without an ID number, a Chinese input method
// caught mid-burst, and the reader self-test in admin showing, masked, what
// the last card read and the last typed burst held.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoRoomDay } from '../../src/core/demo.js';
import { startEmulatedReader, type EmulatedReader } from '../../src/hardware/idcard/emulator/pty-reader.js';
import { checkDigit } from '../../src/shared/id-number.js';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { residentBlock } from '../hardware/idcard/build.js';

const root = resolve(import.meta.dirname, '../..');
const TOKEN = 'e2e-reader-token';
const dir = mkdtempSync(join(tmpdir(), 'sq-e2e-reader-'));
const db = join(dir, 'kiosk.db');
let baseUrl = '';
let browser: Browser | null = null;
let context: BrowserContext | null = null;
let server: ChildProcess | null = null;
let emu: EmulatedReader | null = null;
const pageProblems: string[] = [];

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 100 });
const idNumber = (first17: string) => `${first17}${checkDigit(first17) ?? '0'}`;
const say = (text: string, vars: Record<string, string | number> = {}) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(vars[k] ?? ''));
/** What a driver-free reader types for Chinese text: `\uXXXX` escapes. */
const esc = (s: string) => Array.from(s, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

// 李四 is on the roster without an ID number: the wedge line's name matches him and the number is learned
const LISI_ID = idNumber('33010219980202002');
const WANGWU_ID = idNumber('33010219980303003');

const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

function startServer(reader: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--db', db, '--port', '0', '--reader', reader, '--printer', `file:${join(dir, 'printer.bin')}`, '--token', TOKEN],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server = child;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) ok(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

async function openPage(route: string): Promise<Page> {
  const page = await context!.newPage();
  page.on('pageerror', (e) => pageProblems.push(`[${route}] page error: ${e.message}`));
  await page.goto(`${baseUrl}/?token=${TOKEN}#${route}`);
  return page;
}

beforeAll(async () => {
  writeFileSync(join(dir, 'event.json'), JSON.stringify(twoRoomDay('读卡器测试', '2020-12-21', ['理学院', '信息学院'])));
  cli(['event', 'import', '--db', db, join(dir, 'event.json')]);
  const roster = ['学号,姓名,学院,身份证号', `2020001,张三丰,理学院,${idNumber('33010219980101001')}`, '2020002,李四,理学院,', `2020003,王五,信息学院,${WANGWU_ID}`].join('\n');
  writeFileSync(join(dir, 'roster.csv'), `${roster}\n`);
  cli(['roster', 'import', '--db', db, join(dir, 'roster.csv')]);
  emu = await startEmulatedReader();
  baseUrl = await startServer(emu.target);
  browser = await chromium.launch({
    // Debian's Chromium; never a downloaded browser. CHROMIUM_PATH for other machines.
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // one context: desk and admin share the kiosk's localStorage, as two windows of the app do
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
}, 90_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('readers at the desk and in admin', () => {
  let desk: Page;

  it('a wedge reader typing the whole card (name as \\u escapes) checks the student in by name and number', async () => {
    desk = await openPage('/desk');
    await poll(() => desk.textContent('body')).toContain(zhCN.desk.prompt);
    const line = `${esc('李四')},${esc('男')},${esc('汉')},19980202,${esc('浙江省杭州市')},${LISI_ID}`;
    await desk.getByTestId('desk-search').focus();
    await desk.keyboard.type(line); // as fast as the browser takes keys: a device burst
    await desk.keyboard.press('Enter');
    await poll(() => desk.getByTestId('student-name').textContent()).toBe('李四');
    expect(await desk.getByTestId('ticket-number').textContent()).toMatch(/^\d{4}[A-Z]$/);
    const verdict = (await desk.getByTestId('verdict').textContent()) ?? '';
    expect(verdict).toContain(`3301**********${LISI_ID.slice(-4)}`);
    expect(verdict).not.toContain(LISI_ID);
    await desk.getByTestId('desk-done').click();
  });

  it('a wedge line without an ID number is said so', async () => {
    await desk.getByTestId('desk-search').focus();
    await desk.keyboard.type(`${esc('王五')},${esc('男')},${esc('汉')},19980303`);
    await desk.keyboard.press('Enter');
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(zhCN.desk.wedgeNoIdNumber);
    await desk.getByTestId('desk-done').click();
  });

  it('a Chinese input method composing during a device burst is caught and the volunteer told to switch it off', async () => {
    expect(await desk.getByTestId('ime-warning').count()).toBe(0);
    // what Chromium fires when an IME takes a wedge's keys: a burst of keydowns, then compositionstart
    await desk.getByTestId('desk-search').evaluate((input) => {
      const t0 = performance.now();
      for (let i = 0; i < 8; i++) input.dispatchEvent(new KeyboardEvent('keydown', { key: String(i), bubbles: true }));
      input.dispatchEvent(new CompositionEvent('compositionstart', { data: '', bubbles: true }));
      return performance.now() - t0;
    });
    await poll(() => desk.getByTestId('ime-warning').textContent()).toBe(zhCN.desk.imeOn);
    // the next clean burst (no IME) takes the warning away; a pause first, or it is the same burst
    await desk.waitForTimeout(400);
    await desk.getByTestId('desk-search').focus();
    await desk.keyboard.type('2020001');
    await desk.keyboard.press('Enter');
    await poll(() => desk.getByTestId('ime-warning').count()).toBe(0);
    await desk.keyboard.press('Escape');
  });

  it('the reader self-test in admin shows, masked, the last card read and the last typed burst', async () => {
    const admin = await openPage('/admin');
    await admin.getByTestId('admin-pin').fill('1234');
    await admin.getByTestId('admin-pin').press('Enter');
    await admin.getByTestId('tab-settings').click();
    const test = admin.getByTestId('reader-self-test');
    await poll(() => test.textContent()).toContain(zhCN.admin.selfTest.title);
    await poll(() => admin.getByTestId('self-test-status').textContent()).toContain('读卡器已就绪');
    // the desk's last burst (a student ID typed by the keyboard above), shared through the kiosk's storage
    await poll(() => admin.getByTestId('self-test-burst').textContent()).toContain(zhCN.admin.selfTest.heldOther);

    // a card on the reader: 王五, on the roster with his number
    emu!.present(residentBlock({ name: '王五', id: WANGWU_ID }));
    await poll(() => admin.getByTestId('self-test-read').textContent()).toContain(`3301**********${WANGWU_ID.slice(-4)}`);
    const read = (await admin.getByTestId('self-test-read').textContent()) ?? '';
    expect(read).toContain('王*');
    expect(read).toContain(zhCN.admin.selfTest.checkOk);
    expect(read).toMatch(/已签到 \d{4}[A-Z]/);
    emu!.lift();

    // a wedge burst into the self-test box
    await admin.getByTestId('self-test-input').focus();
    await admin.keyboard.type(`${esc('李四')},${LISI_ID}`);
    await admin.keyboard.press('Enter');
    await poll(() => admin.getByTestId('self-test-burst').textContent()).toContain(say(zhCN.admin.selfTest.heldId, { maskedId: `3301**********${LISI_ID.slice(-4)}` }));
    const burst = (await admin.getByTestId('self-test-burst').textContent()) ?? '';
    expect(burst).toContain('李*');
    // device or person depends on how fast the browser took the keys on this machine: a verdict is shown either way
    expect(burst).toMatch(new RegExp(`${zhCN.admin.selfTest.byDevice}|${zhCN.admin.selfTest.byPerson}`));
    expect(burst).toContain(say(zhCN.admin.selfTest.keys, { keys: 12 + 1 + 18, length: 12 + 1 + 18, ms: '' }).split('、平均')[0]);
    expect(burst).toContain(zhCN.admin.selfTest.imeOff);
    // nothing on the page, nor in the kiosk's storage, holds a full number
    const everything = `${await admin.textContent('body')}${await admin.evaluate(() => JSON.stringify({ ...localStorage }))}`;
    for (const id of [LISI_ID, WANGWU_ID]) expect(everything).not.toContain(id);
    expect(pageProblems).toEqual([]);
  });
});
