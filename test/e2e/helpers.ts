// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core
// against a real `swipequeue serve` child process. Each e2e file makes its own
// session (temp dir, servers, browser) and closes it in afterAll.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { twoRoomDay } from '../../src/core/demo.js';
import { checkDigit } from '../../src/shared/id-number.js';

export const root = resolve(import.meta.dirname, '../..');
/** Screenshots land here (git-ignored); look at them after a layout change. */
export const shots = join(root, 'test-results', 'screenshots');
export const TOKEN = 'e2e-secret-token';

export interface Size {
  width: number;
  height: number;
}
/** The sizes of the day: phone, portrait tablet, small laptop, laptop, TV. */
export const SIZES = {
  phone: { width: 390, height: 844 },
  tablet: { width: 800, height: 1280 },
  small: { width: 1024, height: 768 },
  laptop: { width: 1366, height: 768 },
  tv: { width: 1920, height: 1080 },
} as const satisfies Record<string, Size>;
export const ALL_SIZES: readonly Size[] = Object.values(SIZES);

/** The catalogue's words with {{vars}} filled, so wording changes do not break a test. */
export const say = (text: string, vars: Record<string, string> = {}) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');

/** Waits for the UI; generous because `npm test` runs this beside other suites on 2 cores. */
export const poll = <T>(fn: () => T | Promise<T>, timeout = 8000) => expect.poll(fn, { timeout, interval: 100 });

/** A valid GB 11643 ID number from its first 17 digits. */
export const idNumber = (first17: string) => `${first17}${checkDigit(first17) ?? '0'}`;

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Builds dist/renderer when it is missing or older than src/renderer or src/shared; once per run, from test/global-setup.ts. */
export function ensureRendererBuilt(): void {
  const index = join(root, 'dist', 'renderer', 'index.html');
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'shared')));
  if (stale) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

/** The CLI from source, as a user runs it. */
export function cli(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
}

/** fetch against the kiosk server with the token (and the admin PIN when given). */
export async function api<T = unknown>(base: string, path: string, init: { method?: string; body?: unknown; pin?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (init.pin) headers['x-admin-pin'] = init.pin;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export interface RosterRow {
  studentId: string;
  name: string;
  college: string;
  /** First 17 digits; the check digit is added. */
  id17?: string;
  hasPhoto?: boolean;
}

/** The e2e day: two rooms (A 理学院, B 纺织科学与工程学院) and four students. */
export const E2E_ROSTER: RosterRow[] = [
  { studentId: '2020001', name: '张三丰', college: '理学院', id17: '33010219980101001' },
  { studentId: '2020002', name: '李四', college: '理学院', id17: '33010219980202002' },
  { studentId: '2020003', name: '王五', college: '理学院', id17: '33010219980303003', hasPhoto: true },
  { studentId: '2020101', name: '赵六', college: '纺织科学与工程学院', id17: '33010219980404004' },
];

/** A database with the two-room event and the roster imported through the CLI. */
export function seedDay(dir: string, opts: { file?: string; roster?: RosterRow[]; colleges?: [string, string] } = {}): string {
  const db = join(dir, opts.file ?? 'kiosk.db');
  const event = twoRoomDay('2021届研究生毕业图像采集', '2020-12-21', opts.colleges ?? ['理学院', '纺织科学与工程学院']);
  writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
  cli(['event', 'import', '--db', db, join(dir, 'event.json')]);
  const rows = (opts.roster ?? E2E_ROSTER).map((r) => `${r.studentId},${r.name},${r.college},${r.id17 ? idNumber(r.id17) : ''},${r.hasPhoto ? '是' : '否'}`);
  writeFileSync(join(dir, 'roster.csv'), `学号,姓名,学院,身份证号,已有照片\n${rows.join('\n')}\n`);
  cli(['roster', 'import', '--db', db, join(dir, 'roster.csv')]);
  return db;
}

export interface Server {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGTERM and wait for the exit (serve closes the database cleanly). */
  stop(): Promise<void>;
}

export interface ServeOptions {
  db: string;
  reader?: string;
  /** Default: a file printer in the session's temp dir. */
  printer?: string;
  /** Default 0 (any free port); pass the old port to bring a stopped server back. */
  port?: number;
}

export interface OpenOptions {
  size?: Size;
  /** Default: the session's first server. */
  base?: string;
  /** Runs before the page loads (routes, init scripts). */
  prepare?: (page: Page) => Promise<void>;
  /** The token in the page's address; default the admin secret, which opens every screen. */
  token?: string;
}

export interface E2eSession {
  dir: string;
  browser: Browser;
  /** Uncaught errors and CSP refusals in any page: the kiosk must run under the app CSP without one. */
  problems: string[];
  serve(opts: ServeOptions): Promise<Server>;
  /** A page in a browser context of its own (its own sessionStorage, as another device). */
  open(route: string, opts?: OpenOptions): Promise<Page>;
  close(): Promise<void>;
}

function spawnServer(dir: string, opts: ServeOptions): Promise<Server> {
  const printer = opts.printer ?? `file:${join(dir, 'printer.bin')}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--db', opts.db, '--port', String(opts.port ?? 0), '--reader', opts.reader ?? 'none', '--printer', printer, '--token', TOKEN],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) ok({ url: m[1], port: Number(new URL(m[1]).port), child, stop });
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

/** Makes a temp dir and launches Chromium (the renderer is built by test/global-setup.ts). */
export async function startSession(prefix = 'sq-e2e-'): Promise<E2eSession> {
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const browser = await chromium.launch({
    // Debian's Chromium; never a downloaded browser. CHROMIUM_PATH for other machines.
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const servers: Server[] = [];
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const session: E2eSession = {
    dir,
    browser,
    problems,
    async serve(opts) {
      const server = await spawnServer(dir, opts);
      servers.push(server);
      return server;
    },
    async open(route, opts = {}) {
      const base = opts.base ?? servers[0]?.url;
      if (!base) throw new Error('no server: call serve() first');
      const context = await browser.newContext({ viewport: opts.size ?? SIZES.laptop, locale: 'zh-CN' });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`[${route}] page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`[${route}] ${m.text()}`);
      });
      await opts.prepare?.(page);
      await page.goto(`${base}/?token=${opts.token ?? TOKEN}#${route}`);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      for (const s of servers) await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return session;
}

/** Saves the page at each size as test-results/screenshots/<name>-<w>x<h>.png, then restores the first size. */
export async function screenshot(page: Page, name: string, sizes: readonly Size[] = [SIZES.laptop, SIZES.tv]): Promise<void> {
  const before = page.viewportSize();
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(shots, `${name}-${size.width}x${size.height}.png`) });
  }
  if (before) await page.setViewportSize(before);
}
