// Several desks and several campuses, end to end (issue 18): the 003 day with
// two kiosk servers, one per campus; at 金石滩 a second door whose reader (the
// SAM emulator on a socat pty) is forwarded by `swipequeue reader forward`; a
// browser desk per door (Debian's Chromium); the server restarting while the
// second door keeps reading; then `swipequeue merge` and the joint exports
// read back (pdftotext, xlsx).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import XLSX from '@e965/xlsx';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedReader, type EmulatedReader } from '../../src/hardware/idcard/emulator/pty-reader.js';
import { roleToken } from '../../src/server/auth.js';
import { checkDigit } from '../../src/shared/id-number.js';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { EVENT_003_PATH } from '../fixtures/event-003.js';
import { residentBlock } from '../hardware/idcard/build.js';

const root = resolve(import.meta.dirname, '../..');
const shots = join(root, 'test-results', 'screenshots');
const TOKEN = 'e2e-desks-token';
/** The second door holds the desk role's token (docs/interfaces.md §3.5), for its forwarder and its browser. */
const DESK_TOKEN = roleToken(TOKEN, 'desk');
const PIN = '1234';
const dir = mkdtempSync(join(tmpdir(), 'sq-e2e-desks-'));
const JIN = join(dir, 'jinshitan.db');
const KAI = join(dir, 'kaifaqu.db');
const QUEUE = join(dir, 'forward-queue');

/** Generous: `npm test` runs this beside other suites on 2 cores; the forwarder backs off up to 10 s. */
const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 150 });
const say = (text: string, vars: Record<string, string> = {}) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');
const idNumber = (first17: string) => `${first17}${checkDigit(first17) ?? '0'}`;

interface Student {
  sid: string;
  name: string;
  college: string;
  id: string;
}
const S = {
  li1: { sid: '2017001', name: '李理一', college: '理学院', id: idNumber('21021319990101001') },
  ji1: { sid: '2017002', name: '纪机一', college: '机电学院（双D港校区）', id: idNumber('21021319990202002') },
  li2: { sid: '2017003', name: '黎理二', college: '理学院', id: idNumber('21021319990303003') },
  jing: { sid: '2017004', name: '敬经一', college: '经济管理学院', id: idNumber('21021319990404004') },
  li3: { sid: '2017005', name: '栗理三', college: '理学院', id: idNumber('21021319990505005') },
  yan1: { sid: '2017201', name: '严研一', college: '研究生', id: idNumber('21021319980606006') },
  wu1: { sid: '2017301', name: '伍物一', college: '物理与材料工程学院', id: idNumber('21021319990707007') },
  wu2: { sid: '2017302', name: '武物二', college: '物理与材料工程学院', id: idNumber('21021319990808008') },
  xin: { sid: '2017601', name: '辛信缺', college: '信息与通信工程学院', id: idNumber('21021319990909009') },
} satisfies Record<string, Student>;

const procs: ChildProcess[] = [];
let browser: Browser | null = null;
let emu: EmulatedReader | null = null;
const pageProblems: string[] = [];

function cli(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
}

function spawnCli(args: string[]): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  return { child, out: () => out, err: () => err };
}

async function serve(db: string, port = 0): Promise<{ url: string; port: number; child: ChildProcess }> {
  const p = spawnCli(['serve', '--db', db, '--port', String(port), '--reader', 'none', '--printer', 'none', '--token', TOKEN]);
  const url = await new Promise<string>((ok, fail) => {
    const check = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(p.out());
      if (m?.[1]) {
        clearInterval(check);
        ok(m[1]);
      }
    }, 50);
    p.child.once('exit', (code) => {
      clearInterval(check);
      fail(new Error(`serve exited ${code}: ${p.err()}`));
    });
  });
  return { url, port: Number(new URL(url).port), child: p.child };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function api(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'x-admin-pin': PIN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

async function openDesk(base: string, route: string, name: string, token = TOKEN): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`[${name}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(`[${name}] ${m.text()}`);
  });
  await page.goto(`${base}/?token=${token}#${route}`);
  return page;
}

