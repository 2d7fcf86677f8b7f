// Who sits at the camera, in Chromium against the real `swipequeue serve`: the
// photographer calls 0004A, 0007A's student sits down and presents a card (a
// keyboard-wedge reader typing into the caller page) → 不是本人, and 拍摄完成
// asks for a second tap; 0004A's student ID typed at the tablet → 本人 ✔,
// photographed. Then 需重拍: 0004A comes back right after, marked 补拍 on the
// caller and the display.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { ALL_SIZES, SIZES, api, idNumber, poll, say, screenshot, seedDay, startSession, type E2eSession, type RosterRow } from './helpers.js';
import { layoutProblems } from './layout-checks.js';

const NAMES = ['张三丰', '李四', '王五', '赵六', '欧阳明辉', '陈静', '刘洋'];
const ROSTER: RosterRow[] = NAMES.map((name, i) => ({
  studentId: `20200${i + 1}`,
  name,
  college: '理学院',
  id17: `33010219980101${String(i + 1).padStart(3, '0')}`,
}));
const student = (ticket: number) => ROSTER[ticket - 1]!;
const words = zhCN.caller.confirm;

let e2e: E2eSession;
let base = '';
let caller: Page;
let display: Page;

const queue = async () => (await api<{ tickets: { ticket: string; status: string; retakes: number }[] }>(base, '/api/queue?station=A')).body.tickets;

beforeAll(async () => {
  e2e = await startSession('sq-confirm-');
  const db = seedDay(e2e.dir, { roster: ROSTER });
  base = (await e2e.serve({ db, printer: 'none' })).url;
  for (const r of ROSTER) expect((await api(base, '/api/checkins', { method: 'POST', body: { studentId: r.studentId } })).status).toBe(201);
  // 0001A–0003A are through; nobody is in front of the camera yet.
  for (let i = 0; i < 3; i++) {
    const { body } = await api<{ ticket: string }>(base, '/api/stations/A/call-next', { method: 'POST' });
    await api(base, `/api/tickets/${body.ticket}/photographed`, { method: 'POST' });
  }
  caller = await e2e.open('/caller/A', { size: SIZES.tablet });
  display = await e2e.open('/display', { size: SIZES.tv });
}, 120_000);

afterAll(async () => {
  await e2e?.close();
});

/** What a keyboard-wedge reader does: the whole number in a burst, then Enter, into whatever has the focus. */
async function wedge(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line, { delay: 2 });
  await page.keyboard.press('Enter');
}

const verdict = (page: Page) => page.getByTestId('confirm-verdict');

