// Window options with a fake BrowserWindow (Electron is never launched):
// every window is isolated and sandboxed, loads only its app:// route, and the
// display lands full screen on the second monitor.
import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as { options: Record<string, unknown>; loaded: string[]; handlers: Map<string, unknown>; openHandler?: unknown }[]);
vi.mock('electron', () => {
  class BrowserWindow {
    readonly record;
    readonly webContents;
    constructor(options: Record<string, unknown>) {
      const record = { options, loaded: [] as string[], handlers: new Map<string, unknown>(), openHandler: undefined as unknown };
      this.record = record;
      created.push(record);
      this.webContents = {
        on: (event: string, handler: unknown) => record.handlers.set(event, handler),
        setWindowOpenHandler: (handler: unknown) => (record.openHandler = handler),
      };
    }
    once() {}
    async loadURL(url: string) {
      this.record.loaded.push(url);
    }
  }
  return { BrowserWindow };
});

const { openWindow, pickDisplayScreen, routeOf, titleOf } = await import('../../src/main/windows.js');

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

  it('lets only the display play sound unprompted and puts it full screen where asked', () => {
    const bounds = { x: 1920, y: 0, width: 3840, height: 2160 };
    const display = open({ kind: 'display' }, { fullScreenOn: bounds });
    expect(display.options).toMatchObject({ ...bounds, fullscreen: true });
    expect(display.options.webPreferences).toMatchObject({ autoplayPolicy: 'no-user-gesture-required', backgroundThrottling: false });
    // Only the display: the renderer skips its 点击开启叫号声音 button there (src/renderer/screens/Display.tsx).
    for (const role of [{ kind: 'desk' }, { kind: 'caller', station: 'A' }, { kind: 'admin' }] as const) {
      expect(open(role).options.webPreferences, role.kind).toMatchObject({ autoplayPolicy: 'user-gesture-required', backgroundThrottling: true });
    }
  });

  it('opens the desk as a kiosk only when asked', () => {
    expect(open({ kind: 'desk' }, { kiosk: true }).options.kiosk).toBe(true);
    expect(open({ kind: 'desk' }).options.kiosk).toBe(false);
  });
});
