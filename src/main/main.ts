// Electron main: owns the kiosk (database, reader, printer: native modules
// never reach a renderer), serves the renderer from app://swipequeue/, opens
// the desk, caller and display windows, and closes everything cleanly. The
// decisions live in small modules tested against fakes (focus.ts,
// display-screen.ts, wake-lock.ts, kiosk-gate.ts, failure.ts, zoom.ts,
// windows.ts); this file applies them to Electron and has never run here
// (no Electron binary on the development machines).
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import { createLogger } from '../core/log-file.js';
import type { Api } from '../shared/contract.js';
import { ZOOM_CHANNEL } from '../shared/contract.js';
import { appLogFile, configProblem, dataFolder, debuggingSwitch, parseShellConfig, type ShellConfig } from './config.js';
import { displayAfterScreensChanged, displayAtStart, displayOnRequest, type DisplayAction, type DisplayWindow, type Rect } from './display-screen.js';
import { FAILURE_URL, describeFailure, failureBoxText, failureFiles, respondTo } from './failure.js';
import { WedgeRedirect, deskTakesFocusOnCard, inputEventsFor, type Focused } from './focus.js';
import { registerIpc, type RegisteredIpc } from './ipc.js';
import { createKioskGate, type ShellKiosk } from './kiosk-gate.js';
import { KIOSK_EXIT_URL, MOVE_DISPLAY_URL, SHELL_FILES, registerKioskExit, type BuiltInFile } from './kiosk-exit.js';
import { sqliteBindingPath } from './native.js';
import { APP_SCHEME, createAppProtocolHandler, hardenSession, hardenWebContents, isAppUrl } from './security.js';
import { createWakeLock } from './wake-lock.js';
import { fitToWorkArea, openWindow, placeFullScreen, roleKey, WANTED_SIZE, type WindowRole } from './windows.js';
import { nextZoom } from './zoom.js';

const PRODUCT_NAME = '刷证排号';
const here = dirname(fileURLToPath(import.meta.url));
/** dist/main → dist/preload/preload.cjs and dist/renderer (inside app.asar when packaged). */
const PRELOAD = join(here, '..', 'preload', 'preload.cjs');
const SHELL_PRELOAD = join(here, '..', 'preload', 'shell-preload.cjs');
const RENDERER_DIR = join(here, '..', 'renderer');
const ICON = join(here, '..', '..', 'assets', 'icons', 'icon.png');
const DESK = roleKey({ kind: 'desk' });
const DISPLAY = roleKey({ kind: 'display' });

// The installed kiosk never runs with a debugging port: anyone on the machine could drive it and read the roster.
const debugging = app.isPackaged ? debuggingSwitch(process.argv, process.execArgv, process.env) : null;
if (debugging !== null) {
  console.error(`error: the installed kiosk does not run with ${debugging} (it would let any program on this computer control it); start it without that option`);
  process.exit(1);
}

// Must happen before `ready`: app:// behaves like https (origin, fetch, CSP 'self').
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

const config: ShellConfig = parseShellConfig(process.argv, process.env);
/** The desk window's page: `#/desk`, or `#/desk/<name>` as a desk of another kiosk (--server … --desk). */
const DESK_ROLE: WindowRole = config.server !== undefined && config.desk !== undefined ? { kind: 'desk', desk: config.desk } : { kind: 'desk' };
const folder = dataFolder();
const dbFile = config.dbFile ?? join(folder, 'swipequeue.db');
const places = { dataFolder: folder, logFile: appLogFile(dbFile) };
// One folder for everything the app keeps; Chromium's cache in a subfolder.
app.setPath('userData', folder);
app.setPath('sessionData', join(folder, 'chromium'));

// The log first, so every later failure has somewhere to go (a GUI .exe has no console).
const { logger: log, close: closeLog } = (() => {
  try {
    // The data folder is ours alone: owner-only, even if an older version made it 0755.
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
    return createLogger(places.logFile);
  } catch (e) {
    console.error(`error: cannot write the log ${places.logFile}: ${(e as Error).message}`);
    return createLogger(null);
  }
})();

