// `swipequeue serve` as an operator meets it: default database location,
// bad options, a port already taken.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFolder } from '../../src/cli/commands/serve.js';
import { repoRoot, startServe } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sq-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runServe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

describe('swipequeue serve', () => {
  it('keeps its database in the data folder when --db is not given, and says where', async () => {
    const xdg = join(dir, 'xdg');
    const server = await startServe(['--port', '0'], { XDG_DATA_HOME: xdg });
    const dbFile = join(xdg, 'swipequeue', 'swipequeue.db');
    expect(server.stderr()).toContain(`database: ${dbFile}`);
    expect(existsSync(dbFile)).toBe(true);
    server.child.kill('SIGINT');
    const ended = await server.exited;
    expect(ended, server.stderr()).toEqual({ code: 0, signal: null });
  });

  it('stops cleanly on SIGHUP (a closed console window on Windows): database closed, exit 0', async () => {
    const dbFile = join(dir, 'hup.db');
    const server = await startServe(['--db', dbFile, '--port', '0']);
    expect(existsSync(`${dbFile}-wal`)).toBe(true);
    server.child.kill('SIGHUP');
    const ended = await server.exited;
    expect(ended, server.stderr()).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toContain('SIGHUP: stopping');
    // Closed, not killed: SQLite checkpoints and removes the WAL file on the last close.
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
  });

  it('knows the data folder on each platform', () => {
    expect(dataFolder({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/swipequeue');
    expect(dataFolder({ HOME: '/home/a' }, 'linux')).toMatch(/\.local[/\\]share[/\\]swipequeue$/);
    expect(dataFolder({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming[/\\]swipequeue$/);
  });

  it('refuses a bad port with exit 2 and one error line', async () => {
    const res = await runServe(['--db', join(dir, 'a.db'), '--port', 'eighty']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^error: --port must be a number/m);
  });

  it('refuses a short token', async () => {
    const res = await runServe(['--db', join(dir, 'a.db'), '--port', '0', '--token', 'abc']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^error: --token must be at least 8 characters/m);
  });

  it('says plainly when the port is taken', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const res = await runServe(['--db', join(dir, 'b.db'), '--port', String(port)]);
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use; pass another --port`);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
