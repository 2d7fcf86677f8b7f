// How the desktop app is started: command-line flags win over environment
// variables, which win over the stored settings (reader/printer targets).
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { StationCodeSchema } from '../shared/schemas.js';

export interface ShellConfig {
  /** Full screen, no menu; leaving needs the admin PIN (Ctrl+Shift+Q). */
  kiosk: boolean;
  /** SQLite file; default <data folder>/swipequeue.db. */
  dbFile: string | undefined;
  /** Overrides the stored reader target for this run. */
  reader: string | undefined;
  /** Overrides the stored printer target for this run. */
  printer: string | undefined;
  /** Caller windows to open at start, one per station letter. */
  callers: string[];
  /** Open the display even with a single monitor (windowed). */
  display: boolean;
  /** The database lost its `<db>.key`: start a new key instead of refusing to open (`--new-key`). */
  newKey: boolean;
}

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/** Flags: --kiosk, --db=FILE, --reader=TARGET, --printer=TARGET, --caller=A[,B], --display. Unknown flags (Chromium's) are ignored. */
export function parseShellConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ShellConfig {
  const flag = (name: string): string | undefined => {
    let value: string | undefined;
    for (const arg of argv) if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
    return value !== undefined && value !== '' ? value : undefined;
  };
  const has = (name: string) => argv.includes(`--${name}`);
  const callers = (flag('caller') ?? env.SWIPEQUEUE_CALLERS ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => StationCodeSchema.safeParse(s).success);
  return {
    kiosk: has('kiosk') || truthy(env.SWIPEQUEUE_KIOSK),
    dbFile: flag('db') ?? (env.SWIPEQUEUE_DB || undefined),
    reader: flag('reader') ?? (env.SWIPEQUEUE_READER || undefined),
    printer: flag('printer') ?? (env.SWIPEQUEUE_PRINTER || undefined),
    callers: [...new Set(callers)],
    display: has('display') || truthy(env.SWIPEQUEUE_DISPLAY),
    newKey: has('new-key'),
  };
}

/** Chromium's and Node's debugging switches: whoever can reach the port drives the app, PIN or not. */
const DEBUG_SWITCH = /^--(remote-debugging-port|remote-debugging-pipe|remote-debugging-address|inspect|inspect-brk|inspect-port|inspect-publish-uid|debug|debug-brk)(=|$)/;

/**
 * The debugging switch the installed app was started with, or null. The
 * packaged app refuses to run with one (electron-builder.yml also turns off
 * Node's inspector and NODE_OPTIONS with Electron fuses; Chromium's remote
 * debugging port is not a fuse, hence this check).
 */
export function debuggingSwitch(argv: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  for (const arg of [...argv, ...execArgv]) {
    const m = DEBUG_SWITCH.exec(arg);
    if (m) return `--${m[1]}`;
    if (/^--js-flags=.*--inspect/.test(arg)) return '--js-flags=--inspect';
  }
  const nodeOptions = env.NODE_OPTIONS ?? '';
  const inOptions = /(^|\s)(--inspect[\w-]*)/.exec(nodeOptions);
  return inOptions ? `NODE_OPTIONS ${inOptions[2]}` : null;
}

/**
 * The same folder `swipequeue serve` uses (README: where data lives), so the
 * desktop app and the server share one database: XDG_DATA_HOME or
 * ~/.local/share on Linux/macOS, %APPDATA% on Windows.
 */
export function dataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'swipequeue');
  const xdg = env.XDG_DATA_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.local', 'share'), 'swipequeue');
}

/**
 * The desktop app's log: beside its database like `serve`'s (logs/serve.log),
 * same rotating format (src/core/log-file.ts), its own file so both may run.
 */
export function appLogFile(dbFile: string): string {
  return join(dirname(dbFile), 'logs', 'app.log');
}
