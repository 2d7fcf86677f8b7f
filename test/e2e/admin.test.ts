// The secretary's day before and after, in Chromium against a real `swipequeue
// serve` on an EMPTY database: the seed 000 notice's schedule (two rooms,
// 7-115 and 7-119, per-college slots) built with the event form, a GBK roster
// with a bad row, a shifted row and a wrong check digit previewed and then
// imported, the settings' devices, and the sign-in sheet downloaded and read
// back with pdftotext. Every admin tab is photographed and its layout checked
// at 390×844, 800×1280 and 1366×768.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import type { EventInfo } from '../../src/shared/types.js';
import { SEED_EVENT } from '../core/helpers.js';
import { api, idNumber, poll, say, screenshot, SIZES, startSession, type E2eSession, type Size } from './helpers.js';
import { layoutProblems } from './layout-checks.js';

const PIN = '1234';
const TAB_SIZES: readonly Size[] = [SIZES.phone, SIZES.tablet, SIZES.laptop];

/** Three students per college of the notice, with valid ID numbers. */
const STUDENTS = SEED_EVENT.slots.flatMap((slot, c) =>
  [0, 1, 2].map((k) => {
    const n = c * 3 + k + 1;
    return { studentId: `2020${String(n).padStart(3, '0')}`, name: `学生${String.fromCharCode(0x4e00 + n * 7)}${String.fromCharCode(0x4e50 + n)}`, college: slot.college, id: idNumber(`3301021998${String(n % 12 + 1).padStart(2, '0')}01${String(n).padStart(3, '0')}`) };
  }),
);

