// Electron main: owns the kiosk (database, reader, printer: native modules
// never reach a renderer), serves the renderer from app://swipequeue/, opens
// the desk, caller and display windows, and closes everything cleanly.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, type MenuItemConstructorOptions } from 'electron';
import { openKiosk, type Kiosk } from '../core/kiosk.js';
import type { Api } from '../shared/contract.js';
import { dataFolder, parseShellConfig, type ShellConfig } from './config.js';
import { registerIpc, type RegisteredIpc } from './ipc.js';
import { KIOSK_EXIT_URL, SHELL_FILES, registerKioskExit } from './kiosk-exit.js';
import { APP_SCHEME, createAppProtocolHandler, hardenSession, hardenWebContents, isAppUrl } from './security.js';
import { openWindow, pickDisplayScreen, roleKey, type WindowRole } from './windows.js';

const PRODUCT_NAME = '刷证排号';
const here = dirname(fileURLToPath(import.meta.url));
/** dist/main → dist/preload/preload.cjs and dist/renderer (inside app.asar when packaged). */
const PRELOAD = join(here, '..', 'preload', 'preload.cjs');
const SHELL_PRELOAD = join(here, '..', 'preload', 'shell-preload.cjs');
const RENDERER_DIR = join(here, '..', 'renderer');
const ICON = join(here, '..', '..', 'assets', 'icons', 'icon.png');

// Must happen before `ready`: app:// behaves like https (origin, fetch, CSP 'self').
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

const config: ShellConfig = parseShellConfig(process.argv, process.env);
const folder = dataFolder();
// One folder for everything the app keeps; Chromium's cache in a subfolder.
app.setPath('userData', folder);
app.setPath('sessionData', join(folder, 'chromium'));

const windows = new Map<string, BrowserWindow>();
let kiosk: Kiosk | undefined;
let ipc: RegisteredIpc | undefined;
let stopKioskExit: (() => void) | undefined;
/** The shell's own reads (the menu's stations), with the admin screen's rights. */
let shellApi: Api | undefined;
let kioskMode = config.kiosk;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // Another copy owns the database; it gets focused instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    const desk = windows.get(roleKey({ kind: 'desk' })) ?? BrowserWindow.getAllWindows()[0];
    if (desk) {
      if (desk.isMinimized()) desk.restore();
      desk.focus();
    }
  });
  app.whenReady().then(start, (e: unknown) => fail(e));
}

function fail(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`error: ${message}`);
  dialog.showErrorBox(PRODUCT_NAME, `无法启动：${message}\n\n数据文件夹：${folder}`);
  app.exit(1);
}

async function start(): Promise<void> {
  try {
    mkdirSync(folder, { recursive: true });
    kiosk = await openKiosk({
      dbFile: config.dbFile ?? join(folder, 'swipequeue.db'),
      ...(config.reader !== undefined ? { reader: config.reader } : {}),
      ...(config.printer !== undefined ? { printer: config.printer } : {}),
    });
  } catch (e) {
    fail(e);
    return;
  }
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR, SHELL_FILES));
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  ipc = registerIpc(ipcMain, kiosk, { isTrustedSender: (frame) => frame !== null && isAppUrl(frame.url) });
  stopKioskExit = registerKioskExit(ipcMain, { checkPin: kiosk.checkPin, leave: leaveKioskMode });
  shellApi = kiosk.as({ role: 'admin', actor: 'app', device: 'app' });

  open({ kind: 'desk' });
  openDisplay(config.display);
  for (const station of config.callers) open({ kind: 'caller', station });
  await refreshMenu();
  kiosk.subscribe((event) => {
    if (event.type === 'event-changed') void refreshMenu();
  });
}

function open(role: WindowRole, fullScreenOn?: Electron.Rectangle): BrowserWindow {
  const key = roleKey(role);
  const existing = windows.get(key);
  if (existing && !existing.isDestroyed()) {
    existing.focus();
    return existing;
  }
  const win = openWindow({
    role,
    preload: PRELOAD,
    productName: PRODUCT_NAME,
    icon: ICON,
    kiosk: kioskMode && role.kind === 'desk',
    ...(fullScreenOn !== undefined ? { fullScreenOn } : {}),
    devTools: !app.isPackaged,
  });
  windows.set(key, win);
  win.on('closed', () => windows.delete(key));
  if (role.kind === 'desk') guardKioskWindow(win);
  return win;
}

/** The display: full screen on the second monitor when there is one. */
function openDisplay(evenWithoutSecondMonitor: boolean): void {
  const target = pickDisplayScreen(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
  if (target) open({ kind: 'display' }, target.bounds);
  else if (evenWithoutSecondMonitor) open({ kind: 'display' });
}

/** In kiosk mode the desk cannot be closed (Alt+F4, Ctrl+W) and Ctrl+Shift+Q asks for the admin PIN. */
function guardKioskWindow(win: BrowserWindow): void {
  win.on('close', (event) => {
    if (kioskMode && !quitting) event.preventDefault();
  });
  win.webContents.on('before-input-event', (event, input) => {
    if (!kioskMode || input.type !== 'keyDown') return;
    if ((input.control || input.meta) && input.shift && input.key.toLowerCase() === 'q') {
      event.preventDefault();
      askPinToLeave(win);
    }
  });
}

let pinPrompt: BrowserWindow | undefined;
function askPinToLeave(parent: BrowserWindow): void {
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
    title: '退出全屏',
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
  void pinPrompt.loadURL(KIOSK_EXIT_URL);
}

function leaveKioskMode(): void {
  if (!kioskMode) return;
  kioskMode = false;
  if (pinPrompt && !pinPrompt.isDestroyed()) pinPrompt.close();
  const desk = windows.get(roleKey({ kind: 'desk' }));
  if (desk && !desk.isDestroyed()) desk.setKiosk(false);
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
  if (kioskMode) {
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
        { label: '打开数据文件夹', click: () => void openDataFolder() },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '窗口',
      submenu: [
        { label: '签到', click: () => open({ kind: 'desk' }) },
        ...(callers.length > 0 ? callers : [{ label: '叫号（先导入活动）', enabled: false }]),
        { label: '候场大屏', click: () => openDisplay(true) },
        { label: '管理', click: () => open({ kind: 'admin' }) },
      ],
    },
    {
      label: '视图',
      submenu: [
        { role: 'reload', label: '重新载入' },
        { role: 'togglefullscreen', label: '全屏' },
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools', label: '开发者工具' } as const]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function openDataFolder(): Promise<void> {
  // openPath on a folder we created: it opens the file manager, never a URL.
  const problem = await shell.openPath(folder);
  if (problem !== '') dialog.showErrorBox(PRODUCT_NAME, `打不开数据文件夹 ${folder}：${problem}`);
}

// Clean shutdown: the database is closed (WAL checkpointed) before the process ends.
let closed = false;
app.on('before-quit', (event) => {
  if (kioskMode && !quitting && BrowserWindow.getAllWindows().length > 0) {
    event.preventDefault(); // Ctrl+Q or the OS asking: still needs the admin PIN
    return;
  }
  quitting = true;
  if (closed || kiosk === undefined) return;
  event.preventDefault();
  closed = true;
  ipc?.dispose();
  stopKioskExit?.();
  kiosk.close().then(
    () => app.quit(),
    (e: unknown) => {
      console.error('error: closing the kiosk:', e);
      app.quit();
    },
  );
});
app.on('window-all-closed', () => app.quit());
