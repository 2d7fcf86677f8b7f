// A fake of the parts of Electron that src/main/main.ts uses, recording what
// main does to it, so main's glue can run under Node (Electron itself is never
// launched here). Behaviour is the documented one as far as main relies on it;
// what the real Electron does beyond that is not proven by these tests.
import { EventEmitter } from 'node:events';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface FakeDisplay {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly inputEvents: { type: string; keyCode: string }[] = [];
  url = '';
  setWindowOpenHandler(): void {}
  async setVisualZoomLevelLimits(): Promise<void> {}
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  sendInputEvent(e: { type: string; keyCode: string }): void {
    this.inputEvents.push(e);
  }
  /** Runs the before-input-event listeners like Electron; true when one prevented the key. */
  key(input: { type?: string; key: string; control?: boolean; shift?: boolean; alt?: boolean; meta?: boolean }): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    this.emit('before-input-event', event, { type: 'keyDown', control: false, shift: false, alt: false, meta: false, ...input });
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static focusedWindow: FakeBrowserWindow | null = null;
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focusedWindow;
  }

  readonly webContents = new FakeWebContents();
  /** What main did to the window, in order. */
  readonly calls: string[] = [];
  destroyed = false;
  visible = false;
  fullScreen = false;
  minimized = false;
  kiosk: boolean;
  bounds: Rect;
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.kiosk = options.kiosk === true;
    this.bounds = { x: Number(options.x ?? 0), y: Number(options.y ?? 0), width: Number(options.width ?? 800), height: Number(options.height ?? 600) };
    FakeBrowserWindow.all.push(this);
  }
  get id(): number {
    return this.webContents.id;
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.calls.push(`load ${url}`);
  }
  /** Electron fires ready-to-show once the page painted. */
  ready(): void {
    this.emit('ready-to-show');
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
    FakeBrowserWindow.focusedWindow = this;
  }
  showInactive(): void {
    this.calls.push('showInactive');
    this.visible = true;
  }
  hide(): void {
    this.calls.push('hide');
    this.visible = false;
  }
  focus(): void {
    this.calls.push('focus');
    if (this.options.focusable !== false) FakeBrowserWindow.focusedWindow = this;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag;
    this.calls.push(`fullScreen ${flag}`);
  }
  setBounds(b: Rect): void {
    this.bounds = b;
    this.calls.push(`bounds ${b.x},${b.y} ${b.width}x${b.height}`);
  }
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }
  setMenu(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Alt+F4 / the close button: main may prevent it. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return !prevented;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (FakeBrowserWindow.focusedWindow === this) FakeBrowserWindow.focusedWindow = null;
    this.emit('closed');
  }
}

type Handler = (event: { senderFrame: { url: string } | null; sender: unknown }, ...args: unknown[]) => unknown;

export function createFakeElectron(opts: { displays: FakeDisplay[]; appPath: string }) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    ready: false,
    exitCode: undefined as number | undefined,
    quits: 0,
    paths: new Map<string, string>(),
    readyResolve: undefined as (() => void) | undefined,
    enableSandbox() {},
    setPath(name: string, value: string) {
      app.paths.set(name, value);
    },
    requestSingleInstanceLock: () => true,
    whenReady: () => new Promise<void>((resolve) => (app.readyResolve = resolve)),
    isReady: () => app.ready,
    getAppPath: () => opts.appPath,
    exit(code: number) {
      app.exitCode = code;
    },
    quit() {
      app.quits++;
    },
  });
  const displays = [...opts.displays];
  const screen = Object.assign(new EventEmitter(), {
    getAllDisplays: () => [...displays],
    getPrimaryDisplay: () => displays[0]!,
    /** Changes the monitors and tells main, like plugging a TV in or out. */
    set(next: FakeDisplay[], event: 'display-added' | 'display-removed' | 'display-metrics-changed') {
      displays.splice(0, displays.length, ...next);
      screen.emit(event, {}, next[next.length - 1]);
    },
  });
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, h: Handler) => handlers.set(channel, h),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  let protocolHandler: ((r: Request) => Promise<Response>) | undefined;
  const protocol = {
    registerSchemesAsPrivileged() {},
    handle: (_scheme: string, h: (r: Request) => Promise<Response>) => (protocolHandler = h),
    isProtocolHandled: () => protocolHandler !== undefined,
  };
  const blockers = new Set<number>();
  let nextBlocker = 1;
  const powerSaveBlocker = {
    started: [] as string[],
    start(type: string) {
      powerSaveBlocker.started.push(type);
      blockers.add(nextBlocker);
      return nextBlocker++;
    },
    stop: (id: number) => blockers.delete(id),
    isStarted: (id: number) => blockers.has(id),
    active: () => blockers.size,
  };
  const messageBoxes: { message: string; detail?: string }[] = [];
  const errorBoxes: string[] = [];
  const session = {
    defaultSession: {
      setPermissionRequestHandler() {},
      setPermissionCheckHandler() {},
      setDevicePermissionHandler() {},
      webRequest: { onBeforeRequest() {} },
    },
  };
  const menus: unknown[] = [];
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showErrorBox: (_title: string, text: string) => errorBoxes.push(text),
      showMessageBox: async (...args: unknown[]) => {
        const box = args[args.length - 1] as { message: string; detail?: string };
        messageBoxes.push(box);
        return { response: 0 };
      },
    },
    ipcMain,
    Menu: { setApplicationMenu: (m: unknown) => menus.push(m), buildFromTemplate: (t: unknown) => t },
    powerMonitor: new EventEmitter(),
    powerSaveBlocker,
    protocol,
    screen,
    session,
    shell: { openPath: async () => '' },
  };
  return {
    electron,
    /** Like Electron reaching `ready`. */
    makeReady() {
      app.ready = true;
      app.readyResolve?.();
    },
    windows: () => FakeBrowserWindow.getAllWindows(),
    windowAt: (route: string) => FakeBrowserWindow.getAllWindows().find((w) => w.webContents.url.endsWith(route)),
    invoke: async (url: string, channel: string, ...args: unknown[]) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`no handler for ${channel}`);
      return h({ senderFrame: { url }, sender: { id: 1, isDestroyed: () => false, send() {}, once() {} } }, ...args);
    },
    fetch: (url: string) => protocolHandler!(new Request(url)),
    powerSaveBlocker,
    messageBoxes,
    errorBoxes,
    menus,
  };
}
