// The kiosk's windows: the desk (check-in), a caller per station (the
// photographer), the waiting-room display, the admin page. Each loads the
// same renderer from app://swipequeue/ and picks its page by hash route.
import { BrowserWindow, type Rectangle } from 'electron';
import { pickDisplayScreen } from './display-screen.js';
import { showPolicy } from './focus.js';
import { appUrl, hardenWebContents } from './security.js';

export { pickDisplayScreen };

/** `desk` names the desk when the app is a desk of another kiosk (`--server … --desk 东门`). */
export type WindowRole = { kind: 'desk'; desk?: string } | { kind: 'caller'; station: string } | { kind: 'display' } | { kind: 'admin' };

/** The renderer's hash route of a window: `/desk`, `/desk/东门`, `/caller/A`, `/display`, `/admin`. */
export function routeOf(role: WindowRole): string {
  if (role.kind === 'caller') return `/caller/${role.station}`;
  if (role.kind === 'desk' && role.desk !== undefined) return `/desk/${encodeURIComponent(role.desk)}`;
  return `/${role.kind}`;
}

/** One window per role (one desk, whatever its name); a second request focuses the one already open. */
export const roleKey = (role: WindowRole): string => (role.kind === 'desk' ? '/desk' : routeOf(role));

const TITLES: Record<WindowRole['kind'], string> = { desk: '签到', caller: '叫号', display: '候场大屏', admin: '管理' };
export function titleOf(role: WindowRole, productName: string): string {
  const what = role.kind === 'caller' ? `${TITLES.caller} ${role.station}` : TITLES[role.kind];
  return `${what} · ${productName}`;
}

/** The size each window asks for: callers are smaller; the others fit a 1280×800 screen. */
export const WANTED_SIZE: Record<WindowRole['kind'], { width: number; height: number }> = {
  desk: { width: 1280, height: 800 },
  caller: { width: 900, height: 700 },
  display: { width: 1280, height: 800 },
  admin: { width: 1280, height: 800 },
};

/**
 * The window's size and place on a monitor's work area (without the taskbar):
 * the wanted size, shrunk to fit (a 1280×800 desk on a 1366×768 laptop), centred.
 */
export function fitToWorkArea(wanted: { width: number; height: number }, workArea: Rectangle): Rectangle {
  const width = Math.min(wanted.width, workArea.width);
  const height = Math.min(wanted.height, workArea.height);
  return {
    x: workArea.x + Math.floor((workArea.width - width) / 2),
    y: workArea.y + Math.floor((workArea.height - height) / 2),
    width,
    height,
  };
}

/** The window calls main.ts needs (structural, so tests pass a fake). */
export interface PlaceableWindow {
  isFullScreen(): boolean;
  setFullScreen(flag: boolean): void;
  setBounds(bounds: Partial<Rectangle>): void;
}

/**
 * Full screen on a monitor. Bounds are set after the window exists and again
 * before going full screen: a window created on a monitor with another scaling
 * (a 150 % laptop, a 100 % TV) gets its size wrong from the constructor on Windows.
 */
export function placeFullScreen(win: PlaceableWindow, bounds: Rectangle): void {
  if (win.isFullScreen()) win.setFullScreen(false);
  win.setBounds(bounds);
  win.setFullScreen(true);
}

export interface OpenWindowOptions {
  role: WindowRole;
  preload: string;
  productName: string;
  icon?: string;
  /** Full screen, always on top, no way out but the admin PIN. */
  kiosk?: boolean;
  /** Put the window on this monitor, full screen (the display on the second monitor). */
  fullScreenOn?: Rectangle;
  /** The work area of the monitor it opens on: an ordinary window is fitted into it. */
  workArea?: Rectangle;
  devTools: boolean;
}

export function openWindow(opts: OpenWindowOptions): BrowserWindow {
  const { role } = opts;
  const isDisplay = role.kind === 'display';
  const bounds = opts.fullScreenOn;
  const policy = showPolicy(role.kind);
  const fitted = opts.workArea !== undefined ? fitToWorkArea(WANTED_SIZE[role.kind], opts.workArea) : WANTED_SIZE[role.kind];
  const win = new BrowserWindow({
    title: titleOf(role, opts.productName),
    ...(opts.icon !== undefined ? { icon: opts.icon } : {}),
    ...fitted,
    // Full screen only once shown on its monitor (placeFullScreen).
    ...(bounds !== undefined ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : {}),
    // Only the desk takes the keyboard at start; the display never (a reader types into the focused window).
    focusable: policy.focusable,
    kiosk: opts.kiosk === true,
    autoHideMenuBar: opts.kiosk === true || isDisplay,
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click must not open links in a new window (Electron's checklist).
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools,
      // The display speaks called numbers without anyone touching it.
      autoplayPolicy: isDisplay ? 'no-user-gesture-required' : 'user-gesture-required',
      // The display must keep speaking when it is not the focused window.
      backgroundThrottling: !isDisplay,
    },
  });
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => {
    if (policy.activate) win.show();
    else win.showInactive();
    if (bounds !== undefined) placeFullScreen(win, bounds);
  });
  // A window closed while loading rejects the load; that is not a failure of the app.
  win.loadURL(appUrl(routeOf(role))).catch(() => {});
  return win;
}
