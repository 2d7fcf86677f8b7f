// Window options with a fake BrowserWindow (Electron is never launched):
// every window is isolated and sandboxed, loads only its app:// route, and the
// display lands full screen on the second monitor.
import { describe, expect, it, vi } from 'vitest';

interface Record_ {
  options: Record<string, unknown>;
  loaded: string[];
  handlers: Map<string, unknown>;
  openHandler?: unknown;
  /** What was done to the window, in order: show, showInactive, setBounds, setFullScreen. */
  calls: string[];
  readyToShow?: () => void;
}
const created = vi.hoisted(() => [] as Record_[]);
vi.mock('electron', () => {
  class BrowserWindow {
    readonly record: Record_;
    readonly webContents;
    private fullScreen = false;
    constructor(options: Record<string, unknown>) {
      const record: Record_ = { options, loaded: [], handlers: new Map<string, unknown>(), openHandler: undefined, calls: [] };
      this.record = record;
      created.push(record);
      this.webContents = {
        on: (event: string, handler: unknown) => record.handlers.set(event, handler),
        setWindowOpenHandler: (handler: unknown) => (record.openHandler = handler),
      };
    }
    once(event: string, handler: () => void) {
      if (event === 'ready-to-show') this.record.readyToShow = handler;
    }
    show() {
      this.record.calls.push('show');
    }
    showInactive() {
      this.record.calls.push('showInactive');
    }
    isFullScreen() {
      return this.fullScreen;
    }
    setFullScreen(flag: boolean) {
      this.fullScreen = flag;
      this.record.calls.push(`setFullScreen ${flag}`);
    }
    setBounds(b: { x: number; y: number; width: number; height: number }) {
      this.record.calls.push(`setBounds ${b.x},${b.y} ${b.width}x${b.height}`);
    }
    async loadURL(url: string) {
      this.record.loaded.push(url);
    }
  }
  return { BrowserWindow };
});

const { fitToWorkArea, openWindow, pickDisplayScreen, placeFullScreen, routeOf, titleOf } = await import('../../src/main/windows.js');

describe('routes and titles', () => {
  it('maps each role to the renderer hash route', () => {
    expect(routeOf({ kind: 'desk' })).toBe('/desk');
    expect(routeOf({ kind: 'caller', station: 'B' })).toBe('/caller/B');
    expect(routeOf({ kind: 'display' })).toBe('/display');
    expect(routeOf({ kind: 'admin' })).toBe('/admin');
    expect(titleOf({ kind: 'caller', station: 'B' }, '刷证排号')).toBe('叫号 B · 刷证排号');
  });
});

describe('pickDisplayScreen', () => {
  const primary = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
  const tv = { id: 7, bounds: { x: 1920, y: 0, width: 3840, height: 2160 } };
  it('picks the monitor that is not the primary one', () => {
    expect(pickDisplayScreen([primary, tv], 1)).toBe(tv);
    expect(pickDisplayScreen([tv, primary], 1)).toBe(tv);
  });
  it('gives null with a single monitor', () => {
    expect(pickDisplayScreen([primary], 1)).toBeNull();
  });
});