let phase: 'starting' | 'running' | 'failed' = 'starting';
process.on('uncaughtException', (e) => unexpected('exception', e));
process.on('unhandledRejection', (e) => unexpected('rejection', e));

const windows = new Map<string, BrowserWindow>();
const roles = new WeakMap<BrowserWindow, WindowRole>();
/** Built-in pages of app://swipequeue/__shell/; the failure page is added when needed. */
const shellFiles: Record<string, BuiltInFile> = { ...SHELL_FILES };
const gate = createKioskGate();
const wakeLock = createWakeLock(powerSaveBlocker);
/** Per-window zoom factors, by webContents id (zoom.ts). */
const zoomOf = new Map<number, number>();
let ipc: RegisteredIpc | undefined;
let stopKioskExit: (() => void) | undefined;
/** The shell's own reads (the menu's stations), with the admin screen's rights. */
let shellApi: Api | undefined;
let kioskMode = config.kiosk;
let quitting = false;
/** False once the operator closed the display on purpose: a monitor change does not bring it back. */
let displayWanted = true;
let display: { screenId: number | null; bounds: Rect | null } = { screenId: null, bounds: null };

if (!app.requestSingleInstanceLock()) {
  // Another copy owns the database; it gets focused instead.
  app.quit();
} else {
  app.on('second-instance', () => focusDesk());
  app.whenReady().then(start, (e: unknown) => showFailure(e));
}

function unexpected(kind: 'exception' | 'rejection', e: unknown): void {
  log.error({ err: e, kind, phase }, `swipequeue: unhandled ${kind} in main`);
  if (phase !== 'failed' && respondTo(kind, phase) === 'screen') showFailure(e);
}

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR, shellFiles));
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  ipc = registerIpc(ipcMain, gate.kiosk, {
    isTrustedSender: (frame) => frame !== null && isAppUrl(frame.url),
    logError: (message, error) => log.error({ err: error }, message),
  });
  stopKioskExit = registerKioskExit(ipcMain, {
    checkPin: (pin, device) => gate.kiosk.checkPin(pin, device),
    leave: leaveKioskMode,
    moveDisplay: () => {
      closePrompt();
      showDisplayOnRequest();
    },
  });

  // The windows first, so something appears at once; the kiosk (database,
  // reader, printer) opens behind them and calls wait for it (kiosk-gate.ts).
  open(DESK_ROLE);
  applyDisplay(displayAtStart(screen.getAllDisplays(), screen.getPrimaryDisplay().id, config.display));
  for (const station of config.callers) open({ kind: 'caller', station });
  focusDesk();
  wakeLock.hold();
  followScreens();
  followPower();
  void refreshMenu();

  let kiosk: ShellKiosk;
  try {
    const problem = configProblem(config);
    if (problem !== null) throw new Error(problem);
    if (config.server !== undefined && config.desk !== undefined) {
      // A desk of another kiosk opens no database: main calls the server over HTTP;
      // the windows keep the app's own pages (app://, its CSP) and never hold the token.
      const { openRemoteKiosk } = await import('../client/remote-kiosk.js');
      kiosk = openRemoteKiosk({
        server: config.server,
        token: config.token ?? null,
        desk: config.desk,
        ...(config.reader !== undefined ? { reader: config.reader } : {}),
        dataFolder: folder,
        log: (line) => log.info(line),
      });
    } else {
      // Imported here, not at the top: a native module that fails to load lands on the failure screen.
      const { openKiosk } = await import('../core/kiosk.js');
      kiosk = await openKiosk({
        dbFile,
        newKey: config.newKey,
        ...(config.reader !== undefined ? { reader: config.reader } : {}),
        ...(config.printer !== undefined ? { printer: config.printer } : {}),
        sqliteBinding: sqliteBindingPath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath(), platform: process.platform, arch: process.arch }),
        // Tickets left unprinted at shutdown, characters the printer cannot print.
        log: (line) => log.warn(`swipequeue: ${line}`),
      });
    }
  } catch (e) {
    gate.fail(e);
    showFailure(e);
    return;
  }
  if (phase === 'failed') {
    kiosk.closeNow();
    return;
  }
  gate.open(kiosk);
  shellApi = kiosk.as({ role: 'admin', actor: 'app', device: 'app' });
  phase = 'running';
  log.info({ dbFile, kiosk: kioskMode, callers: config.callers }, 'swipequeue: the desktop app started');
  await refreshMenu();
  kiosk.subscribe((event) => {
    if (event.type === 'event-changed') void refreshMenu();
    // A card on a serial/HID reader: the volunteer must see the desk.
    if (event.type === 'card-seen' && deskTakesFocusOnCard(focused())) focusDesk();
    if (event.type === 'printer-status' || event.type === 'reader-status') log.info({ status: event.status }, `swipequeue: ${event.type}`);
  });
}