/** The roster as a college office saves it from Excel on Chinese Windows: GBK, CRLF. */
function gbkRoster(): { bytes: Buffer; badRow: number; shiftedRow: number; checkDigitRow: number } {
  const lines = ['学号,姓名,学院,身份证号,备注'];
  for (const s of STUDENTS) lines.push(`${s.studentId},${s.name},${s.college},${s.id},`);
  const badRow = lines.push(',无学号同学,理学院,,'); // push returns the new length: the row number, the header being row 1
  // A comma missing between the name and the college: the ID number lands in 学院, one field short.
  const shiftedRow = lines.push(`2020901,错位同学理学院,${idNumber('33010219990101901')},`);
  const wrong = idNumber('33010219990202902');
  const checkDigitRow = lines.push(`2020902,校验位错,理学院,${wrong.slice(0, 17)}${wrong[17] === '0' ? '1' : '0'},`);
  return { bytes: iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'), badRow, shiftedRow, checkDigitRow };
}

let e2e: E2eSession;
let base = '';
let admin: Page;

beforeAll(async () => {
  e2e = await startSession('sq-e2e-admin-');
  base = (await e2e.serve({ db: join(e2e.dir, 'empty.db'), printer: 'none' })).url;
  admin = await e2e.open('/admin', { size: SIZES.laptop });
  // A missing element fails its step with a message instead of waiting for the test's end.
  admin.setDefaultTimeout(15_000);
  await admin.getByTestId('admin-pin').fill(PIN);
  await admin.getByTestId('admin-pin').press('Enter');
  await admin.getByTestId('tab-event').waitFor();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
});

/**
 * Screenshots of the tab at the three sizes (from its top, or with `scrollTo` at
 * the top of the screen), and its layout problems at each.
 */
async function look(name: string, opts: { sizes?: readonly Size[]; scrollTo?: string } = {}): Promise<string[]> {
  const problems: string[] = [];
  for (const size of opts.sizes ?? TAB_SIZES) {
    await admin.setViewportSize(size);
    await admin.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (opts.scrollTo) await admin.getByTestId(opts.scrollTo).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    else await admin.locator('.admin-main').evaluate((el) => el.scrollTo(0, 0));
    await screenshot(admin, name, [size]);
    for (const p of await layoutProblems(admin)) problems.push(`${size.width}×${size.height} ${p}`);
  }
  await admin.setViewportSize(SIZES.laptop);
  return problems;
}

const downloaded = async (click: () => Promise<void>): Promise<Download> => (await Promise.all([admin.waitForEvent('download'), click()]))[0];

describe('the secretary builds the seed 000 schedule with the form, from an empty database', () => {
  it('starts with no event and the form empty', async () => {
    expect(await admin.getByTestId('event-current').textContent()).toBe(zhCN.admin.event.none);
    expect(await look('admin-event-empty')).toEqual([]);
  });

  it('says what is wrong beside the field, in Chinese, and saves nothing', async () => {
    await admin.getByTestId('add-slot').click();
    await admin.getByTestId('slot-0-end').fill('08:30'); // before its 09:00 start
    await admin.getByTestId('event-save').click();
    await poll(() => admin.getByTestId('issue-name').textContent()).toBe(say(zhCN.issues.codes.required, { field: zhCN.issues.fields.name }));
    expect(await admin.getByTestId('issue-stations.0.room').textContent()).toBe(say(zhCN.issues.codes.required, { field: zhCN.issues.fields.room }));
    expect(await admin.getByTestId('issue-slots.0.end').textContent()).toBe(say(zhCN.issues.codes['end-not-after-start'], { start: '09:00', end: '08:30' }));
    expect(await admin.getByTestId('issue-slots.0.colleges.0').textContent()).toBe(say(zhCN.issues.codes.required, { field: zhCN.issues.fields.college }));
    expect(await admin.getByTestId('event-message').textContent()).toMatch(/^有 \d+ 处要改正/);
    expect((await api(base, '/api/event')).body).toBeNull();
    expect(await look('admin-event-errors', { sizes: [SIZES.phone, SIZES.laptop] })).toEqual([]);
    await admin.getByRole('button', { name: say(zhCN.admin.event.removeSlot, { n: '1' }) }).click();
  });

  it('fills the notice: two rooms and fifteen per-college slots, and saves', async () => {
    await admin.getByTestId('event-name').fill(SEED_EVENT.name);
    await admin.getByTestId('event-date').fill(SEED_EVENT.date);
    await admin.getByTestId('event-fee').fill(String(SEED_EVENT.feeYuan));
    await admin.getByTestId('station-0-room').fill('7-115');
    await admin.getByTestId('add-station').click();
    expect(await admin.getByTestId('station-1-code').inputValue()).toBe('B');
    await admin.getByTestId('station-1-room').fill('7-119');
    for (const [i, slot] of SEED_EVENT.slots.entries()) {
      await admin.getByTestId('add-slot').click();
      await admin.getByTestId(`slot-${i}-station`).selectOption(slot.station);
      await admin.getByTestId(`slot-${i}-start`).fill(slot.start);
      await admin.getByTestId(`slot-${i}-end`).fill(slot.end);
      await admin.getByTestId(`slot-${i}-college-0`).fill(slot.college);
    }
    expect(await admin.getByTestId('event-unsaved').textContent()).toBe(zhCN.admin.event.unsaved);
    await admin.getByTestId('event-save').click();
    await poll(() => admin.getByTestId('event-message').textContent()).toBe(say(zhCN.admin.event.saved, { stations: '2', slots: '15' }));
    const saved = (await api<EventInfo>(base, '/api/event')).body;
    expect({ name: saved.name, date: saved.date, feeYuan: saved.feeYuan, stations: saved.stations }).toEqual({
      name: SEED_EVENT.name,
      date: SEED_EVENT.date,
      feeYuan: 20,
      stations: SEED_EVENT.stations,
    });
    const key = (s: { station: string; college: string; start: string; end: string }) => `${s.station} ${s.start}-${s.end} ${s.college}`;
    expect(saved.slots.map(key).sort()).toEqual(SEED_EVENT.slots.map(key).sort());
    expect(await admin.getByTestId('event-current').textContent()).toBe(say(zhCN.admin.event.current, { name: SEED_EVENT.name, date: SEED_EVENT.date }));
    expect(await admin.getByTestId('event-unsaved').count()).toBe(0);
  });

  it('a partial overlap is refused at its slot; two colleges sharing a time are one slot', async () => {
    await admin.getByTestId('slot-1-start').fill('10:00'); // 材料 now starts inside 纺织's 09:00-10:30
    await poll(() => admin.getByTestId('issue-slots.1.start').textContent()).toMatch(/^与第 1 个时段（纺织科学与工程学院（国际丝绸学院） 09:00–10:30）在 A 号拍摄点的时间部分重叠/);
    await admin.getByTestId('slot-1-start').fill('10:30');
    await poll(() => admin.getByTestId('issue-slots.1.start').count()).toBe(0);
    const before = (await api<EventInfo>(base, '/api/event')).body.slots.length;
    await admin.getByTestId('slot-8-add-college').click(); // 理学院 09:00-10:30 at B
    await admin.getByTestId('slot-8-college-1').fill('机电学院');
    await admin.getByTestId('event-save').click();
    await poll(() => admin.getByTestId('event-message').textContent()).toBe(say(zhCN.admin.event.saved, { stations: '2', slots: '15' }));
    const shared = (await api<EventInfo>(base, '/api/event')).body.slots.filter((s) => s.station === 'B' && s.start === '09:00');
    expect(shared.map((s) => s.college).sort()).toEqual(['机电学院', '理学院']);
    expect((await api<EventInfo>(base, '/api/event')).body.slots).toHaveLength(before + 1);
    await admin.getByRole('button', { name: say(zhCN.admin.event.removeCollege, { college: '机电学院' }) }).click();
    await admin.getByTestId('event-save').click();
    await poll(async () => (await api<EventInfo>(base, '/api/event')).body.slots.length).toBe(before);
  });

  it('downloads the event as a JSON file that reads back into the form', async () => {
    const file = await downloaded(() => admin.getByTestId('event-download').click());
    expect(file.suggestedFilename()).toBe(`${SEED_EVENT.name}.json`);
    const json = JSON.parse(readFileSync((await file.path()) ?? '', 'utf8')) as typeof SEED_EVENT;
    expect(json.stations).toEqual(SEED_EVENT.stations);
    expect(json.slots).toHaveLength(15);
    // A broken file is refused in Chinese with where it breaks; a good one fills the form.
    await admin.getByTestId('event-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "name": "x",\n  oops\n}') });
    await poll(() => admin.getByTestId('event-message').textContent()).toMatch(/^broken\.json 不是有效的 JSON 文件（第 3 行第 \d+ 列附近）/);
    const changed = { ...json, feeYuan: 25 };
    await admin.getByTestId('event-file').setInputFiles({ name: 'event.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
    await poll(() => admin.getByTestId('event-fee').inputValue()).toBe('25');
    expect(await admin.getByTestId('event-unsaved').count()).toBe(1);
    await admin.getByTestId('event-fee').fill('20');
    await poll(() => admin.getByTestId('event-unsaved').count()).toBe(0);
    expect(await look('admin-event')).toEqual([]);
    expect(await look('admin-event-slots', { scrollTo: 'slots' })).toEqual([]);
  });
});

describe('the roster: template, preview, import', () => {
  const roster = gbkRoster();

  it('downloads the template as Excel and CSV', async () => {
    await admin.getByTestId('tab-roster').click();
    const xlsx = await downloaded(() => admin.getByTestId('template-xlsx').click());
    expect(xlsx.suggestedFilename()).toBe('学生名单模板.xlsx');
    expect(readFileSync((await xlsx.path()) ?? '').subarray(0, 2).toString('latin1')).toBe('PK');
    const csv = await downloaded(() => admin.getByTestId('template-csv').click());
    expect(readFileSync((await csv.path()) ?? '', 'utf8')).toMatch(/^\uFEFF学号,姓名,学院,身份证号/);
  });

  it('previews a GBK file before importing: mapping, first rows, every refused row and warning in Chinese', async () => {
    await admin.getByTestId('roster-file').setInputFiles({ name: '研究生名单.csv', mimeType: 'text/csv', buffer: roster.bytes });
    await admin.getByTestId('roster-preview').waitFor();
    const preview = (await admin.getByTestId('roster-preview').textContent()) ?? '';
    expect(preview).toContain(say(zhCN.admin.roster.summary, { total: String(STUDENTS.length + 3), importable: String(STUDENTS.length + 1), skipped: '2', warnings: '1' }));
    expect(preview).toContain(zhCN.admin.roster.encodings.gb18030);
    const mapping = (await admin.getByTestId('roster-mapping').innerText()).split('\n').map((l) => l.trim().split(/\t/));
    expect(mapping).toContainEqual(['A', '学号', zhCN.admin.roster.fields.studentId]);
    expect(mapping).toContainEqual(['D', '身份证号', zhCN.admin.roster.fields.idNumber]);
    expect(mapping).toContainEqual(['E', '备注', zhCN.admin.roster.notImported]);
    expect(await admin.getByTestId('roster-ignored').textContent()).toBe(say(zhCN.admin.roster.ignored, { headers: '备注' }));
    const rows = await admin.getByTestId('roster-rows').innerText();
    expect(rows).toContain(STUDENTS[0]!.name);
    expect(rows).toContain(`${STUDENTS[0]!.id.slice(0, 4)}**********${STUDENTS[0]!.id.slice(-4)}`);
    expect(rows).not.toContain(STUDENTS[0]!.id);
    const skipped = await admin.getByTestId('roster-skipped').innerText();
    expect(skipped).toContain(say(zhCN.admin.roster.rows['missing-field'], { row: String(roster.badRow), fieldLabel: zhCN.admin.roster.fields.studentId }));
    expect(skipped).toContain(say(zhCN.admin.roster.rows['field-count'], { row: String(roster.shiftedRow), found: '4', expected: '5' }));
    expect(await admin.getByTestId('roster-warnings').innerText()).toMatch(new RegExp(`^第 ${roster.checkDigitRow} 行：身份证号 3301\\*+\\d{3}[\\dX] 校验位不对`));
    // Nothing imported yet.
    expect((await api<{ colleges: unknown[] }>(base, '/api/stats')).body.colleges).toEqual([]);
    expect(await look('admin-roster-preview')).toEqual([]);
  });

  it('imports on request and shows every skipped row and warning in Chinese', async () => {
    await admin.getByTestId('roster-import').click();
    await poll(() => admin.getByTestId('roster-result').isVisible()).toBe(true);
    const result = await admin.getByTestId('roster-result').innerText();
    expect(result).toContain(say(zhCN.admin.roster.result, { imported: String(STUDENTS.length + 1), updated: '0', skipped: '2' }));
    expect(result).toContain(say(zhCN.admin.roster.rows['missing-field'], { row: String(roster.badRow), fieldLabel: zhCN.admin.roster.fields.studentId }));
    expect(result).toContain(`第 ${roster.shiftedRow} 行：`);
    expect(result).toContain(`第 ${roster.checkDigitRow} 行：`);
    expect(result).not.toMatch(/[a-z]{4,}/); // no English reason reached the page
    const stats = (await api<{ colleges: { college: string; onRoster: number }[] }>(base, '/api/stats')).body;
    expect(stats.colleges.find((c) => c.college === '理学院')?.onRoster).toBe(4);
    expect(await look('admin-roster-result')).toEqual([]);
  });

  it('the event form now offers the roster’s colleges', async () => {
    await admin.getByTestId('tab-event').click();
    const offered = () => admin.locator('#college-suggestions option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await poll(offered).toEqual(expect.arrayContaining([...new Set(SEED_EVENT.slots.map((s) => s.college))]));
  });
});

describe('settings, exports and stats', () => {
  it('chooses a typed printer, prints a test ticket, and words a refused value beside its field', async () => {
    await admin.getByTestId('tab-settings').click();
    await poll(() => admin.getByTestId('reader-status').textContent()).toContain(zhCN.status.none);
    expect(await admin.getByTestId('reader-test').isDisabled()).toBe(true);
    await poll(() => admin.getByTestId('printer-find').textContent()).toBe(zhCN.admin.settings.findAgain);
    const paper = join(e2e.dir, 'paper.bin');
    await admin.getByTestId('printer-typed-open').click();
    await admin.getByTestId('printer-typed').fill(`file:${paper}`);
    await admin.getByTestId('printer-use').click();
    await poll(() => admin.getByTestId('printer-note').textContent()).toBe(say(zhCN.admin.settings.applied, { target: `file:${paper}` }));
    await poll(() => admin.getByTestId('printer-status').textContent()).toContain(zhCN.status.ok);
    await admin.getByTestId('printer-test').click();
    await poll(() => admin.getByTestId('printer-test-result').textContent()).toBe(zhCN.admin.settings.testPrinted);
    expect(statSync(paper).size).toBeGreaterThan(100);
    await admin.getByTestId('printer-typed').fill('lpt1');
    await admin.getByTestId('printer-use').click();
    await poll(() => admin.getByTestId('printer-typed-error').textContent()).toMatch(/^打印机地址“lpt1”用不了/);
    await admin.getByTestId('desk-idle').fill('2');
    await admin.getByTestId('settings-save').click();
    await poll(() => admin.getByTestId('settings-message').textContent()).toBe('发送的内容有误：签到台无操作返回时间不能小于 3');
    await admin.getByTestId('desk-idle').fill('30');
    await admin.getByTestId('fee-default').selectOption('paid');
    await admin.getByTestId('settings-save').click();
    await poll(() => admin.getByTestId('settings-message').textContent()).toBe(zhCN.admin.settings.saved);
    expect((await api<{ deskIdleSeconds: number; feeDefault: string }>(base, '/api/settings')).body).toMatchObject({ deskIdleSeconds: 30, feeDefault: 'paid' });
    expect(await look('admin-settings')).toEqual([]);
  });

  it('downloads the sign-in sheet with the whole roster, read back with pdftotext', async () => {
    // Three of 理学院 come; one is photographed, one misses the call.
    const li = STUDENTS.filter((s) => s.college === '理学院');
    for (const s of li) expect((await api(base, '/api/checkins', { method: 'POST', body: { studentId: s.studentId } })).status).toBe(201);
    const call = async () => (await api<{ ticket: string }>(base, '/api/stations/B/call-next', { method: 'POST' })).body.ticket;
    await api(base, `/api/tickets/${await call()}/photographed`, { method: 'POST' });
    await api(base, `/api/tickets/${await call()}/no-show`, { method: 'POST' });
    await admin.getByTestId('tab-exports').click();
    await admin.getByTestId('export-college').selectOption('理学院');
    await admin.getByTestId('export-all-students').check();
    const sheet = await downloaded(() => admin.getByTestId('export-signin-sheet').click());
    expect(sheet.suggestedFilename()).toMatch(/签到表.*全体名单.*\.pdf$/);
    const text = execFileSync('pdftotext', ['-layout', (await sheet.path()) ?? '', '-'], { encoding: 'utf8' });
    for (const s of li) expect(text).toContain(s.studentId);
    expect(text).toContain('已拍');
    expect(text).toContain('过号');
    expect(text).toContain('缺席'); // 校验位错 imported without an ID number and never came
    expect(await look('admin-exports')).toEqual([]);
  });

  it('stats show the colleges with 未到 at every size', async () => {
    await admin.getByTestId('tab-stats').click();
    await admin.getByTestId('arrivals-chart').waitFor();
    const totals = await admin.getByTestId('stats-totals').innerText();
    expect(totals.replace(/\s+/g, ' ')).toContain(`${zhCN.admin.stats.absent} ${STUDENTS.length + 1 - 3}`);
    expect(await look('admin-stats', { sizes: [...TAB_SIZES, SIZES.tv] })).toEqual([]);
    expect(e2e.problems).toEqual([]);
  });
});
