// Every screen at the sizes of the day (phone 390×844, portrait tablet 800×1280,
// 1024×768, 1366×768, TV 1920×1080): screenshots to test-results/screenshots, and
// the layout facts asserted from the rendered page (test/e2e/layout-checks.ts).
// The day is set up through the API; `--printer none`, as on a day without a printer.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { ALL_SIZES, api, poll, say, screenshot, seedDay, SIZES, startSession, type E2eSession, type RosterRow, type Size } from './helpers.js';
import { layoutProblems, lineCount, placeholderFits } from './layout-checks.js';

const LONG_COLLEGE = '纺织科学与工程学院（国际丝绸学院）';
const NAMES = ['张三丰', '李四', '王五', '赵六', '欧阳明辉', '阿依古丽·买买提', '陈静', '刘洋', '孙七', '周八', '吴九', '郑十'];
const ROSTER: RosterRow[] = NAMES.map((name, i) => ({
  studentId: `20200${String(i + 1).padStart(2, '0')}`,
  name,
  college: i % 3 === 2 ? '理学院' : LONG_COLLEGE,
  id17: `3301021998${String(i + 1).padStart(2, '0')}01${String(100 + i).slice(-3)}`,
}));

let e2e: E2eSession;
let base = '';

beforeAll(async () => {
  e2e = await startSession('sq-layout-');
  // The long college is photographed at A, so the caller's lists carry its name.
  const db = seedDay(e2e.dir, { roster: ROSTER, colleges: [LONG_COLLEGE, '理学院'] });
  base = (await e2e.serve({ db, printer: 'none' })).url;
  // The verdict must stay on screen while it is measured at every size.
  expect((await api(base, '/api/settings', { method: 'PUT', pin: '1234', body: { deskIdleSeconds: 600 } })).status).toBe(200);
  // Nine in the queue at A, one photographed, one 过号, one being photographed.
  for (const r of ROSTER.filter((x) => x.college === LONG_COLLEGE).slice(0, 8)) {
    expect((await api(base, '/api/checkins', { method: 'POST', body: { studentId: r.studentId } })).status).toBe(201);
  }
  const call = async () => (await api<{ ticket: string }>(base, '/api/stations/A/call-next', { method: 'POST' })).body.ticket;
  await api(base, `/api/tickets/${await call()}/photographed`, { method: 'POST' });
  await api(base, `/api/tickets/${await call()}/no-show`, { method: 'POST' });
  await call();
}, 90_000);

afterAll(async () => {
  await e2e?.close();
});

/** Screenshots at every size, and the layout problems found at each (size-labelled). */
async function check(page: Page, name: string, sizes: readonly Size[], opts: { buttonsOnScreen?: (size: Size) => boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    // Let layout and container queries settle after the resize.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await screenshot(page, name, [size]);
    for (const p of await layoutProblems(page, { buttonsOnScreen: opts.buttonsOnScreen?.(size) ?? false })) problems.push(`${size.width}×${size.height} ${p}`);
  }
  return problems;
}

const DESK_SIZES: readonly Size[] = [...ALL_SIZES, { width: 1280, height: 800 }];
/** The desk is a laptop at the door: from 1024×768 up everything fits without scrolling. */
const laptop = (s: Size) => s.width >= 1024 && s.width > s.height;