function open(role: WindowRole, fullScreenOn?: Rect): BrowserWindow {
  const key = roleKey(role);
  const existing = windows.get(key);
  if (existing && !existing.isDestroyed()) {
    if (role.kind !== 'display') existing.focus();
    return existing;
  }
  const win = openWindow({
    role,
    preload: PRELOAD,
    productName: PRODUCT_NAME,
    icon: ICON,
    kiosk: kioskMode && role.kind === 'desk',
    ...(fullScreenOn !== undefined ? { fullScreenOn } : { workArea: screen.getPrimaryDisplay().workArea }),
    devTools: !app.isPackaged,
  });
  windows.set(key, win);
  roles.set(win, role);
  const contentsId = win.webContents.id;
  win.on('closed', () => {
    windows.delete(key);
    zoomOf.delete(contentsId);
    // The operator closed the display (outside kiosk mode): a monitor change does not reopen it.
    if (role.kind === 'display' && !quitting) {
      displayWanted = false;
      display = { screenId: null, bounds: null };
    }
  });
  // Windows logoff or shutdown: no before-quit comes; the process may end when this returns.
  win.on('session-end', () => endNow('session-end'));
  if (role.kind === 'desk' || role.kind === 'display') guardKioskClose(win);
  if (role.kind === 'desk') deskShortcuts(win);
  if (role.kind === 'caller') handWedgeToDesk(win);
  perWindowZoom(win);
  return win;
}

function focusDesk(): void {
  const desk = windows.get(DESK);
  if (!desk || desk.isDestroyed()) return;
  if (desk.isMinimized()) desk.restore();
  desk.focus();
}

function focused(): Focused {
  const w = BrowserWindow.getFocusedWindow();
  if (!w) return null;
  if (w === pinPrompt) return 'prompt';
  return roles.get(w)?.kind ?? null;
}

/** A reader or scanner typing into a caller window: its burst goes to the desk (focus.ts). */
function handWedgeToDesk(win: BrowserWindow): void {
  const wedge = new WedgeRedirect();
  win.webContents.on('before-input-event', (event, input) => {
    const decision = wedge.onKey(input, performance.now());
    if (decision.prevent) event.preventDefault();
    if (decision.focusDesk) focusDesk();
    const desk = windows.get(DESK);
    if (decision.forward.length === 0 || !desk || desk.isDestroyed()) return;
    for (const key of decision.forward) for (const e of inputEventsFor(key)) desk.webContents.sendInputEvent(e);
  });
}

/** In kiosk mode the desk and the display cannot be closed (Alt+F4, Ctrl+W). */
function guardKioskClose(win: BrowserWindow): void {
  win.on('close', (event) => {
    if (kioskMode && !quitting && phase !== 'failed') event.preventDefault();
  });
}