describe('the camera confirms who sits in front of it', () => {
  it('says plainly when nobody is called', async () => {
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe(zhCN.caller.none);
    // the hidden target holds the focus for a reader or scanner
    expect(await caller.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('wedge-target');
    await wedge(caller, student(4).studentId);
    await poll(() => verdict(caller).getAttribute('data-kind')).toBe('nobody');
    expect(await verdict(caller).textContent()).toContain(words.nobody);
  });

  it('call 0004A, 0007A’s card at the camera → 不是本人, and 拍摄完成 needs a second tap', async () => {
    await caller.getByTestId('call-next').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0004A');
    // the nobody-called verdict was about the empty camera: gone with the call
    expect(await verdict(caller).count()).toBe(0);

    await wedge(caller, idNumber(student(7).id17!));
    await poll(() => verdict(caller).getAttribute('data-kind')).toBe('mismatch');
    const text = await verdict(caller).textContent();
    expect(text).toContain(words.mismatch);
    expect(text).toContain(say(words.holds, { presented: '0007A', called: '0004A' }));
    expect(text).toContain(say(words.twice, { called: '0004A' }));
    // the ID number never shows
    expect(await caller.textContent('body')).not.toContain(idNumber(student(7).id17!));
    await screenshot(caller, 'caller-not-the-called-student', [SIZES.tablet, SIZES.laptop, SIZES.small]);
    const problems: string[] = [];
    for (const size of ALL_SIZES) {
      await caller.setViewportSize(size);
      await caller.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      for (const p of await layoutProblems(caller, { buttonsOnScreen: true })) problems.push(`${size.width}×${size.height} ${p}`);
    }
    expect(problems).toEqual([]);
    await caller.setViewportSize(SIZES.tablet);

    // one tap only asks
    await caller.getByTestId('photographed').click();
    await poll(() => verdict(caller).textContent()).toContain(say(words.armed, { called: '0004A' }));
    expect((await queue()).find((t) => t.ticket === '0004A')?.status).toBe('called');
  });

  it('0004A’s student ID typed at the tablet → 本人 ✔ with the name; one tap photographs', async () => {
    await caller.getByTestId('confirm-input').fill(student(4).studentId);
    await caller.getByTestId('confirm-input').press('Enter');
    await poll(() => verdict(caller).getAttribute('data-kind')).toBe('match');
    expect(await verdict(caller).textContent()).toBe(`${words.match}${student(4).name}`);
    await screenshot(caller, 'caller-confirmed', [SIZES.tablet, SIZES.phone]);
    // the focus went back to the hidden target, so the next card is read
    expect(await caller.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('wedge-target');
    await caller.getByTestId('photographed').click();
    await poll(async () => (await queue()).find((t) => t.ticket === '0004A')?.status).toBe('photographed');
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe(zhCN.caller.none);
  });

  it('需重拍: 0004A comes back right after, keeps its number, shows 补拍 on the caller and the display', async () => {
    await caller.getByTestId('call-next').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0005A');
    await caller.getByTestId('retake-details').locator('summary').click();
    await caller.getByTestId('retake-0004A').click();
    // the first tap only asks
    expect((await queue()).find((t) => t.ticket === '0004A')?.status).toBe('photographed');
    await caller.getByTestId('retake-confirm-0004A').click();
    await poll(() => caller.getByTestId('caller-message').textContent()).toBe(say(zhCN.retake.marked, { ticket: '0004A' }));
    await poll(() => caller.getByTestId('waiting-list').locator('li').first().textContent()).toContain(`0004A${zhCN.retake.tag}`);
    await poll(() => display.getByTestId('next-A').textContent()).toBe(`0004A${zhCN.retake.tag}  0006A  0007A`);
    await screenshot(display, 'display-retake-next', [SIZES.tv, SIZES.phone]);

    await caller.getByTestId('photographed').click();
    await caller.getByTestId('call-next').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe(`0004A${zhCN.retake.tag}`);
    await poll(() => display.getByTestId('calling-A').textContent()).toBe(`0004A${zhCN.retake.tag}`);
    // a new sitting: the earlier 本人 ✔ does not carry over
    expect(await verdict(caller).count()).toBe(0);
    await wedge(caller, idNumber(student(4).id17!));
    await poll(() => verdict(caller).textContent()).toBe(`${words.match}${student(4).name}${zhCN.retake.tag}`);
    await screenshot(caller, 'caller-retake-confirmed', [SIZES.tablet]);
    expect(await layoutProblems(display)).toEqual([]);
  });

  it('拍摄前必须核对本人: the caller says so, and 拍摄完成 is refused in plain words until a match', async () => {
    await caller.getByTestId('photographed').click();
    await poll(async () => (await queue()).find((t) => t.ticket === '0004A')?.status).toBe('photographed');
    expect((await api(base, '/api/settings', { method: 'PUT', pin: '1234', body: { requireConfirm: true } })).status).toBe(200);
    await caller.getByTestId('call-next').click();
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0006A');
    await poll(() => caller.getByTestId('confirm-required').textContent()).toBe(words.required);
    await caller.getByTestId('photographed').click();
    await poll(() => caller.getByTestId('caller-message').textContent()).toBe(say(zhCN.errors['confirm-required'], { ticket: '0006A' }));
    expect((await queue()).find((t) => t.ticket === '0006A')?.status).toBe('called');
    await wedge(caller, idNumber(student(6).id17!));
    await poll(() => verdict(caller).getAttribute('data-kind')).toBe('match');
    await caller.keyboard.press('Enter');
    await poll(async () => (await queue()).find((t) => t.ticket === '0006A')?.status).toBe('photographed');
  });

  it('every page ran without uncaught errors or CSP refusals', () => {
    expect(e2e.problems).toEqual([]);
  });
});
