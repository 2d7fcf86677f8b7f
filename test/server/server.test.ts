// startServer in process over a real kiosk: the renderer files, the SPA
// fallback, the log file, downloads, and a graceful close that lets the
// request in flight finish.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { RotatingFile, redactUrl } from '../../src/core/log-file.js';
import { contentDisposition } from '../../src/server/routes.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { tokenMatches } from '../../src/server/auth.js';
import { ADMIN_PIN, api, eventFile, makeStudents, setUpDay } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(opts: { rendererDir?: string | null; token?: string | null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sq-server-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const kiosk: Kiosk = await openKiosk({ dbFile: join(dir, 'day.db') });
  cleanups.push(() => kiosk.close());
  const logFile = join(dir, 'logs', 'serve.log');
  const server: RunningServer = await startServer({ kiosk, host: '127.0.0.1', port: 0, logFile, ...opts });
  cleanups.push(() => server.close());
  return { dir, kiosk, server, logFile };
}

describe('startServer', () => {
  it('says how to build the UI when dist/renderer is missing', async () => {
    const { server } = await serve({ rendererDir: '/nonexistent/renderer' });
    for (const path of ['/', '/desk']) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('npm run build');
    }
    expect((await api(server.url, 'GET', '/api/health')).body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('serves the built renderer with a single-page fallback, but JSON 404 under /api', async () => {
    const ui = mkdtempSync(join(tmpdir(), 'sq-ui-'));
    cleanups.push(() => rmSync(ui, { recursive: true, force: true }));
    mkdirSync(join(ui, 'assets'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><div id="root">kiosk-ui</div>');
    writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("app")');
    const { server } = await serve({ rendererDir: ui });

    const index = await fetch(`${server.url}/`);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('kiosk-ui');
    const js = await fetch(`${server.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('app');
    const screen = await fetch(`${server.url}/display?token=abc`);
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain('kiosk-ui');
    expect(screen.headers.get('referrer-policy')).toBe('no-referrer');

    const missing = await api(server.url, 'GET', '/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'not-found' });
    // No CORS: nothing tells a browser another origin may read the answer.
    const preflight = await fetch(`${server.url}/api/checkins`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs one line per request to the rotating file, without tokens or PINs', async () => {
    const { server, logFile } = await serve({ token: 'server-test-token-1' });
    await api(server.url, 'GET', '/api/queue?station=A', { token: 'server-test-token-1' });
    await api(server.url, 'PUT', '/api/event', { body: eventFile, token: 'server-test-token-1', pin: ADMIN_PIN });
    await fetch(`${server.url}/desk?token=server-test-token-1`);
    await server.close();
    const log = readFileSync(logFile, 'utf8');
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; url?: string; status?: number });
    expect(lines.filter((l) => l.msg === 'request').map((l) => l.status)).toEqual([404, 200, 200]);
    expect(log).not.toContain('server-test-token-1');
    expect(log).not.toContain(ADMIN_PIN);
    expect(log).toContain('/desk?token=[redacted]');
  });

  it('rotates the log by size and keeps a few generations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sq-log-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = new RotatingFile(join(dir, 'serve.log'), { maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) file.write(`${JSON.stringify({ i, pad: 'x'.repeat(80) })}\n`);
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['serve.log', 'serve.log.1', 'serve.log.2']);
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(1000);
    expect(readFileSync(join(dir, 'serve.log'), 'utf8')).toContain('"i":99');
  });

  it('finishes the request in flight when closing, then refuses new connections', async () => {
    const { server, kiosk } = await serve();
    await setUpDay(server.url, makeStudents(4));
    const { port } = new URL(server.url);
    const body = JSON.stringify({ studentId: makeStudents(1)[0]!.studentId });
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.setEncoding('utf8').on('data', (d: string) => (answer += d));
    const ended = new Promise((r) => socket.once('close', r));
    // Headers and half the body: the request is in flight.
    socket.write(`POST /api/checkins HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body.slice(0, 5));
    await new Promise((r) => setTimeout(r, 100));
    const closed = server.close();
    await new Promise((r) => setTimeout(r, 100));
    socket.write(body.slice(5));
    await closed;
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    expect(answer).toContain('"ticket":"0001A"');
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    // The check-in is in the database.
    expect((await kiosk.call('getQueue', { station: 'A' }, { role: 'admin', actor: 'test', device: 'test' })).tickets.map((t) => t.ticket)).toEqual(['0001A']);
  });
});

describe('admin PIN over HTTP', () => {
  it('locks a device out after five wrong PINs, even for the right one', async () => {
    const { server } = await serve();
    expect((await api(server.url, 'POST', '/api/admin/verify-pin', { pin: ADMIN_PIN })).body).toEqual({ ok: true, defaultPin: true });
    for (let i = 0; i < 5; i++) {
      const wrong = await api(server.url, 'POST', '/api/admin/verify-pin', { pin: `000${i}` });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ error: 'bad-pin' });
    }
    const locked = await api(server.url, 'POST', '/api/admin/verify-pin', { pin: ADMIN_PIN });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: 'too-many-attempts', retryAfter: expect.any(Number) });
    const lockedAdmin = await api(server.url, 'PUT', '/api/event', { body: eventFile, pin: ADMIN_PIN });
    expect(lockedAdmin.status).toBe(429);
    // Operations that need no PIN still work.
    expect((await api(server.url, 'GET', '/api/event')).status).toBe(200);
  });
});

describe('server helpers', () => {
  it('compares tokens by value only', () => {
    expect(tokenMatches('secret-token', 'secret-token')).toBe(true);
    expect(tokenMatches('secret-token', 'secret-tokex')).toBe(false);
    expect(tokenMatches('secret-token', 'secret-token-longer')).toBe(false);
    expect(tokenMatches('secret-token', '')).toBe(false);
    expect(tokenMatches('secret-token', undefined)).toBe(false);
  });

  it('names downloads so 签到表 survives and quotes cannot break the header', () => {
    const cd = contentDisposition('签到表 "理学院".pdf');
    expect(cd).toBe(`attachment; filename="___ _____.pdf"; filename*=UTF-8''${encodeURIComponent('签到表 "理学院".pdf')}`);
    expect(cd).not.toMatch(/[^\x20-\x7e]/);
  });

  it('logs no query value but a station or an export kind, and no ID number in a path', () => {
    expect(redactUrl('/?token=abc&x=1')).toBe('/?token=[redacted]&x=[redacted]');
    expect(redactUrl('/api/live?a=1&TOKEN=abc')).toBe('/api/live?a=[redacted]&TOKEN=[redacted]');
    expect(redactUrl('/api/students?query=33010619980101001X')).toBe('/api/students?query=[redacted]');
    expect(redactUrl('/api/queue?station=A')).toBe('/api/queue?station=A');
    expect(redactUrl('/api/tickets/33010619980101001x')).toBe('/api/tickets/3301**********001X');
    expect(redactUrl('/api/exports/signin-sheet?college=%E7%90%86')).toBe('/api/exports/signin-sheet?college=[redacted]');
  });
});