/** Ctrl+Shift+Q leaves kiosk mode, Ctrl+Shift+D shows or moves the display: with the admin PIN in kiosk mode. */
function deskShortcuts(win: BrowserWindow): void {
  win.webContents.on('before-input-event', (event, input) => {
    if (input.type !== 'keyDown' || !(input.control || input.meta) || !input.shift) return;
    const key = input.key.toLowerCase();
    if (key === 'q' && kioskMode) {
      event.preventDefault();
      askPin(win, KIOSK_EXIT_URL, '退出全屏');
    } else if (key === 'd') {
      event.preventDefault();
      if (kioskMode) askPin(win, MOVE_DISPLAY_URL, '候场大屏');
      else showDisplayOnRequest();
    }
  });
}

/** Zoom of this window only (zoom.ts): the menu and Ctrl+wheel; the page applies it as CSS zoom. */
function perWindowZoom(win: BrowserWindow): void {
  const contents = win.webContents;
  void contents.setVisualZoomLevelLimits(1, 1).catch(() => {});
  contents.on('zoom-changed', (_event, direction) => zoomWindow(win, direction));
  contents.on('did-finish-load', () => {
    const factor = zoomOf.get(contents.id);
    if (factor !== undefined && factor !== 1) contents.send(ZOOM_CHANNEL, factor);
  });
}

function zoomWindow(win: BrowserWindow | null | undefined, direction: 'in' | 'out' | 'reset'): void {
  if (!win || win.isDestroyed() || !roles.has(win)) return;
  const factor = nextZoom(zoomOf.get(win.webContents.id) ?? 1, direction);
  zoomOf.set(win.webContents.id, factor);
  win.webContents.send(ZOOM_CHANNEL, factor);
}

function displayWindow(): DisplayWindow {
  const win = windows.get(DISPLAY);
  if (!win || win.isDestroyed()) return { state: 'closed' };
  if (!win.isVisible()) return { state: 'hidden' };
  return { state: 'shown', screenId: display.screenId };
}

const sameRect = (a: Rect | null, b: Rect) => a !== null && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

function applyDisplay(action: DisplayAction): void {
  const win = windows.get(DISPLAY);
  const existing = win && !win.isDestroyed() ? win : undefined;
  switch (action.kind) {
    case 'none':
      return;
    case 'full-screen': {
      displayWanted = true;
      if (existing?.isVisible() && display.screenId === action.screenId && sameRect(display.bounds, action.bounds)) return;
      if (existing) {
        existing.showInactive();
        placeFullScreen(existing, action.bounds);
      } else {
        open({ kind: 'display' }, action.bounds);
      }
      display = { screenId: action.screenId, bounds: action.bounds };
      log.info({ screenId: action.screenId, bounds: action.bounds }, 'swipequeue: the display is on its monitor');
      return;
    }
    case 'windowed': {
      displayWanted = true;
      if (existing) {
        if (existing.isFullScreen()) existing.setFullScreen(false);
        existing.setBounds(fitToWorkArea(WANTED_SIZE.display, screen.getPrimaryDisplay().workArea));
        existing.showInactive();
      } else {
        open({ kind: 'display' });
      }
      display = { screenId: null, bounds: null };
      return;
    }
    case 'hide': {
      if (existing) {
        if (existing.isFullScreen()) existing.setFullScreen(false);
        existing.hide(); // it keeps speaking the calls
      }
      display = { screenId: null, bounds: null };
      log.warn('swipequeue: the display’s monitor is gone; the display is hidden');
      const desk = windows.get(DESK);
      const text =
        '候场大屏所在的显示器已断开，或 Windows 投影设为了“复制”。大屏已隐藏，叫号语音照常。\n\n接回电视后按 Win+P 选择“扩展”，大屏会自动回到电视上；也可按 Ctrl+Shift+D 显示大屏。';
      const box = { type: 'warning' as const, title: PRODUCT_NAME, message: '候场大屏已隐藏', detail: text, buttons: ['知道了'] };
      void (desk && !desk.isDestroyed() ? dialog.showMessageBox(desk, box) : dialog.showMessageBox(box)).catch(() => {});
      return;
    }
  }
}

