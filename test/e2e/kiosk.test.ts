// The kiosk UI in a real browser (Debian's Chromium driven by playwright-core)
// against the real `swipequeue serve`: a file printer, no reader, a token.
// Desk, caller and display run in three browser contexts, as on the day.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { roleToken } from '../../src/server/auth.js';
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

/** Each station opens its screen with its role's token (docs/interfaces.md §3.5), as serve prints them; the admin secret opens every screen. */
const tokenFor = (route: string) => {
  const role = /^\/(desk|caller|display)\b/.exec(route)?.[1] as 'desk' | 'caller' | 'display' | undefined;
  return role === undefined ? TOKEN : roleToken(TOKEN, role);
};
const openScreen = (route: string) => e2e.open(route, { token: tokenFor(route) });

/** A few strokes on the desk's signature pad, as a student's finger would draw them. */
async function signOnPad(page: Page): Promise<void> {
  const box = await page.getByTestId('signature').boundingBox();
  if (!box) throw new Error('no signature pad');
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? -20 : 20));
  await page.mouse.up();
}

describe('kiosk UI in Chromium', () => {
  let desk: Page;
  let caller: Page;
  let display: Page;

  it('home links every screen, with the event name', async () => {
    const home = await openScreen('/');
    await poll(() => home.textContent('body')).toContain('2021届研究生毕业图像采集');
    expect(await home.locator('a[href="#/caller/B"]').count()).toBe(1);
    await home.context().close();
  });

  it('checks a student in at the desk by name search, with the ticket number huge', async () => {
    display = await openScreen('/display');
    desk = await openScreen('/desk');
    await poll(() => desk.textContent('body')).toContain(zhCN.desk.prompt);
    await desk.getByTestId('hw-读卡器').waitFor();

    await desk.getByTestId('desk-search').fill('张三');
    await desk.getByTestId('match-2020001').click();
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0001A');
    const verdict = await desk.getByTestId('verdict').textContent();
    expect(verdict).toContain('张三丰');
    expect(verdict).toContain('理学院');
    expect(verdict).toContain('3301**********');
    expect(verdict).toContain(zhCN.desk.onRoster);
    // One verdict at a glance: the panel is green; the room is right under the number.
    expect(await desk.getByTestId('verdict-panel').getAttribute('data-tone')).toBe('ok');
    expect(await desk.getByTestId('room').textContent()).toBe(say(zhCN.desk.room, { room: '7-115' }));
    // A printer is set up and printed: no plate to hand out.
    expect(await desk.getByTestId('hand-out-plate').count()).toBe(0);
    // Fee collected at the desk: the toggle records it on the ticket.
    const feeBefore = await desk.getByTestId('fee-toggle').textContent();
    await desk.getByTestId('fee-toggle').click();
    await poll(() => desk.getByTestId('fee-toggle').textContent()).not.toBe(feeBefore);
    const fee = (await api<{ feeStatus: string }>(baseUrl, '/api/tickets/0001A')).body;
    expect(await desk.getByTestId('fee-toggle').textContent()).toContain(zhCN.desk.fee[fee.feeStatus as 'paid' | 'unpaid']);
  });

  it('a caller in another context calls the ticket and the display updates live', async () => {
    // The display speaks only after a first click (browsers block autoplay): one large button, any click will do.
    expect(await display.getByTestId('voice-start').textContent()).toContain(zhCN.display.soundOn);
    await display.getByTestId('voice-start').click();
    await poll(() => display.getByTestId('voice-on').textContent()).toBe(zhCN.display.voiceOn);
    expect(await display.getByTestId('voice-start').count()).toBe(0);
    // Remembered for the session: the display screen comes back without asking again.
    await display.evaluate(() => (location.hash = '#/'));
    await poll(() => display.textContent('body')).toContain(zhCN.home.display);
    await display.evaluate(() => (location.hash = '#/display'));
    await poll(() => display.getByTestId('voice-on').count()).toBe(1);
    expect(await display.getByTestId('voice-start').count()).toBe(0);
    const hasZhVoice = await display.evaluate(() => speechSynthesis.getVoices().some((v) => /^(zh|cmn)/i.test(v.lang)));
    // Without a Mandarin voice the recorded clips play: 请 first.
    const clip = hasZhVoice ? null : display.waitForRequest((r) => /qing[^/]*\.wav$/.test(r.url()), { timeout: 5000 });
    caller = await openScreen('/caller/A');
    await poll(() => caller.getByTestId('waiting-list').textContent()).toContain('0001A');
    // Nobody in front of the camera: 下一位 is the one step, the others are off.
    expect(await caller.getByTestId('call-next').getAttribute('data-primary')).toBe('true');
    expect(await caller.getByTestId('photographed').isDisabled()).toBe(true);
    await caller.getByTestId('call-next').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0001A');
    expect(await caller.textContent('body')).toContain('张三丰');
    // The confirmation stays on screen; now 拍摄完成 is the step and 下一位 is off.
    await poll(() => caller.getByTestId('caller-message').textContent()).toBe(say(zhCN.caller.called, { ticket: '0001A' }));
    expect(await caller.getByTestId('photographed').getAttribute('data-primary')).toBe('true');
    expect(await caller.getByTestId('call-next').getAttribute('data-primary')).toBeNull();
    expect(await caller.getByTestId('call-next').isDisabled()).toBe(true);
    await poll(() => display.getByTestId('calling-A').textContent()).toBe('0001A');
    await poll(() => display.getByTestId('call-caption').textContent()).toBe('请 0001A 号到 7-115 拍照');
    if (clip) await clip;
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
    // Blue, with when the first check-in happened and where the ticket is now.
    expect(await desk.getByTestId('verdict-panel').getAttribute('data-tone')).toBe('info');
    expect(await desk.getByTestId('first-check-in').textContent()).toContain(zhCN.ticketStatus.called);
    await desk.getByRole('button', { name: say(zhCN.desk.reprint, { ticket: '0001A' }) }).click();
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(zhCN.desk.reprinted);

    await desk.getByTestId('desk-done').click();
    await desk.getByTestId('desk-search').fill('2099999');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('verdict').textContent()).toContain(zhCN.desk.notOnRoster);
    expect(await desk.getByTestId('verdict').textContent()).toContain('2099999');
    expect(await desk.getByTestId('ticket-number').count()).toBe(0);
    expect(await desk.getByTestId('verdict-panel').getAttribute('data-tone')).toBe('error');
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

  it('signatures are never lost: strokes not confirmed are saved to their ticket when the next student arrives', async () => {
    // 王五 (0002A) signs, and nobody presses 确认签名 …
    await signOnPad(desk);
    expect((await api<{ signed: boolean }>(baseUrl, '/api/tickets/0002A')).body.signed).toBe(false);
    // … the next student is typed in at once, replacing the screen: the strokes go with 0002A.
    await desk.getByTestId('desk-search').fill('2020002');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0003A');
    await poll(async () => (await api<{ signed: boolean }>(baseUrl, '/api/tickets/0002A')).body.signed).toBe(true);

    // Confirmed by the student: saved and said so.
    await signOnPad(desk);
    await desk.getByTestId('save-signature').click();
    await poll(() => desk.getByTestId('signature-status').textContent()).toBe(zhCN.desk.signatureSaved);
    expect((await api<{ signed: boolean }>(baseUrl, '/api/tickets/0003A')).body.signed).toBe(true);
  });

  it('a mistaken check-in is undone with the admin PIN', async () => {
    await poll(() => caller.getByTestId('waiting-list').textContent()).toContain('0003A');
    await desk.getByRole('button', { name: zhCN.desk.undo }).click();
    await desk.getByTestId('pin-input').fill('1234');
    await desk.getByTestId('pin-input').press('Enter');
    await poll(() => desk.textContent('body')).toContain(say(zhCN.desk.undone, { ticket: '0003A' }));
    await poll(() => caller.getByTestId('waiting-list').textContent()).not.toContain('0003A');
  });

  it('the desk returns to the swipe prompt by itself after settings.deskIdleSeconds, keeping a signature left unconfirmed', async () => {
    await desk.getByTestId('desk-search').fill('李四');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0004A');
    await signOnPad(desk);
    const put = await api(baseUrl, '/api/settings', { method: 'PUT', pin: '1234', body: { deskIdleSeconds: 3 } });
    expect(put.status).toBe(200);
    await poll(() => desk.textContent('body')).toContain(say(zhCN.desk.idleBack, { seconds: '3' }));
    await expect.poll(() => desk.getByTestId('ticket-number').count(), { timeout: 8000 }).toBe(0);
    expect(await desk.textContent('body')).toContain(zhCN.desk.prompt);
    await poll(async () => (await api<{ signed: boolean }>(baseUrl, '/api/tickets/0004A')).body.signed).toBe(true);
  });

  it('no-show and recall at the caller', async () => {
    await caller.getByTestId('no-show').click();
    await poll(() => caller.getByTestId('no-show-list').textContent()).toContain('0001A');
    await screenshot(caller, 'caller-no-show');
    expect(await caller.getByTestId('recall-0001A').isDisabled()).toBe(false);
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
  });

  it('leaving the caller or the desk for the home page needs the admin PIN', async () => {
    const page = await openScreen('/caller/B');
    await poll(() => page.getByTestId('caller-current').textContent()).toBe(zhCN.caller.none);
    await page.getByTestId('exit-link').click();
    await page.getByTestId('pin-input').fill('0000');
    await page.getByTestId('pin-input').press('Enter');
    await poll(() => page.getByRole('dialog').textContent()).toContain(zhCN.errors['bad-pin']);
    expect(await page.evaluate(() => location.hash)).toBe('#/caller/B');
    await page.getByTestId('pin-input').fill('1234');
    await page.getByTestId('pin-input').press('Enter');
    await poll(() => page.evaluate(() => location.hash)).toBe('#/');
    await poll(() => page.textContent('body')).toContain(zhCN.home.deskHint);
    await page.context().close();
  });

  it('admin: wrong PIN refused; roster import with a bad row shows the row error', async () => {
    const admin = await openScreen('/admin');
    await admin.getByTestId('admin-pin').fill('0000');
    await admin.getByTestId('admin-pin').press('Enter');
    await poll(() => admin.textContent('body')).toContain(zhCN.errors['bad-pin']);
    await admin.getByTestId('admin-pin').fill('1234');
    await admin.getByTestId('admin-pin').press('Enter');
    // Still the default PIN: every admin page says so.
    await admin.getByTestId('default-pin-banner').waitFor();
    // The stations' addresses, each with its role's token, as text and QR code.
    await admin.getByTestId('tab-access').click();
    await poll(() => admin.getByTestId('access-links').locator('code').allTextContents()).toEqual([
      `${baseUrl}/?token=${roleToken(TOKEN, 'desk')}#/desk`,
      `${baseUrl}/?token=${roleToken(TOKEN, 'caller')}#/caller/A`,
      `${baseUrl}/?token=${roleToken(TOKEN, 'caller')}#/caller/B`,
      `${baseUrl}/?token=${roleToken(TOKEN, 'display')}#/display`,
    ]);
    expect(await admin.locator('img.qr').count()).toBe(4);
    await screenshot(admin, 'admin-access');
    await admin.getByTestId('tab-roster').click();
    const csv = ['学号,姓名,学院', '2020201,孙七,理学院', ',无学号,理学院', ''].join('\n');
    await admin.getByTestId('roster-file').setInputFiles({ name: 'roster-extra.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    // A preview first; nothing is imported until the secretary says so.
    await poll(() => admin.getByTestId('roster-skipped').textContent()).toContain(say(zhCN.admin.roster.rows['missing-field'], { row: '3', fieldLabel: zhCN.admin.roster.fields.studentId }));
    await admin.getByTestId('roster-import').click();
    await poll(() => admin.getByTestId('roster-result').textContent()).toContain(say(zhCN.admin.roster.result, { imported: '1', updated: '0', skipped: '1' }));
    const result = await admin.getByTestId('roster-result').textContent();
    expect(result).toContain(say(zhCN.admin.roster.rows['missing-field'], { row: '3', fieldLabel: zhCN.admin.roster.fields.studentId }));
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
    await admin.getByLabel(zhCN.admin.settings.voiceRepeats).fill('3');
    await admin.getByRole('button', { name: zhCN.admin.settings.save }).click();
    await poll(() => admin.textContent('body')).toContain(zhCN.admin.settings.saved);
    const settings = (await api<{ voiceRepeats: number }>(baseUrl, '/api/settings')).body;
    expect(settings.voiceRepeats).toBe(3);

    // The PIN can be changed only with the current one; the admin stays signed in with the new one.
    await admin.getByTestId('new-pin').fill('5678');
    await admin.getByRole('button', { name: zhCN.admin.settings.changePin }).click();
    await poll(() => admin.getByTestId('pin-message').textContent()).toContain(zhCN.admin.settings.pinChanged);
    const check = await api(baseUrl, '/api/admin/verify-pin', { method: 'POST', pin: '5678' });
    expect(check.body).toEqual({ ok: true, defaultPin: false });
    await poll(() => admin.getByTestId('default-pin-banner').count()).toBe(0);
    await admin.getByLabel(zhCN.admin.settings.voiceRepeats).fill('2');
    await admin.getByRole('button', { name: zhCN.admin.settings.save }).click();
    await poll(() => admin.getByTestId('settings-message').textContent()).toContain(zhCN.admin.settings.saved);

    // A bad event is refused with the problem beside its field; the current event stays.
    await admin.getByTestId('tab-event').click();
    await admin.getByTestId('station-0-room').fill('');
    await admin.getByTestId('event-save').click();
    await poll(() => admin.getByTestId('issue-stations.0.room').textContent()).toBe(say(zhCN.issues.codes.required, { field: zhCN.issues.fields.room }));
    expect(await admin.getByTestId('event-current').textContent()).toContain('2021届研究生毕业图像采集');
    expect((await api<{ stations: { room: string }[] }>(baseUrl, '/api/event')).body.stations[0]?.room).toBe('7-115');
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
    await expect.poll(() => desk.getByTestId('ticket-number').count(), { timeout: 30_000, interval: 250 }).toBe(1);
    expect(await desk.getByTestId('ticket-number').textContent()).toMatch(/^\d{4}[AB]$/);
    expect((await desk.getByTestId('student-name').textContent())?.length).toBeGreaterThan(0);
    expect(await desk.getByTestId('verdict').textContent()).toMatch(/\d{4}\*+\d{3}[\dX]/);
    const ticket = (await desk.getByTestId('ticket-number').textContent()) ?? '';
    // --printer none is a documented mode: hand out a plate, calmly; no alarm.
    expect(await desk.getByTestId('hand-out-plate').textContent()).toBe(say(zhCN.desk.handOutPlate, { ticket }));
    expect(await desk.getByTestId('verdict-panel').getAttribute('data-tone')).toBe('ok');
    expect(await desk.getByRole('alert').count()).toBe(0);
    await screenshot(desk, 'desk-card');
  }, 60_000);
});
