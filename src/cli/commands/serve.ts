// `swipequeue serve` (docs/interfaces.md §1.6): the whole kiosk without Electron.
// stdout carries exactly one line, `listening on http://HOST:PORT`; everything
// else (where the database is, the generated token) goes to stderr.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessLinks } from '../../core/access.js';
import { openKiosk, type Kiosk } from '../../core/kiosk.js';
import { isLoopbackBind } from '../../server/auth.js';
import { checkLogFile } from '../../core/log-file.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { unavailable } from '../../shared/errors.js';
import { UsageError, progress, type CommandGroup } from '../command.js';

/** XDG_DATA_HOME or ~/.local/share on Linux/macOS, %APPDATA% on Windows. */
export function dataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'swipequeue');
  const xdg = env.XDG_DATA_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.local', 'share'), 'swipequeue');
}

/** The folder holding package.json, from src/cli/commands (tsx) or dist/cli/commands (built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Signals that stop `serve` cleanly (database closed), on every platform. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', ...(process.platform === 'win32' ? (['SIGBREAK'] as const) : [])];

/** `--public-url`: scheme, host and port only (phones open `<url>/t/<code>`, assets and the API at the root). */
export function parsePublicUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--public-url must be an address such as http://192.168.1.20:8740, got "${value}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--public-url must start with http:// or https://, got "${value}"`);
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
    throw new UsageError(`--public-url is the address phones use to reach this server, scheme://host[:port] with nothing after it, got "${value}"`);
  }
  return u.origin;
}


const group: CommandGroup = {
  summary: 'Run the kiosk as an HTTP server: the UI at /, the API at /api, live updates on /api/live',
  commands: {
    '': {
      usage: '[--db <file>] [--host 127.0.0.1] [--port 8740] [--reader <target>] [--printer <target>] [--token <secret>] [--new-key] [--public-url <http://host:port>]',
      summary:
        'Serves the kiosk (reader: serial:/dev/ttyUSB0?baud=115200, hid:VID:PID, demo, none; printer: tcp://host:9100, serial:…, file:…, none). Prints "listening on http://HOST:PORT".',
      options: {
        db: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8740' },
        // Without --reader/--printer the targets saved in the kiosk's settings apply.
        reader: { type: 'string' },
        printer: { type: 'string' },
        token: { type: 'string' },
        // The database lost its <db>.key: start a new key instead of refusing to open.
        'new-key': { type: 'boolean' },
        // The address in the tickets' QR codes, when phones reach this server by another name (a hostname, a NAT).
        'public-url': { type: 'string' },
      },
      async run({ values, positionals }) {
        if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got "${positionals[0]}"`);
        const host = str(values.host) ?? '127.0.0.1';
        const port = parsePort(str(values.port) ?? '8740');
        const givenPublicUrl = values['public-url'] === undefined ? undefined : parsePublicUrl(str(values['public-url']) ?? '');
        let dbFile = str(values.db);
        if (dbFile === undefined) {
          dbFile = join(dataFolder(), 'swipequeue.db');
          // The data folder is ours: owner-only, even if an older version made it 0755.
          mkdirSync(dirname(dbFile), { recursive: true, mode: 0o700 });
          chmodSync(dirname(dbFile), 0o700);
        }
        dbFile = resolve(dbFile);
        progress(`database: ${dbFile}`);

        let token = str(values.token) ?? (process.env.SWIPEQUEUE_TOKEN || undefined);
        if (token !== undefined && token.length < 8) throw new UsageError('--token must be at least 8 characters');
        // Without a token only the loopback names are answered (src/server/auth.ts), so any other bind needs one.
        const generated = token === undefined && !isLoopbackBind(host);
        if (generated) token = randomBytes(18).toString('base64url');

        // Signals are caught from here on, so one that lands during start-up or right
        // after the `listening` line still shuts down cleanly. A second one kills.
        let signalled: string | null = null;
        let onSignal = (signal: string) => {
          signalled ??= signal;
        };
        // Windows has no SIGTERM: closing the console window arrives as SIGHUP
        // (Windows ends the process about 10 s later) and Ctrl+Break as SIGBREAK.
        for (const signal of STOP_SIGNALS) process.once(signal, () => onSignal(signal));

        const root = packageRoot();
        const logFile = join(dirname(dbFile), 'logs', 'serve.log');
        const kiosk: Kiosk = await openKiosk({
          dbFile,
          reader: str(values.reader),
          printer: str(values.printer),
          newKey: values['new-key'] === true,
          publicUrl: givenPublicUrl ?? null,
          log: (line) => progress(line),
        });
        let server: RunningServer;
        try {
          checkLogFile(logFile);
          server = await startServer({
            kiosk,
            host,
            port,
            token: token ?? null,
            rendererDir: join(root, 'dist', 'renderer'),
            logFile,
          });
        } catch (e) {
          await kiosk.close();
          const err = e as NodeJS.ErrnoException;
          if (err.code === 'EADDRINUSE') throw unavailable('port-in-use', `port ${port} on ${host} is already in use; pass another --port`);
          if (err.code === 'EADDRNOTAVAIL') throw unavailable('bad-host', `this machine has no address ${host}; check --host`);
          if (err.code === 'EACCES') throw unavailable('port-denied', `not allowed to listen on port ${port}; use a port above 1024`);
          throw e;
        }

        process.stdout.write(`listening on ${server.url}\n`);
        if (generated) progress(`admin token (non-loopback --host without --token): ${token}`);
        // One address per role; each station gets only its role's rights (docs/interfaces.md §3.5).
        const event = await kiosk.call('getEvent', {}, { role: 'admin', actor: 'cli', device: 'cli' });
        progress(token !== undefined ? 'open each station with its role\'s address (the admin one holds the secret; keep it to yourself):' : 'open the stations at:');
        for (const link of accessLinks(server.access, event?.stations.slice(0, 1).map((s) => s.code) ?? [])) progress(`  ${link.role}: ${link.url}`);
        // Tickets' QR codes: --public-url, else the best address other devices reach this server at.
        const publicUrl = givenPublicUrl ?? server.access.bases[0] ?? server.url;
        kiosk.setPublicUrl(publicUrl);
        progress(`ticket QR codes link to ${publicUrl}/t/<code>${isLoopbackBind(new URL(publicUrl).hostname) ? ' (a loopback address: phones cannot open it; pass --host 0.0.0.0 or --public-url)' : ''}`);

        // SIGTERM/SIGINT/SIGHUP: stop accepting, let the request in flight finish, close the database, exit 0.
        return new Promise<number>((resolveExit) => {
          let stopping = false;
          const stop = (signal: string) => {
            if (stopping) return;
            stopping = true;
            progress(`${signal}: stopping`);
            const force = setTimeout(() => {
              progress('error: shutdown took over 10 s; exiting anyway');
              process.exit(1);
            }, 10_000);
            force.unref();
            void (async () => {
              let code = 0;
              try {
                await server.close();
              } catch (e) {
                progress(`error: closing the server: ${(e as Error).message}`);
                code = 1;
              }
              try {
                await kiosk.close();
              } catch (e) {
                progress(`error: closing the database: ${(e as Error).message}`);
                code = 1;
              }
              clearTimeout(force);
              resolveExit(code);
              // A reader or printer port that lingers must not keep a stopped kiosk alive.
              setTimeout(() => process.exit(code), 200).unref();
            })();
          };
          onSignal = stop;
          if (signalled !== null) stop(signalled);
        });
      },
    },
  },
};
export default group;
