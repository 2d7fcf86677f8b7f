// The kiosk's windows: the desk (check-in), a caller per station (the
// photographer), the waiting-room display, the admin page. Each loads the
// same renderer from app://swipequeue/ and picks its page by hash route.
import { BrowserWindow, type Display, type Rectangle } from 'electron';
import { appUrl, hardenWebContents } from './security.js';

export type WindowRole = { kind: 'desk' } | { kind: 'caller'; station: string } | { kind: 'display' } | { kind: 'admin' };

/** The renderer's hash route of a window: `/desk`, `/caller/A`, `/display`, `/admin`. */
export function routeOf(role: WindowRole): string {
  return role.kind === 'caller' ? `/caller/${role.station}` : `/${role.kind}`;
}

/** One window per role; a second request focuses the one already open. */
export const roleKey = (role: WindowRole): string => routeOf(role);

const TITLES: Record<WindowRole['kind'], string> = { desk: '签到', caller: '叫号', display: '候场大屏', admin: '管理' };
export function titleOf(role: WindowRole, productName: string): string {
  const what = role.kind === 'caller' ? `${TITLES.caller} ${role.station}` : TITLES[role.kind];
  return `${what} · ${productName}`;
}

/**
 * Where the display goes: the first monitor that is not the primary one
 * (the TV or projector in the waiting room), or null with a single monitor.
 */
export function pickDisplayScreen(displays: readonly Pick<Display, 'id' | 'bounds'>[], primaryId: number): Pick<Display, 'id' | 'bounds'> | null {
  return displays.find((d) => d.id !== primaryId) ?? null;
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
  devTools: boolean;
}

export function openWindow(opts: OpenWindowOptions): BrowserWindow {
  const { role } = opts;
  const isDisplay = role.kind === 'display';
  const bounds = opts.fullScreenOn;
  const win = new BrowserWindow({
    title: titleOf(role, opts.productName),
    ...(opts.icon !== undefined ? { icon: opts.icon } : {}),
    width: role.kind === 'caller' ? 900 : 1280,
    height: role.kind === 'caller' ? 700 : 800,
    ...(bounds !== undefined ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, fullscreen: true } : {}),
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl(routeOf(role)));
  return win;
}
