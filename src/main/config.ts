// How the desktop app is started: command-line flags win over environment
// variables, which win over the stored settings (reader/printer targets).
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseServerUrl } from '../client/remote.js';
import { DeskNameSchema, StationCodeSchema } from '../shared/schemas.js';

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
  /**
   * A desk of another kiosk instead of a kiosk of its own: no database here;
   * every operation goes to this server (`swipequeue serve`) over HTTP from main.
   */
  server: string | undefined;
  /** The server's token (a desk token); SWIPEQUEUE_TOKEN keeps it out of the process list. */
  token: string | undefined;
  /** With `server`: the desk this app is (`#/desk/<name>`); the reader's cards are forwarded as it. */
  desk: string | undefined;
}

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/**
 * Flags: --kiosk, --db=FILE, --reader=TARGET, --printer=TARGET, --caller=A[,B], --display,
 * --server=URL --token=T --desk=NAME (a desk of another kiosk). Unknown flags (Chromium's) are ignored.
 */
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
    server: flag('server') ?? (env.SWIPEQUEUE_SERVER || undefined),
    token: flag('token') ?? (env.SWIPEQUEUE_TOKEN || undefined),
    desk: flag('desk') ?? (env.SWIPEQUEUE_DESK || undefined),
  };
}

/** What cannot work in a configuration, in plain words, or null. */
export function configProblem(config: ShellConfig): string | null {
  if (config.server === undefined) {
    if (config.desk !== undefined || config.token !== undefined) return '--desk and --token go with --server=<url> (a desk of another kiosk)';
    return null;
  }
  try {
    parseServerUrl(config.server);
  } catch (e) {
    return (e as Error).message;
  }
  if (config.desk === undefined) return '--server needs --desk=<name>: the name this door has on the server (#/desk/<name>)';
  const desk = DeskNameSchema.safeParse(config.desk);
  if (!desk.success) return `--desk "${config.desk}": ${desk.error.issues[0]?.message ?? 'not a desk name'}`;
  if (config.dbFile !== undefined) return '--db and --server exclude each other: a desk of another kiosk keeps no database';
  if (config.printer !== undefined) return '--printer does not apply with --server: the server prints on its own printer';
  return null;
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
