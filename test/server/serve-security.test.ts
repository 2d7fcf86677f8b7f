// `swipequeue serve` as a process, on the operator's side of security: one
// address per role on stderr, one kiosk per database (also after kill -9), a
// database copied without its key, honest start-up errors for files it cannot
// write (run as another user when the tests run as root, since root writes
// anything), and a prompt exit on SIGTERM with screens connected.
import { spawn, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { roleTokens } from '../../src/server/auth.js';
import { openDb } from '../../src/db/connection.js';
import { api, idNumberFor, makeStudents, repoRoot, setUpDay, startServe, until, type ServeProcess } from './helpers.js';

// Each step spawns processes or sends hundreds of requests: room for a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const dir = mkdtempSync(join(tmpdir(), 'sq-serve-sec-'));
// Others may enter (the unprivileged runs below), not list or write.
chmodSync(dir, 0o711);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: ServeProcess[] = [];
afterAll(async () => {
  for (const s of running) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  }
});

const serve = async (args: string[]) => {
  const s = await startServe(args);
  running.push(s);
  return s;
};

/** Runs `serve` to its end; as `nobody` when the tests run as root, so file permissions apply. */
function runServe(args: string[], unprivileged = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const asOther: SpawnOptions = unprivileged && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...asOther,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    // Started after all: stop it, the test sees the exit code.
    if (stdout.includes('listening on')) child.kill('SIGTERM');
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

const folder = (name: string, mode = 0o777) => {
  const f = join(dir, name);
  mkdirSync(f);
  chmodSync(f, mode);
  return f;
};

/** A database made and closed by this (possibly root) process, then handed over with `mode`. */
const madeDb = (file: string, mode: number) => {
  openDb(file).close();
  chmodSync(file, mode);
  return file;
};

describe('serve: addresses and one kiosk per database', () => {
  it('prints one address per role on stderr and keeps stdout to the one listening line', async () => {
    const secret = 'serve-secret-0123456789';
    const s = await serve(['--db', join(dir, 'urls.db'), '--port', '0', '--token', secret]);
    const t = roleTokens(secret);
    const base = s.url;
    await until(() => s.stderr().includes('  admin: '), 'the addresses on stderr');
    const stderr = s.stderr();
    expect(s.stdout).toEqual([`listening on ${base}`]);
    for (const [role, line] of [
      ['desk', `  desk: ${base}/?token=${t.desk}#/desk`],
      ['caller', `  caller: ${base}/?token=${t.caller}#/caller/A`],
      ['display', `  display: ${base}/?token=${t.display}#/display`],
      ['admin', `  admin: ${base}/?token=${secret}#/admin`],
    ]) {
      expect(stderr, role).toContain(`${line}\n`);
    }
    // The printed desk token checks in; the display token may not.
    await setUpDay(base, makeStudents(2), secret);
    expect((await api(base, 'POST', '/api/checkins', { token: t.display, body: { studentId: '0219000001' } })).status).toBe(403);
    expect((await api(base, 'POST', '/api/checkins', { token: t.desk, body: { studentId: '0219000001' } })).status).toBe(201);
    s.child.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
  });

  it('refuses a second serve on the same database, naming the first; starts once the first is killed -9', async () => {
    const db = join(dir, 'one.db');
    const first = await serve(['--db', db, '--port', '0']);
    const second = await runServe(['--db', db]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`error: the database ${db} is in use by another swipequeue (process ${first.child.pid}); stop that one first, or use another --db\n`);
    expect(second.stderr.match(/^error: /gm)).toHaveLength(1);
    // The first still serves.
    expect((await api(first.url, 'GET', '/api/event')).status).toBe(200);
    // A crash leaves no lock behind.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = await runServe(['--db', db]);
    expect(third.stderr).not.toContain('error:');
    expect(third.code).toBe(0);
  });
});

describe('serve: the ID key', () => {
  it('refuses a database copied without its key, and starts anew with --new-key', async () => {
    const db = join(dir, 'keyed.db');
    const s = await serve(['--db', db, '--port', '0']);
    await setUpDay(s.url, makeStudents(3).map((st, i) => ({ ...st, idNumber: idNumberFor(i + 1) })));
    s.child.kill('SIGTERM');
    await s.exited;
    const copy = join(folder('elsewhere', 0o700), 'keyed.db');
    renameSync(db, copy);
    const refused = await runServe(['--db', copy]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^error: the ID key of ${copy} is missing: expected at ${copy}\\.key\\. .*--new-key`, 'm'));
    const fresh = await runServe(['--db', copy, '--new-key']);
    expect(fresh.stderr).not.toContain('error:');
    expect(fresh.code).toBe(0);
    expect(statSync(`${copy}.key`).mode & 0o777).toBe(0o600);
  });
});

describe('serve: start-up checks, one error line and exit 1', () => {
  it('a read-only database', async () => {
    const f = folder('ro-db');
    const db = madeDb(join(f, 'day.db'), 0o444);
    const res = await runServe(['--db', db], true);
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toContain(`error: the database ${db} is read-only;`);
    expect(res.stderr.match(/^error: /gm)).toHaveLength(1);
  });

  it('a read-only folder', async () => {
    const f = folder('ro-folder');
    const db = madeDb(join(f, 'day.db'), 0o666);
    chmodSync(f, 0o555);
    const res = await runServe(['--db', db], true);
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toContain(`error: the folder ${f} is read-only, and the database needs to write its journal there;`);
  });

  it('a logs folder it cannot write', async () => {
    const f = folder('ro-logs');
    const db = madeDb(join(f, 'day.db'), 0o666);
    mkdirSync(join(f, 'logs'), { mode: 0o555 });
    chmodSync(join(f, 'logs'), 0o555);
    const res = await runServe(['--db', db], true);
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toContain(`error: cannot write the log file ${join(f, 'logs', 'serve.log')}`);
    expect(res.stderr).not.toMatch(/port|\n\s+at /);
  });

  it('a damaged database', async () => {
    const db = join(folder('damaged', 0o700), 'day.db');
    openDb(db).close();
    const bytes = readFileSync(db);
    bytes.fill(0x5a, 100, 4096);
    writeFileSync(db, bytes);
    const res = await runServe(['--db', db]);
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toMatch(new RegExp(`^error: the database ${db} is damaged`, 'm'));
  });
});

describe('serve: SIGTERM with screens connected', () => {
  it('closes the live sockets first and exits 0', async () => {
    const s = await serve(['--db', join(dir, 'term.db'), '--port', '0']);
    const clients = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/live`);
        ws.on('error', () => {});
        await once(ws, 'open');
        return ws;
      }),
    );
    // Screens that reconnect at once when dropped, as the browser bridge does after a moment.
    const closes = clients.map((ws) => once(ws, 'close').then(([code]) => code as number));
    // A keep-alive HTTP connection with nothing in flight, like an idle tablet's.
    await api(s.url, 'GET', '/api/health');
    // Browsers open spare connections they may never use, and a sleeping TV may stop halfway.
    const { port } = new URL(s.url);
    const spare = connect(Number(port), '127.0.0.1');
    const halfway = connect(Number(port), '127.0.0.1', () => halfway.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`));
    for (const sock of [spare, halfway]) sock.on('error', () => {});
    await Promise.all([once(spare, 'connect'), once(halfway, 'connect')]);
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    const ended = await s.exited;
    const ms = Date.now() - t0;
    console.info(`SIGTERM with ${clients.length} live screens: exit ${ended.code} after ${ms} ms`);
    expect(ended, s.stderr()).toEqual({ code: 0, signal: null });
    expect(await Promise.all(closes)).toEqual(clients.map(() => 1001));
  });
});