describe('openWindow', () => {
  const open = (role: Parameters<typeof openWindow>[0]['role'], extra: Partial<Parameters<typeof openWindow>[0]> = {}) => {
    openWindow({ role, preload: '/app/dist/preload/preload.cjs', productName: '刷证排号', devTools: false, ...extra });
    return created[created.length - 1]!;
  };

  it('isolates and sandboxes every window, with the preload and no Node', () => {
    for (const role of [{ kind: 'desk' }, { kind: 'caller', station: 'A' }, { kind: 'display' }, { kind: 'admin' }] as const) {
      const { options, loaded } = open(role);
      expect(options.webPreferences).toMatchObject({
        preload: '/app/dist/preload/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
        devTools: false,
      });
      expect(loaded).toEqual([`app://swipequeue/index.html#${routeOf(role)}`]);
    }
  });

  it('locks navigation and window.open on every window it makes', () => {
    const { handlers, openHandler } = open({ kind: 'desk' });
    expect((openHandler as () => { action: string })()).toEqual({ action: 'deny' });
    const navigate = handlers.get('will-navigate') as (e: { preventDefault(): void }, url: string) => void;
    const prevented: string[] = [];
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://swipequeue/index.html#/admin']) {
      navigate({ preventDefault: () => prevented.push(url) }, url);
    }
    expect(prevented).toEqual(['https://evil.example/', 'file:///etc/passwd']);
    expect(handlers.has('will-attach-webview')).toBe(true);
  });

  it('lets only the display play sound unprompted and puts it full screen where asked, once shown there', () => {
    const bounds = { x: 1920, y: 0, width: 3840, height: 2160 };
    const display = open({ kind: 'display' }, { fullScreenOn: bounds });
    expect(display.options).toMatchObject(bounds);
    expect(display.options.fullscreen).toBeUndefined();
    expect(display.options.webPreferences).toMatchObject({ autoplayPolicy: 'no-user-gesture-required', backgroundThrottling: false });
    // Only the display: the renderer skips its 点击开启叫号声音 button there (src/renderer/screens/Display.tsx).
    for (const role of [{ kind: 'desk' }, { kind: 'caller', station: 'A' }, { kind: 'admin' }] as const) {
      expect(open(role).options.webPreferences, role.kind).toMatchObject({ autoplayPolicy: 'user-gesture-required', backgroundThrottling: true });
    }
    // Shown without focus, then its bounds set again on the TV (its own scaling), then full screen.
    display.readyToShow!();
    expect(display.calls).toEqual(['showInactive', 'setBounds 1920,0 3840x2160', 'setFullScreen true']);
  });

  it('gives the keyboard only to the desk (and the admin page opened on purpose); the display can never take it', () => {
    const shown = (role: Parameters<typeof openWindow>[0]['role']) => {
      const w = open(role);
      w.readyToShow!();
      return { focusable: w.options.focusable, calls: w.calls };
    };
    expect(shown({ kind: 'desk' })).toEqual({ focusable: true, calls: ['show'] });
    expect(shown({ kind: 'admin' })).toEqual({ focusable: true, calls: ['show'] });
    expect(shown({ kind: 'caller', station: 'A' })).toEqual({ focusable: true, calls: ['showInactive'] });
    expect(shown({ kind: 'display' })).toEqual({ focusable: false, calls: ['showInactive'] });
  });

  it('fits an ordinary window into the monitor it opens on (a 1280×800 desk on a 1366×768 laptop)', () => {
    const laptop = { x: 0, y: 0, width: 1366, height: 728 }; // 768 minus the taskbar
    expect(open({ kind: 'desk' }, { workArea: laptop }).options).toMatchObject({ x: 43, y: 0, width: 1280, height: 728 });
    expect(open({ kind: 'caller', station: 'A' }, { workArea: laptop }).options).toMatchObject({ width: 900, height: 700 });
    expect(open({ kind: 'desk' }).options).toMatchObject({ width: 1280, height: 800 });
  });

  it('opens the desk as a kiosk only when asked', () => {
    expect(open({ kind: 'desk' }, { kiosk: true }).options.kiosk).toBe(true);
    expect(open({ kind: 'desk' }).options.kiosk).toBe(false);
  });
});

describe('placing windows', () => {
  it('shrinks to the work area and centres, never larger than wanted', () => {
    expect(fitToWorkArea({ width: 1280, height: 800 }, { x: 0, y: 0, width: 1920, height: 1040 })).toEqual({ x: 320, y: 120, width: 1280, height: 800 });
    expect(fitToWorkArea({ width: 1280, height: 800 }, { x: -1366, y: 0, width: 1366, height: 728 })).toEqual({ x: -1323, y: 0, width: 1280, height: 728 });
  });

  it('moves a full-screen window by leaving full screen first, then bounds, then full screen again', () => {
    const calls: string[] = [];
    let fs = true;
    const win = {
      isFullScreen: () => fs,
      setFullScreen: (f: boolean) => {
        fs = f;
        calls.push(`full ${f}`);
      },
      setBounds: (b: Partial<{ x: number }>) => calls.push(`bounds ${b.x}`),
    };
    placeFullScreen(win, { x: 3840, y: 0, width: 1920, height: 1080 });
    expect(calls).toEqual(['full false', 'bounds 3840', 'full true']);
  });
});
