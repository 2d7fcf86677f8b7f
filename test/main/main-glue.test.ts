// src/main/main.ts itself, run under Node against a fake Electron
// (test/main/fake-electron.ts) and the real kiosk on a temporary SQLite file:
// the order things happen in at start, the keyboard, the display following
// monitors, the PIN-guarded shortcuts, zoom per window, the session end, the
// log, and the failure screen. What the real Electron and Windows do with
// these calls is not proven here (no Electron binary on this machine).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { osOf } from '../../src/main/native.js';
import { KIOSK_EXIT_CHANNEL, ZOOM_CHANNEL } from '../../src/shared/contract.js';
import { tmpDir } from '../core/helpers.js';
import { until } from '../wait.js';
import { FakeBrowserWindow, createFakeElectron, type FakeDisplay } from './fake-electron.js';

const require = createRequire(import.meta.url);
const nodeBuild = join(require.resolve('better-sqlite3/package.json'), '..', 'build', 'Release', 'better_sqlite3.node');

const laptop: FakeDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 }, workArea: { x: 0, y: 0, width: 1366, height: 728 } };
const tv: FakeDisplay = { id: 7, bounds: { x: 1366, y: 0, width: 1920, height: 1080 }, workArea: { x: 1366, y: 0, width: 1920, height: 1040 } };
const DESK = 'app://swipequeue/index.html#/desk';

const savedEnv = { ...process.env };
let listenersBefore: { exception: unknown[]; rejection: unknown[] };

