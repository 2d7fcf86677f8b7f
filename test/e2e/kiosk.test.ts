// The kiosk UI in a real browser (Debian's Chromium driven by playwright-core)
// against the real `swipequeue serve`: a file printer, no reader, a token.
// Desk, caller and display run in three browser contexts, as on the day.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { api, idNumber, poll, say, screenshot, seedDay, startSession, TOKEN, type E2eSession } from './helpers.js';

let e2e: E2eSession;
let baseUrl = '';

beforeAll(async () => {
  e2e = await startSession();
  baseUrl = (await e2e.serve({ db: seedDay(e2e.dir) })).url;
}, 90_000);

afterAll(async () => {
  await e2e?.close();
});

const openScreen = (route: string) => e2e.open(route);

describe('kiosk UI in Chromium', () => {
  let desk: Page;
  let caller: Page;
  let display: Page;

  it('home links every screen, with the event name', async () => {
    const home = await openScreen('/');
    await poll(() => home.textContent('body')).toContain('2021届研究生毕业图像采集');
    expect(await home.locator('a[href="#/caller/B"]').count()).toBe(1);
    await screenshot(home, 'home');
    await home.context().close();
  });

  it('checks a student in at the desk by name search, with the ticket number huge', async () => {
    display = await openScreen('/display');
    desk = await openScreen('/desk');
    await poll(() => desk.textContent('body')).toContain(zhCN.desk.prompt);
    await desk.getByTestId('hw-读卡器').waitFor();
    await screenshot(desk, 'desk-prompt');

    await desk.getByTestId('desk-search').fill('张三');
    await desk.getByTestId('match-2020001').click();
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0001A');
    const verdict = await desk.getByTestId('verdict').textContent();
    expect(verdict).toContain('张三丰');
    expect(verdict).toContain('理学院');
    expect(verdict).toContain('3301**********');
    expect(verdict).toContain(zhCN.desk.onRoster);
    // Fee collected at the desk: the toggle records it on the ticket.
    const feeBefore = await desk.getByTestId('fee-toggle').textContent();
    await desk.getByTestId('fee-toggle').click();
    await poll(() => desk.getByTestId('fee-toggle').textContent()).not.toBe(feeBefore);
    const fee = (await api<{ feeStatus: string }>(baseUrl, '/api/tickets/0001A')).body;
    expect(await desk.getByTestId('fee-toggle').textContent()).toContain(zhCN.desk.fee[fee.feeStatus as 'paid' | 'unpaid']);
    await screenshot(desk, 'desk-checked-in');
  });

  it('a caller in another context calls the ticket and the display updates live', async () => {
    // The display speaks only after a first click (browsers block autoplay).
    await display.getByTestId('voice-start').click();
    await poll(() => display.textContent('body')).toContain(zhCN.display.voiceOn);
    const hasZhVoice = await display.evaluate(() => speechSynthesis.getVoices().some((v) => /^(zh|cmn)/i.test(v.lang)));
    // Without a Mandarin voice the recorded clips play: 请 first.
    const clip = hasZhVoice ? null : display.waitForRequest((r) => /qing[^/]*\.wav$/.test(r.url()), { timeout: 5000 });
    caller = await openScreen('/caller/A');
    await poll(() => caller.getByTestId('waiting-list').textContent()).toContain('0001A');
    await caller.getByTestId('call-next').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0001A');
    expect(await caller.textContent('body')).toContain('张三丰');
    await poll(() => display.getByTestId('calling-A').textContent()).toBe('0001A');
    await poll(() => display.getByTestId('call-caption').textContent()).toBe('请 0001A 号到 7-115 拍照');
    if (clip) await clip;
    await screenshot(caller, 'caller');
    await screenshot(display, 'display-calling');

    // Strict order: a second call-next while 0001A is being photographed is refused in plain words.
    await caller.keyboard.press('n');
    await poll(() => caller.getByTestId('caller-message').textContent()).toBe(say(zhCN.errors['ticket-in-progress'], { ticket: '0001A' }));
  });

  it('a second check-in of the same student shows the existing ticket', async () => {
    await desk.getByTestId('desk-done').click();
    await desk.getByTestId('desk-search').fill('2020001');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(say(zhCN.desk.alreadyCheckedIn, { ticket: '0001A' }));
    expect(await desk.getByTestId('ticket-number').textContent()).toBe('0001A');
    expect(await desk.getByRole('button', { name: say(zhCN.desk.reprint, { ticket: '0001A' }) }).count()).toBe(1);
    await screenshot(desk, 'desk-duplicate');
    await desk.getByRole('button', { name: say(zhCN.desk.reprint, { ticket: '0001A' }) }).click();
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(zhCN.desk.reprinted);

    await desk.getByTestId('desk-done').click();
    await desk.getByTestId('desk-search').fill('2099999');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(zhCN.desk.notOnRoster);
    expect(await desk.getByTestId('verdict').textContent()).toContain('2099999');
    expect(await desk.getByTestId('ticket-number').count()).toBe(0);
    await screenshot(desk, 'desk-not-on-roster');
  });

  it('an ID number typed by a keyboard-wedge reader checks in; a student with a photo is told so', async () => {
    await desk.getByTestId('desk-done').click();
    // The wedge types wherever the focus is: the desk keeps it on the search box.
    await poll(() => desk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('desk-search');
    await desk.keyboard.type(idNumber('33010219980303003'), { delay: 5 });
    await desk.keyboard.press('Enter');
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0002A');
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(zhCN.desk.hasPhoto);
    await poll(() => display.getByTestId('next-A').textContent()).toContain('0002A');
  });

  it('the student signs on screen; a mistaken check-in is undone with the admin PIN', async () => {
    const pad = desk.getByTestId('signature');
    const box = await pad.boundingBox();
    if (!box) throw new Error('no signature pad');
    await desk.mouse.move(box.x + 20, box.y + box.height / 2);
    await desk.mouse.down();
    for (let i = 1; i <= 10; i++) await desk.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? -20 : 20));
    await desk.mouse.up();
    await desk.getByTestId('save-signature').click();
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(zhCN.desk.signatureSaved);
    const ticket = (await api<{ signed: boolean }>(baseUrl, '/api/tickets/0002A')).body;
    expect(ticket.signed).toBe(true);

    await desk.getByTestId('desk-done').click();
    await desk.getByTestId('desk-search').fill('2020002');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0003A');
    await poll(() => caller.getByTestId('waiting-list').textContent()).toContain('0003A');
    await desk.getByRole('button', { name: zhCN.desk.undo }).click();
    await desk.getByTestId('pin-input').fill('1234');
    await desk.getByTestId('pin-input').press('Enter');
    await poll(() => desk.textContent('body')).toContain(say(zhCN.desk.undone, { ticket: '0003A' }));
    await poll(() => caller.getByTestId('waiting-list').textContent()).not.toContain('0003A');
  });

  it('the desk returns to the swipe prompt by itself after settings.deskIdleSeconds', async () => {
    const put = await api(baseUrl, '/api/settings', { method: 'PUT', pin: '1234', body: { deskIdleSeconds: 3 } });
    expect(put.status).toBe(200);
    await poll(() => desk.textContent('body')).toContain(say(zhCN.desk.idleBack, { seconds: '3' }));
    await desk.getByTestId('desk-search').fill('李四');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('ticket-number').count()).toBe(1);
    await expect.poll(() => desk.getByTestId('ticket-number').count(), { timeout: 8000 }).toBe(0);
    expect(await desk.textContent('body')).toContain(zhCN.desk.prompt);
  });

  it('no-show and recall at the caller', async () => {
    await caller.getByTestId('no-show').click();
    await poll(() => caller.getByTestId('no-show-list').textContent()).toContain('0001A');
    await screenshot(caller, 'caller-no-show');
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe(zhCN.caller.none);
    await caller.getByTestId('call-next').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0002A');
    await caller.getByTestId('photographed').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe(zhCN.caller.none);
    await caller.getByTestId('recall-0001A').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0001A');
    await poll(() => display.getByTestId('calling-A').textContent()).toBe('0001A');
    // After a click the shortcuts still work: Enter marks it photographed.
    await caller.keyboard.press('Enter');
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe(zhCN.caller.none);
    await screenshot(display, 'display');
  });

  it('admin: wrong PIN refused; roster import with a bad row shows the row error', async () => {
    const admin = await openScreen('/admin');
    await admin.getByTestId('admin-pin').fill('0000');
    await admin.getByTestId('admin-pin').press('Enter');
    await poll(() => admin.textContent('body')).toContain(zhCN.errors['bad-pin']);
    await admin.getByTestId('admin-pin').fill('1234');
    await admin.getByTestId('admin-pin').press('Enter');
    await admin.getByTestId('tab-roster').click();
    const csv = ['学号,姓名,学院', '2020201,孙七,理学院', ',无学号,理学院', ''].join('\n');
    await admin.getByTestId('roster-file').setInputFiles({ name: 'roster-extra.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await poll(() => admin.getByTestId('roster-result').textContent()).toContain(say(zhCN.admin.roster.result, { imported: '1', updated: '0', skipped: '1' }));
    const result = await admin.getByTestId('roster-result').textContent();
    expect(result).toContain(say(zhCN.admin.roster.row, { row: '3', reason: '' }));
    await screenshot(admin, 'admin-roster');
    await admin.getByTestId('tab-stats').click();
    await admin.getByTestId('arrivals-chart').waitFor();
    await screenshot(admin, 'admin-stats');
    await admin.getByTestId('tab-exports').click();
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('export-attendance-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await admin.getByTestId('export-college').selectOption('理学院');
    const [sheet] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('export-signin-sheet').click()]);
    expect(sheet.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = await readFile((await sheet.path()) ?? '');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await admin.getByTestId('tab-settings').click();
    await screenshot(admin, 'admin-settings');
    await admin.getByLabel(zhCN.admin.settings.voiceRepeats).fill('3');
    await admin.getByRole('button', { name: zhCN.admin.settings.save }).click();
    await poll(() => admin.textContent('body')).toContain(zhCN.admin.settings.saved);
    const settings = (await api<{ voiceRepeats: number }>(baseUrl, '/api/settings')).body;
    expect(settings.voiceRepeats).toBe(3);

    // The PIN can be changed only with the current one; the admin stays signed in with the new one.
    await admin.getByTestId('new-pin').fill('5678');
    await admin.getByRole('button', { name: zhCN.admin.settings.changePin }).click();
    await poll(() => admin.getByRole('status').textContent()).toContain(zhCN.admin.settings.pinChanged);
    const check = await api(baseUrl, '/api/admin/verify-pin', { method: 'POST', pin: '5678' });
    expect(check.body).toEqual({ ok: true });
    await admin.getByLabel(zhCN.admin.settings.voiceRepeats).fill('2');
    await admin.getByRole('button', { name: zhCN.admin.settings.save }).click();
    await poll(() => admin.getByRole('status').textContent()).toContain(zhCN.admin.settings.saved);

    // A bad event file is refused with the field named; the current event stays.
    await admin.getByTestId('tab-event').click();
    await admin.getByTestId('event-json').fill(JSON.stringify({ name: '坏活动', date: '2020-12-21', feeYuan: 20, stations: [{ code: 'A', room: '7-115' }], slots: [{ station: 'A', college: '理学院', start: '9点', end: '10:00' }] }));
    await admin.getByRole('button', { name: zhCN.admin.event.import }).click();
    await poll(() => admin.getByRole('status').textContent()).toContain('slots[0].start');
    expect(await admin.textContent('body')).toContain('2021届研究生毕业图像采集');
  });
});