describe('layout at the sizes of the day', () => {
  it('home', async () => {
    const page = await e2e.open('/');
    await poll(() => page.textContent('body')).toContain('2021届研究生毕业图像采集');
    expect(await check(page, 'home', ALL_SIZES)).toEqual([]);
    await page.context().close();
  });

  it('desk: the prompt, a check-in (no printer: hand out a plate), a duplicate, not on the roster', async () => {
    const desk = await e2e.open('/desk');
    await poll(() => desk.textContent('body')).toContain(zhCN.desk.prompt);
    const problems = await check(desk, 'desk-prompt', DESK_SIZES, { buttonsOnScreen: laptop });
    for (const size of DESK_SIZES) {
      await desk.setViewportSize(size);
      const fit = await placeholderFits(desk, '[data-testid="desk-search"]');
      if (!fit.fits) problems.push(`${size.width}×${size.height} search placeholder cut (${fit.text} px of text in ${fit.box} px)`);
    }
    await desk.setViewportSize(SIZES.laptop);

    await desk.getByTestId('desk-search').fill(ROSTER[2]!.studentId);
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('ticket-number').textContent()).toBe('0001B');
    // --printer none is a documented mode: a calm line, the panel stays green, no alert.
    expect(await desk.getByTestId('hand-out-plate').textContent()).toBe(say(zhCN.desk.handOutPlate, { ticket: '0001B' }));
    expect(await desk.getByTestId('verdict-panel').getAttribute('data-tone')).toBe('ok');
    expect(await desk.getByRole('alert').count()).toBe(0);
    problems.push(...(await check(desk, 'desk-checked-in', DESK_SIZES, { buttonsOnScreen: laptop })));
    for (const size of DESK_SIZES.filter(laptop)) {
      await desk.setViewportSize(size);
      // The room is the second thing read: at least 24 px; the panel needs no scrolling.
      const roomPx = await desk.getByTestId('room').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      if (roomPx < 24) problems.push(`${size.width}×${size.height} room text ${roomPx} px`);
      const scroll = await desk.getByTestId('verdict').evaluate((el) => el.scrollHeight - el.clientHeight);
      if (scroll > 1) problems.push(`${size.width}×${size.height} verdict panel scrolls by ${scroll} px`);
    }
    await desk.setViewportSize(SIZES.laptop);

    await desk.getByTestId('desk-done').click();
    await desk.getByTestId('desk-search').fill(ROSTER[0]!.studentId);
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('verdict-panel').getAttribute('data-tone')).toBe('info');
    problems.push(...(await check(desk, 'desk-duplicate', DESK_SIZES, { buttonsOnScreen: laptop })));

    await desk.getByTestId('desk-done').click();
    await desk.getByTestId('desk-search').fill('2099999');
    await desk.getByTestId('desk-search').press('Enter');
    await poll(() => desk.getByTestId('verdict-panel').getAttribute('data-tone')).toBe('error');
    problems.push(...(await check(desk, 'desk-not-on-roster', DESK_SIZES, { buttonsOnScreen: laptop })));
    expect(problems).toEqual([]);
    await desk.context().close();
  });

  it('caller: all four actions on screen at every size, labels on one or two lines, lists beside or below', async () => {
    const caller = await e2e.open('/caller/A');
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0003A');
    await poll(() => caller.getByTestId('no-show-list').textContent()).toContain('0002A');
    const problems = await check(caller, 'caller', ALL_SIZES, { buttonsOnScreen: () => true });
    for (const size of ALL_SIZES) {
      await caller.setViewportSize(size);
      const lines = await lineCount(caller, '.caller-buttons .btn-label');
      if (lines.length !== 4 || lines.some((n) => n > 2)) problems.push(`${size.width}×${size.height} button labels take ${lines.join(', ')} lines`);
    }
    expect(problems).toEqual([]);
    await caller.context().close();
  });

  it('display: numbers, 过号, the colleges and the one big sound button at every size', async () => {
    const display = await e2e.open('/display');
    await poll(() => display.getByTestId('calling-A').textContent()).toBe('0003A');
    await display.getByTestId('voice-start').waitFor();
    // One photographed so far: no pace yet, so no estimate (never "about 0 minutes").
    expect(await display.getByTestId('wait-A').textContent()).toBe(say(zhCN.display.waiting, { count: '5' }));
    // The 过号 number, with where to go.
    expect(await display.getByTestId('no-shows-A').textContent()).toContain('0002A');
    expect(await display.getByTestId('no-shows-A').textContent()).toContain(zhCN.display.noShowsHint);
    expect(await check(display, 'display', ALL_SIZES)).toEqual([]);
    await display.context().close();
  });

  it('admin', async () => {
    const admin = await e2e.open('/admin');
    await admin.getByTestId('admin-pin').fill('1234');
    await admin.getByTestId('admin-pin').press('Enter');
    await admin.getByTestId('tab-settings').click();
    await admin.getByRole('button', { name: zhCN.admin.settings.save }).waitFor();
    expect(await check(admin, 'admin-settings', ALL_SIZES)).toEqual([]);
    await admin.context().close();
  });

  it('the checks themselves catch what they look for', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 400, height: 300 } });
    const page = await context.newPage();
    await page.setContent(`<style>body { margin: 0; overflow: hidden; font: 16px sans-serif; } .clip { height: 40px; overflow: hidden; }</style>
      <p style="color: #999; background: #fff">grey on white</p>
      <button style="height: 30px">small</button>
      <div style="width: 600px">too wide</div>
      <div class="clip"><p style="margin-top: 60px">cut off</p></div>
      <button style="position: absolute; top: 500px; height: 50px">below</button>
      <button style="position: absolute; top: 0; left: 300px; width: 60px; height: 50px; white-space: nowrap">a long label</button>`);
    const found = (await layoutProblems(page, { buttonsOnScreen: true })).join('\n');
    for (const expected of ['contrast 2.85:1', 'smaller than 44 px', 'sticks out sideways', 'cut off by div.clip', 'not on screen without scrolling', 'below the screen', 'its words spill out']) {
      expect(found).toContain(expected);
    }
    await context.close();
  });

  it('every page ran without uncaught errors or CSP refusals', () => {
    expect(e2e.problems).toEqual([]);
  });
});