const shoot = (page: Page, name: string) => page.screenshot({ path: join(shots, `desks-${name}.png`) });

/** A card on the second door's reader, lifted once the forwarder has answered it. */
async function swipe(s: Student, answered: () => number): Promise<void> {
  const before = answered();
  emu!.present(residentBlock({ name: s.name, id: s.id }));
  await poll(answered).toBeGreaterThan(before);
  emu!.lift();
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const roster = ['学号,姓名,学院,身份证号', ...Object.values(S).map((s) => `${s.sid},${s.name},${s.college},${s.id}`)].join('\n');
  writeFileSync(join(dir, 'roster.csv'), `${roster}\n`);
  // Both campuses import the same event file and the whole roster; each has its own key.
  for (const db of [JIN, KAI]) {
    cli(['event', 'import', '--db', db, EVENT_003_PATH]);
    cli(['roster', 'import', '--db', db, join(dir, 'roster.csv')]);
  }
  emu = await startEmulatedReader();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const p of procs) await stopProcess(p);
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two campuses, a forwarded second door, one report', () => {
  let jin: { url: string; port: number; child: ChildProcess };
  let kai: { url: string; port: number; child: ChildProcess };
  let forward: ReturnType<typeof spawnCli>;
  let eastDoor: Page;
  let mainDoor: Page;
  let kaiDoor: Page;
  const answers = () =>
    forward
      .out()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { ticket?: string; late: boolean; name: string; maskedId: string; error?: string });

  it('金石滩: the second door forwards its reader as desk 东门; both doors share one sequence per station', async () => {
    jin = await serve(JIN);
    await api(jin.url, 'PUT', '/api/settings', { siteStations: ['A', 'B'] });
    forward = spawnCli(['reader', 'forward', '--reader', emu!.target, '--server', jin.url, '--token', DESK_TOKEN, '--desk', '东门', '--queue', QUEUE]);
    eastDoor = await openDesk(jin.url, `/desk/${encodeURIComponent('东门')}`, 'east', DESK_TOKEN);
    mainDoor = await openDesk(jin.url, '/desk', 'main');
    await poll(() => eastDoor.getByTestId('desk-feed-status').textContent()).toContain(say(zhCN.desk.remote.inTouch, { desk: '东门' }));
    // Its reader is the forwarder's (ready), not the server's (none here).
    await poll(() => eastDoor.getByTestId('desk-feed-status').textContent()).toMatch(/读卡器：.*就绪/);
    expect(await eastDoor.getByTestId('hw-读卡器').count()).toBe(0);
    await poll(() => mainDoor.textContent('body')).toContain(zhCN.desk.prompt);

    await swipe(S.li1, () => answers().length);
    await poll(() => eastDoor.getByTestId('ticket-number').textContent()).toBe('0001A');
    expect(await eastDoor.getByTestId('verdict').textContent()).toContain(S.li1.name);
    // The main door's page follows its own reader only.
    expect(await mainDoor.getByTestId('ticket-number').count()).toBe(0);

    // The student signs at the second door, on the browser there.
    const pad = eastDoor.getByTestId('signature');
    const box = await pad.boundingBox();
    if (!box) throw new Error('no signature pad');
    await eastDoor.mouse.move(box.x + 20, box.y + box.height / 2);
    await eastDoor.mouse.down();
    for (let i = 1; i <= 8; i++) await eastDoor.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? -15 : 15));
    await eastDoor.mouse.up();
    await eastDoor.getByTestId('save-signature').click();
    await poll(() => eastDoor.getByTestId('verdict').textContent()).toContain(zhCN.desk.signatureSaved);
    await shoot(eastDoor, 'east-door-checked-in');

    // The main door checks a student in by name: the next number of the same station.
    await mainDoor.getByTestId('desk-search').fill(S.ji1.sid);
    await mainDoor.getByTestId('desk-search').press('Enter');
    await poll(() => mainDoor.getByTestId('ticket-number').textContent()).toBe('0002A');

    await swipe(S.li2, () => answers().length);
    await poll(() => eastDoor.getByTestId('ticket-number').textContent()).toBe('0003A');
    expect(answers().map((a) => [a.ticket, a.late])).toEqual([
      ['0001A', false],
      ['0003A', false],
    ]);
    const audit = await fetch(`${jin.url}/api/exports/audit-csv`, { headers: { authorization: `Bearer ${TOKEN}`, 'x-admin-pin': PIN } });
    const rows = (await audit.text()).split(/\r?\n/);
    expect(rows.find((r) => r.includes('0001A') && r.includes('check-in'))).toContain('desk:东门');
    expect(rows.find((r) => r.includes('0002A') && r.includes('check-in'))).not.toContain('desk:东门');
  }, 120_000);

  it('the server restarts: reads at the second door are kept on its disk, sealed, then sent in order and listed late on its page', async () => {
    await stopProcess(jin.child);
    await swipe(S.jing, () => readdirSync(QUEUE).filter((n) => n.endsWith('.json') && n !== 'server-key.json').length);
    await swipe(S.li3, () => readdirSync(QUEUE).filter((n) => n.endsWith('.json') && n !== 'server-key.json').length);
    const kept = readdirSync(QUEUE).filter((n) => n.endsWith('.json') && n !== 'server-key.json');
    expect(kept).toHaveLength(2);
    for (const name of kept) {
      expect(statSync(join(QUEUE, name)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(QUEUE, name), 'utf8');
      for (const s of Object.values(S)) {
        expect(text.includes(s.id)).toBe(false);
        expect(text.includes(s.name)).toBe(false);
      }
    }
    expect(statSync(QUEUE).mode & 0o777).toBe(0o700);
    await poll(() => forward.err()).toMatch(/2 read\(s\) (kept|waiting)/);

    jin = await serve(JIN, jin.port);
    await poll(() => answers().length, 60_000).toBe(4);
    expect(answers().slice(2).map((a) => [a.name, a.ticket, a.late])).toEqual([
      [S.jing.name, '0004A', true],
      [S.li3.name, '0005A', true],
    ]);
    // The page came back by itself and lists the late reads with the numbers to hand out.
    await poll(() => eastDoor.getByTestId('desk-feed-late').textContent(), 60_000).toContain('0005A');
    const late = (await eastDoor.getByTestId('desk-feed-late').textContent()) ?? '';
    expect(late).toContain('0004A');
    expect(late).toContain(S.jing.name);
    await poll(() => eastDoor.getByTestId('desk-feed-status').textContent()).toContain(say(zhCN.desk.remote.inTouch, { desk: '东门' }));
    expect(await eastDoor.getByTestId('desk-feed-pending').count()).toBe(0);
    await shoot(eastDoor, 'east-door-late-reads');
    const queueA = (await api(jin.url, 'GET', '/api/queue?station=A')) as { tickets: { ticket: string }[] };
    expect(queueA.tickets.map((t) => t.ticket)).toEqual(['0001A', '0002A', '0003A', '0004A', '0005A']);
    await api(jin.url, 'POST', '/api/stations/A/call-next', {});
    await api(jin.url, 'POST', '/api/tickets/0001A/photographed', {});
  }, 180_000);

  it('开发区: its own kiosk numbers its own stations (研究生 at D, its campus slot)', async () => {
    kai = await serve(KAI);
    await api(kai.url, 'PUT', '/api/settings', { siteStations: ['C', 'D'] });
    kaiDoor = await openDesk(kai.url, '/desk', 'kaifaqu');
    for (const [s, ticket] of [
      [S.yan1, '0001D'],
      [S.wu1, '0002D'],
    ] as const) {
      await kaiDoor.getByTestId('desk-search').fill(s.sid);
      await kaiDoor.getByTestId('desk-search').press('Enter');
      await poll(() => kaiDoor.getByTestId('ticket-number').textContent()).toBe(ticket);
      await kaiDoor.getByTestId('desk-done').click();
    }
    await api(kai.url, 'PUT', '/api/tickets/0002D/fee', { feeStatus: 'paid' });
    // The photographer takes both: fees are counted per photographed student.
    for (const ticket of ['0001D', '0002D']) {
      await api(kai.url, 'POST', '/api/stations/D/call-next', {});
      await api(kai.url, 'POST', `/api/tickets/${ticket}/photographed`, {});
    }
  }, 60_000);

  it('merge: one database for the joint sign-in sheet, attendance, fees and absentees', async () => {
    await stopProcess(forward.child);
    await stopProcess(jin.child);
    await stopProcess(kai.child);
    expect(JSON.parse(cli(['merge', '--db', JIN, KAI]))).toEqual({ merged: { D: 2 } });
    // A second run is refused and changes nothing.
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'merge', '--db', JIN, KAI], { cwd: root, stdio: 'pipe' })).toThrow(
      /station D has tickets in both/,
    );

    const out = (name: string) => join(dir, name);
    expect(JSON.parse(cli(['export', 'signin-sheet', '--db', JIN, '--out', out('sheet.pdf')]))).toMatchObject({ rows: 7 });
    const sheet = execFileSync('pdftotext', ['-layout', out('sheet.pdf'), '-'], { encoding: 'utf8' });
    for (const t of ['0001A', '0002A', '0003A', '0004A', '0005A', '0001D', '0002D']) expect(sheet).toContain(t);
    for (const s of [S.li1, S.jing, S.yan1, S.wu1]) expect(sheet).toContain(s.name);

    cli(['export', 'attendance', '--db', JIN, '--out', out('attendance.xlsx')]);
    const book = XLSX.read(readFileSync(out('attendance.xlsx')));
    const att = XLSX.utils.sheet_to_json<Record<string, string>>(book.Sheets['考勤']!);
    expect(att).toHaveLength(Object.keys(S).length);
    expect(att.find((r) => r['学号'] === S.yan1.sid)?.['号牌']).toBe('0001D');
    expect(att.find((r) => r['学号'] === S.li1.sid)?.['号牌']).toBe('0001A');

    cli(['export', 'fees', '--db', JIN, '--out', out('fees.xlsx')]);
    // 17 yuan per photographed student, per college, both campuses in one table.
    const fees = XLSX.utils.sheet_to_json<Record<string, string | number>>(XLSX.read(readFileSync(out('fees.xlsx'))).Sheets['费用汇总']!);
    const feeOf = (college: string) => fees.find((r) => r['学院'] === college);
    for (const college of ['物理与材料工程学院', '研究生', '理学院']) {
      expect(feeOf(college), college).toMatchObject({ 采集人数: 1, '单价(元)': 17, '应交(元)': 17 });
    }
    expect(feeOf('物理与材料工程学院')).toMatchObject({ 已缴: 1 });

    cli(['export', 'absentees', '--db', JIN, '--out', out('absentees.xlsx')]);
    const absent = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(readFileSync(out('absentees.xlsx'))).Sheets['未采集名单']!);
    expect(absent.map((r) => r['学号']).sort()).toEqual(expect.arrayContaining([S.wu2.sid, S.xin.sid]));
    // No full ID number in any file at rest: databases, the forwarder's folder, the exports.
    const files = [JIN, KAI, out('sheet.pdf'), out('attendance.xlsx'), out('fees.xlsx'), out('absentees.xlsx')];
    for (const f of readdirSync(QUEUE, { recursive: true })) if (statSync(join(QUEUE, String(f))).isFile()) files.push(join(QUEUE, String(f)));
    for (const f of files.filter((x) => existsSync(x))) {
      const blob = readFileSync(f).toString('latin1');
      for (const s of Object.values(S)) expect(blob.includes(s.id), `${f} holds ${s.sid}'s ID number`).toBe(false);
    }
  }, 120_000);

  it('ran without uncaught errors or CSP refusals in any page', () => {
    expect(pageProblems).toEqual([]);
  });
});