describe('the audit log', () => {
  it('names the screen that acted, even after the tab moved from the desk to a caller', async () => {
    const page = await openScreen('/desk');
    await poll(() => page.textContent('body')).toContain(zhCN.desk.prompt);
    await page.evaluate(() => (location.hash = '#/caller/A'));
    await poll(() => page.getByTestId('waiting-list').textContent()).toContain('0004A');
    await page.getByTestId('call-next').click();
    await poll(() => page.getByTestId('caller-current').textContent()).toBe('0004A');
    const res = await fetch(`${baseUrl}/api/exports/audit-csv`, { headers: { authorization: `Bearer ${TOKEN}`, 'x-admin-pin': '5678' } });
    expect(res.status).toBe(200);
    const rows = (await res.text()).split(/\r?\n/);
    const call = rows.filter((r) => r.includes('0004A') && /call/i.test(r));
    expect(call.length, rows.join('\n')).toBeGreaterThan(0);
    expect(call.every((r) => r.includes('caller')), call.join('\n')).toBe(true);
    const checkIn = rows.filter((r) => r.includes('0001A') && /check/i.test(r));
    expect(checkIn.some((r) => r.includes('desk')), checkIn.join('\n')).toBe(true);
  });
});

describe('every page', () => {
  it('ran without uncaught errors or CSP refusals', () => {
    expect(e2e.problems).toEqual([]);
  });
});

describe('a card on the reader (demo reader)', () => {
  it('the desk shows the card holder, the verdict and the ticket without anyone typing; no printer: hand out a plate', async () => {
    // An empty database with --reader demo gets a demo day; a demo card is presented every few seconds.
    const demo = await e2e.serve({ db: join(e2e.dir, 'demo.db'), reader: 'demo', printer: 'none' });
    const desk = await e2e.open('/desk', { base: demo.url });
    await expect.poll(() => desk.getByTestId('ticket-number').count(), { timeout: 15_000, interval: 250 }).toBe(1);
    expect(await desk.getByTestId('ticket-number').textContent()).toMatch(/^\d{4}[AB]$/);
    expect((await desk.getByTestId('student-name').textContent())?.length).toBeGreaterThan(0);
    expect(await desk.getByTestId('verdict').textContent()).toMatch(/\d{4}\*+\d{3}[\dX]/);
    const ticket = (await desk.getByTestId('ticket-number').textContent()) ?? '';
    expect(await desk.getByRole('alert').textContent()).toContain(say(zhCN.desk.printFailedHint, { ticket }));
    await screenshot(desk, 'desk-card');
  }, 30_000);
});