function showDisplayOnRequest(): void {
  applyDisplay(displayOnRequest(screen.getAllDisplays(), screen.getPrimaryDisplay().id, displayWindow()));
}

/** A TV plugged in later, unplugged, switched between "extend" and "duplicate", or rescaled. */
function followScreens(): void {
  const changed = () => {
    if (phase === 'failed') return;
    applyDisplay(displayAfterScreensChanged(screen.getAllDisplays(), screen.getPrimaryDisplay().id, displayWindow(), displayWanted));
  };
  screen.on('display-added', changed);
  screen.on('display-removed', changed);
  screen.on('display-metrics-changed', changed);
}

function followPower(): void {
  // The blocker may not survive a suspend: take it again.
  powerMonitor.on('resume', () => wakeLock.hold());
  powerMonitor.on('unlock-screen', () => wakeLock.hold());
  // Linux and macOS shutdown (Windows: the windows' session-end).
  powerMonitor.on('shutdown', () => endNow('shutdown'));
}

/** The session is ending: the database closes now, synchronously. */
function endNow(why: string): void {
  log.warn({ why }, 'swipequeue: the session is ending; closing the database now');
  try {
    gate.current()?.closeNow();
  } catch (e) {
    log.error({ err: e }, 'swipequeue: closing the database at session end');
  }
  wakeLock.release();
}