/** Loads a fresh copy of main.ts against a fresh fake Electron. */
async function launch(opts: { binding: boolean; env?: Record<string, string> }) {
  const home = tmpDir('sq-main-');
  const appPath = join(home, 'app');
  if (opts.binding) {
    // "Electron's" build of better-sqlite3 where main looks for it; here Node's build, since Node runs the test.
    const dir = join(appPath, 'build', 'electron-native', `${osOf(process.platform)}-${process.arch}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(nodeBuild, join(dir, 'better_sqlite3.node'));
  }
  const dbFile = join(home, 'data', 'day.db');
  Object.assign(process.env, { XDG_DATA_HOME: join(home, 'xdg'), SWIPEQUEUE_DB: dbFile, SWIPEQUEUE_READER: 'none', SWIPEQUEUE_PRINTER: 'none', ...opts.env });
  FakeBrowserWindow.all = [];
  FakeBrowserWindow.focusedWindow = null;
  const fake = createFakeElectron({ displays: [laptop, tv], appPath });
  listenersBefore = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
  vi.resetModules();
  vi.doMock('electron', () => fake.electron);
  await import('../../src/main/main.js');
  fake.makeReady();
  await new Promise((r) => setTimeout(r, 0));
  return { fake, dbFile, logFile: join(home, 'data', 'logs', 'app.log') };
}

afterEach(() => {
  for (const l of process.listeners('uncaughtException')) if (!listenersBefore.exception.includes(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!listenersBefore.rejection.includes(l)) process.off('unhandledRejection', l);
  process.env = { ...savedEnv };
  vi.doUnmock('electron');
  vi.restoreAllMocks();
});

describe('the desktop app from start to session end (kiosk mode, a TV, one caller)', () => {
  it('runs the day’s sequence', async () => {
    const { fake, dbFile, logFile } = await launch({ binding: true, env: { SWIPEQUEUE_KIOSK: '1', SWIPEQUEUE_CALLERS: 'A' } });

    // Windows open first (the kiosk may still be opening): desk, display on the TV, caller.
    const routes = fake.windows().map((w) => w.webContents.url.replace('app://swipequeue/index.html#', ''));
    expect(routes).toEqual(['/desk', '/display', '/caller/A']);
    const [desk, display, caller] = fake.windows() as [FakeBrowserWindow, FakeBrowserWindow, FakeBrowserWindow];
    expect(desk.kiosk).toBe(true);
    expect(display.options.focusable).toBe(false);
    for (const w of fake.windows()) w.ready();
    expect(desk.calls).toContain('show');
    expect(caller.calls).toContain('showInactive');
    expect(display.calls.slice(-3)).toEqual(['showInactive', 'bounds 1366,0 1920x1080', 'fullScreen true']);
    expect(FakeBrowserWindow.focusedWindow).toBe(desk);
    expect(fake.powerSaveBlocker.started).toEqual(['prevent-display-sleep']);

    // Calls wait for the kiosk and then go through.
    await expect(fake.invoke(DESK, 'swipequeue:health', {})).resolves.toMatchObject({ ok: true, value: { ok: true } });
    await until(() => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('the desktop app started'), 'the start in the log');

    // Kiosk mode: neither the desk nor the display can be closed.
    expect(desk.close()).toBe(false);
    expect(display.close()).toBe(false);

    // A reader typing into the caller window: handed to the desk, Enter included.
    let t = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 5));
    FakeBrowserWindow.focusedWindow = caller;
    const reachedCaller = [...'2019001', 'Enter'].filter((k) => !caller.webContents.key({ key: k }));
    expect(reachedCaller).toEqual(['2']);
    expect(FakeBrowserWindow.focusedWindow).toBe(desk);
    expect(desk.webContents.inputEvents.filter((e) => e.type === 'char').map((e) => e.keyCode)).toEqual([...'2019001', '\r']);

    // The TV unplugged (or Windows set to "duplicate"): hidden, still speaking, and the operator is told.
    fake.electron.screen.set([laptop], 'display-removed');
    expect(display.visible).toBe(false);
    expect(fake.messageBoxes.map((b) => b.message)).toEqual(['候场大屏已隐藏']);
    // Plugged back: full screen on it again, without taking the keyboard.
    fake.electron.screen.set([laptop, tv], 'display-added');
    expect(display.visible).toBe(true);
    expect(display.calls.slice(-3)).toEqual(['showInactive', 'bounds 1366,0 1920x1080', 'fullScreen true']);
    expect(FakeBrowserWindow.focusedWindow).toBe(desk);

    // Ctrl+Shift+D in kiosk mode asks for the admin PIN; the right PIN shows/moves the display.
    expect(desk.webContents.key({ key: 'D', control: true, shift: true })).toBe(true);
    const prompt = fake.windows().at(-1)!;
    expect(prompt.webContents.url).toBe('app://swipequeue/__shell/kiosk-exit.html#display');
    await expect(fake.invoke(prompt.webContents.url, KIOSK_EXIT_CHANNEL, '1234', 'display')).resolves.toEqual({ ok: true, value: { moved: true } });
    expect(prompt.destroyed).toBe(true);
    expect(display.fullScreen).toBe(false); // one TV: the next place is a window on the desk's monitor

    // Ctrl+Shift+Q and the PIN leave kiosk mode; the menu comes back, with 打开日志.
    desk.webContents.key({ key: 'q', control: true, shift: true });
    const exitPrompt = fake.windows().at(-1)!;
    await expect(fake.invoke(exitPrompt.webContents.url, KIOSK_EXIT_CHANNEL, '0000')).resolves.toMatchObject({ ok: false, error: { error: 'bad-pin' } });
    await expect(fake.invoke(exitPrompt.webContents.url, KIOSK_EXIT_CHANNEL, '1234')).resolves.toMatchObject({ ok: true });
    expect(desk.kiosk).toBe(false);
    await until(() => fake.menus.at(-1) !== null && fake.menus.at(-1) !== undefined, 'the menu');
    type Item = { label?: string; submenu?: Item[]; click?: (item: unknown, win: unknown) => void };
    const items = (fake.menus.at(-1) as Item[]).flatMap((m) => m.submenu ?? []);
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['打开日志', '打开数据文件夹', '放大', '缩小', '实际大小']));

    // Zoom the desk: only the desk hears of it.
    items.find((i) => i.label === '放大')!.click!(null, desk);
    expect(desk.webContents.sent).toContainEqual({ channel: ZOOM_CHANNEL, args: [1.1] });
    expect(display.webContents.sent.filter((s) => s.channel === ZOOM_CHANNEL)).toEqual([]);

    // Windows logs off: no before-quit; the database is closed before the handler returns.
    expect(existsSync(`${dbFile}-wal`)).toBe(true);
    desk.emit('session-end');
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
    expect(fake.powerSaveBlocker.active()).toBe(0);
    expect(readFileSync(logFile, 'utf8')).toContain('the session is ending');
  });
});

describe('the failure screen', () => {
  it('a missing Electron build of better-sqlite3: the app’s own Chinese screen, not a window with nothing in it', async () => {
    const { fake, logFile } = await launch({ binding: false });
    await until(() => fake.windows().some((w) => w.webContents.url.endsWith('/__shell/failure.html')), 'the failure screen');
    const [failure, ...others] = [...fake.windows()].reverse();
    expect(others).toEqual([]); // the desk is gone
    const page = await (await fake.fetch(failure!.webContents.url)).text();
    expect(page).toContain('程序组件损坏或版本不符，无法启动');
    expect(page).toContain(logFile);
    expect(readFileSync(logFile, 'utf8')).toContain('the desktop app stopped on a failure');
    // IPC calls that waited for the kiosk fail with a code, not a hang.
    await expect(fake.invoke(DESK, 'swipequeue:health', {})).resolves.toMatchObject({ ok: false, error: { error: 'internal' } });
    failure!.close();
    expect(fake.electron.app.exitCode).toBe(1);
  });

  it('an exception nobody caught in main: the same screen', async () => {
    const { fake } = await launch({ binding: true });
    await expect(fake.invoke(DESK, 'swipequeue:health', {})).resolves.toMatchObject({ ok: true });
    process.emit('uncaughtException', new TypeError("Cannot read properties of undefined (reading 'station')"));
    const failure = fake.windows().find((w) => w.webContents.url.endsWith('/__shell/failure.html'));
    expect(failure).toBeDefined();
    const page = await (await fake.fetch(failure!.webContents.url)).text();
    expect(page).toContain('刷证排号遇到意外错误，需要重新启动');
    expect(page).toContain('reading &#39;station&#39;');
  });
});