let pinPrompt: BrowserWindow | undefined;
function askPin(parent: BrowserWindow, url: string, title: string): void {
  if (pinPrompt && !pinPrompt.isDestroyed()) {
    pinPrompt.focus();
    return;
  }
  pinPrompt = new BrowserWindow({
    parent,
    modal: true,
    width: 420,
    height: 260,
    resizable: false,
    minimizable: false,
    maximizable: false,
    title,
    alwaysOnTop: true,
    webPreferences: {
      preload: SHELL_PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Middle-click must not open links in a new window (Electron's checklist).
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    },
  });
  pinPrompt.setMenu(null);
  hardenWebContents(pinPrompt.webContents);
  pinPrompt.webContents.on('before-input-event', (event, input) => {
    if (input.type === 'keyDown' && input.key === 'Escape') {
      event.preventDefault();
      pinPrompt?.close();
    }
  });
  pinPrompt.loadURL(url).catch(() => {});
}

function closePrompt(): void {
  if (pinPrompt && !pinPrompt.isDestroyed()) pinPrompt.close();
}

function leaveKioskMode(): void {
  if (!kioskMode) return;
  kioskMode = false;
  closePrompt();
  const desk = windows.get(DESK);
  if (desk && !desk.isDestroyed()) desk.setKiosk(false);
  log.info('swipequeue: kiosk mode left with the admin PIN');
  void refreshMenu();
}

async function stations(): Promise<string[]> {
  try {
    const event = await shellApi?.getEvent({});
    return event?.stations.map((s) => s.code) ?? [];
  } catch {
    return [];
  }
}

async function refreshMenu(): Promise<void> {
  if (kioskMode || phase === 'failed') {
    Menu.setApplicationMenu(null);
    return;
  }
  const callers: MenuItemConstructorOptions[] = (await stations()).map((station) => ({
    label: `叫号 ${station}`,
    click: () => open({ kind: 'caller', station }),
  }));
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [
        { label: '打开日志', click: () => void openPlace(places.logFile, '日志') },
        { label: '打开数据文件夹', click: () => void openPlace(folder, '数据文件夹') },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '窗口',
      submenu: [
        { label: '签到', click: () => open(DESK_ROLE) },
        ...(callers.length > 0 ? callers : [{ label: '叫号（先导入活动）', enabled: false }]),
        { label: '候场大屏（显示 / 移到下一个屏幕）', accelerator: 'CmdOrCtrl+Shift+D', registerAccelerator: false, click: () => showDisplayOnRequest() },
        { label: '管理', click: () => open({ kind: 'admin' }) },
      ],
    },
    {
      label: '视图',
      submenu: [
        { role: 'reload', label: '重新载入' },
        { role: 'togglefullscreen', label: '全屏' },
        // Per window (zoom.ts), not the browser's per-origin zoom that would zoom the TV too.
        { label: '实际大小', accelerator: 'CmdOrCtrl+0', click: (_item, win) => zoomWindow(win as BrowserWindow | undefined, 'reset') },
        { label: '放大', accelerator: 'CmdOrCtrl+=', click: (_item, win) => zoomWindow(win as BrowserWindow | undefined, 'in') },
        { label: '缩小', accelerator: 'CmdOrCtrl+-', click: (_item, win) => zoomWindow(win as BrowserWindow | undefined, 'out') },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools', label: '开发者工具' } as const]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function openPlace(path: string, what: string): Promise<void> {
  // openPath on a file or folder we created: the log opens in a text editor, the folder in the file manager; never a URL.
  const problem = await shell.openPath(path);
  if (problem !== '') dialog.showErrorBox(PRODUCT_NAME, `打不开${what} ${path}：${problem}`);
}

/** The app's own failure screen (failure.ts) instead of Electron's English box or a process with no window. */
function showFailure(e: unknown): void {
  if (phase === 'failed') return;
  phase = 'failed';
  log.fatal({ err: e }, 'swipequeue: the desktop app stopped on a failure');
  const failure = describeFailure(e, places);
  try {
    gate.current()?.closeNow();
  } catch (closing) {
    log.error({ err: closing }, 'swipequeue: closing the database after a failure');
  }
  wakeLock.release();
  if (!app.isReady()) {
    dialog.showErrorBox(PRODUCT_NAME, failureBoxText(failure, places));
    app.exit(1);
    return;
  }
  try {
    Object.assign(shellFiles, failureFiles(failure, places));
    if (!protocol.isProtocolHandled(APP_SCHEME)) protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR, shellFiles));
    Menu.setApplicationMenu(null);
    for (const w of BrowserWindow.getAllWindows()) w.destroy();
    const win = new BrowserWindow({
      width: 760,
      height: 560,
      title: `出错了 · ${PRODUCT_NAME}`,
      icon: ICON,
      alwaysOnTop: true,
      backgroundColor: '#fff4f4',
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false, disableBlinkFeatures: 'Auxclick' },
    });
    win.setMenu(null);
    hardenWebContents(win.webContents);
    win.on('closed', () => {
      closeLog();
      app.exit(1);
    });
    win.loadURL(FAILURE_URL).catch(() => {});
  } catch (inner) {
    log.error({ err: inner }, 'swipequeue: the failure screen could not be shown');
    dialog.showErrorBox(PRODUCT_NAME, failureBoxText(failure, places));
    app.exit(1);
  }
}

// Clean shutdown: the database is closed (WAL checkpointed) before the process ends.
let closed = false;
app.on('before-quit', (event) => {
  if (phase === 'failed') return;
  if (kioskMode && !quitting && BrowserWindow.getAllWindows().length > 0) {
    event.preventDefault(); // Ctrl+Q or the OS asking: still needs the admin PIN
    return;
  }
  quitting = true;
  wakeLock.release();
  const kiosk = gate.current();
  if (closed || kiosk === undefined) return;
  event.preventDefault();
  closed = true;
  ipc?.dispose();
  stopKioskExit?.();
  kiosk.close().then(
    () => {
      log.info('swipequeue: the desktop app closed');
      closeLog();
      app.quit();
    },
    (e: unknown) => {
      log.error({ err: e }, 'swipequeue: closing the kiosk');
      app.quit();
    },
  );
});
app.on('window-all-closed', () => {
  if (phase !== 'failed') app.quit();
});
