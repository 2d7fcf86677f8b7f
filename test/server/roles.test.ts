// Roles fixed by the token (docs/interfaces.md §3.5), over real sockets against a
// real kiosk: every route × every bad token, every route × every role, the
// audit actor, DNS rebinding in the tokenless mode, the station links, and the
// security headers.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { callerOf, parseStatedScreen, roleOfToken, roleToken, roleTokens } from '../../src/server/auth.js';
import { reachableBases } from '../../src/server/addresses.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { operations, opNames, roleAllows, STATION_ROLES } from '../../src/shared/operations.js';
import type { AccessLinks } from '../../src/shared/types.js';
import { ADMIN_PIN, api, makeStudents, setUpDay } from './helpers.js';

// Each step spawns processes or sends hundreds of requests: room for a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SECRET = 'roles-test-secret-0123456789';
const tokens = roleTokens(SECRET);

async function serve(token: string | null) {
  const dir = mkdtempSync(join(tmpdir(), 'sq-roles-'));
  const kiosk: Kiosk = await openKiosk({ dbFile: join(dir, 'day.db') });
  const server: RunningServer = await startServer({ kiosk, host: '127.0.0.1', port: 0, token, logFile: join(dir, 'logs', 'serve.log') });
  return {
    dir,
    kiosk,
    server,
    async close() {
      await server.close();
      await kiosk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A concrete URL for an operation's route. */
const pathOf = (path: string) => path.replace(':ticket', '0001A').replace(':station', 'A').replace(':kind', 'attendance-csv').replace(':format', 'csv');

/** A raw request with any Host header (fetch will not let a test choose it). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('role tokens', () => {
  it('derives one URL-safe token per role from the secret; the secret itself is admin', () => {
    expect(tokens.admin).toBe(SECRET);
    for (const role of ['display', 'caller', 'desk'] as const) {
      expect(tokens[role]).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(roleToken(SECRET, role)).toBe(tokens[role]);
      expect(roleToken(`${SECRET}x`, role)).not.toBe(tokens[role]);
      expect(roleOfToken(tokens, tokens[role])).toBe(role);
    }
    expect(new Set(Object.values(tokens)).size).toBe(4);
    expect(roleOfToken(tokens, SECRET)).toBe('admin');
    expect(roleOfToken(tokens, undefined)).toBeNull();
    expect(roleOfToken(tokens, tokens.desk.toLowerCase())).toBeNull();
  });

  it('the stated screen narrows the role and names the actor, never widens', () => {
    expect(callerOf('admin', parseStatedScreen('caller:A'))).toEqual({ role: 'caller', actor: 'caller:A' });
    expect(callerOf('desk', parseStatedScreen(`desk:${encodeURIComponent('东门')}`))).toEqual({ role: 'desk', actor: 'desk:东门' });
    expect(callerOf('display', parseStatedScreen('admin'))).toEqual({ role: 'display', actor: 'display' });
    expect(callerOf('caller', parseStatedScreen('desk:B'))).toEqual({ role: 'caller', actor: 'caller' });
    expect(callerOf('caller', null)).toEqual({ role: 'caller', actor: 'caller' });
    // Junk is dropped, not written to the audit log.
    expect(callerOf('desk', parseStatedScreen('desk:<script>'))).toEqual({ role: 'desk', actor: 'desk' });
    expect(callerOf('desk', parseStatedScreen('root'))).toEqual({ role: 'desk', actor: 'desk' });
  });
});

describe('a served kiosk with a token', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve(SECRET);
    await setUpDay(s.server.url, makeStudents(6), SECRET);
  });
  afterAll(async () => s?.close());

  it('refuses every route to every bad token with 401, and lets public routes through', async () => {
    const bad: [string, Record<string, string>][] = [
      ['no token', {}],
      ['empty bearer', { authorization: 'Bearer ' }],
      ['wrong token', { authorization: 'Bearer wrong-token-0123456789' }],
      ['secret plus a character', { authorization: `Bearer ${SECRET}x` }],
      ['secret minus a character', { authorization: `Bearer ${SECRET.slice(0, -1)}` }],
      ['secret upper-cased', { authorization: `Bearer ${SECRET.toUpperCase()}` }],
      ['desk token minus a character', { authorization: `Bearer ${tokens.desk.slice(0, -1)}` }],
      ['another secret’s desk token', { authorization: `Bearer ${roleToken('another-secret-0123', 'desk')}` }],
      ['Basic scheme', { authorization: `Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}` }],
      ['secret as a header of its own', { 'x-token': SECRET }],
      ['a role header instead of a token', { 'x-station-role': 'admin' }],
    ];
    let tried = 0;
    for (const name of opNames) {
      const op = operations[name];
      for (const [what, headers] of bad) {
        // The token in the query is for the WebSocket only.
        const url = `${s.server.url}${pathOf(op.http.path)}${what === 'no token' ? `?token=${SECRET}` : ''}`;
        const res = await fetch(url, {
          method: op.http.method,
          headers: { ...headers, 'x-admin-pin': ADMIN_PIN, ...(op.http.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          body: op.http.method === 'GET' ? undefined : '{}',
        });
        const body = (await res.json()) as { error: string };
        tried++;
        if (op.access === 'public') expect(res.status, `${name} / ${what}`).not.toBe(401);
        else {
          expect(res.status, `${name} / ${what}`).toBe(401);
          expect(body.error).toBe('unauthorized');
        }
      }
    }
    console.info(`bad-token matrix: ${opNames.length} routes × ${bad.length} variants = ${tried} requests`);
    expect(tried).toBe(opNames.length * bad.length);
  });

  it('gives each role exactly its operations: beyond the role is 403 forbidden-for-role', async () => {
    let tried = 0;
    for (const name of opNames) {
      const op = operations[name];
      for (const role of STATION_ROLES) {
        const res = await fetch(`${s.server.url}${pathOf(op.http.path)}`, {
          method: op.http.method,
          // No PIN: the role check comes first; PIN operations stop at bad-pin and change nothing.
          headers: { authorization: `Bearer ${tokens[role]}`, ...(op.http.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          body: op.http.method === 'GET' ? undefined : '{}',
        });
        const body = (await res.json()) as { error: string };
        tried++;
        if (roleAllows(role, op.access)) expect([body.error, res.status], `${name} as ${role}`).not.toEqual(['forbidden-for-role', 403]);
        else {
          expect(res.status, `${name} as ${role}`).toBe(403);
          expect(body).toMatchObject({ error: 'forbidden-for-role', role, needs: op.access });
        }
        expect(res.status, `${name} as ${role}`).toBeLessThan(500);
      }
    }
    expect(tried).toBe(opNames.length * STATION_ROLES.length);
  });

  it('the waiting-room TV can read but not change fees, sign or check in', async () => {
    const tv = { token: tokens.display };
    expect((await api(s.server.url, 'GET', '/api/display', tv)).status).toBe(200);
    expect((await api(s.server.url, 'GET', '/api/queue?station=A', tv)).status).toBe(200);
    const checkIn = await api(s.server.url, 'POST', '/api/checkins', { ...tv, body: { studentId: '0219000001' } });
    expect(checkIn.status).toBe(403);
    // A header claiming a bigger screen changes nothing.
    const claimed = await api(s.server.url, 'POST', '/api/checkins', { ...tv, body: { studentId: '0219000001' }, headers: { 'x-station-role': 'desk' } });
    expect(claimed).toMatchObject({ status: 403, body: { error: 'forbidden-for-role' } });
    const fee = await api(s.server.url, 'PUT', '/api/tickets/0001A/fee', { ...tv, body: { feeStatus: 'paid' } });
    expect(fee.status).toBe(403);
  });

  it('writes the token’s role (and the stated station) as the audit actor, never a claimed one', async () => {
    const desk = await api(s.server.url, 'POST', '/api/checkins', { token: tokens.desk, body: { studentId: '0219000001' }, headers: { 'x-station-role': 'admin' } });
    expect(desk.status).toBe(201);
    const station = (desk.body as { station: string }).station;
    // Finish what the role matrix called at that station, then call the new ticket.
    const current = (await api<{ tickets: { ticket: string; status: string }[] }>(s.server.url, 'GET', `/api/queue?station=${station}`, { token: SECRET })).body;
    for (const t of current.tickets.filter((x) => x.status === 'called')) await api(s.server.url, 'POST', `/api/tickets/${t.ticket}/photographed`, { token: SECRET });
    const called = await api(s.server.url, 'POST', `/api/stations/${station}/call-next`, { token: tokens.caller, headers: { 'x-station-role': `caller:${station}` } });
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    // The admin token on the caller screen acts as that caller.
    const shot = await api<{ ticket: string }>(s.server.url, 'POST', `/api/tickets/${(called.body as { ticket: string }).ticket}/photographed`, {
      token: SECRET,
      headers: { 'x-station-role': `caller:${station}` },
    });
    expect(shot.status).toBe(200);
    const raw = new Database(join(s.dir, 'day.db'), { readonly: true });
    const actors = raw.prepare("SELECT action, actor FROM audit WHERE action IN ('check-in', 'call', 'photographed') ORDER BY id DESC LIMIT 3").all();
    raw.close();
    expect(actors.reverse()).toEqual([
      { action: 'check-in', actor: 'desk' },
      { action: 'call', actor: `caller:${station}` },
      { action: 'photographed', actor: `caller:${station}` },
    ]);
  });

  it('takes any role’s token on the live WebSocket, and no other', async () => {
    const status = (token: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${s.server.url.replace('http', 'ws')}/api/live?token=${encodeURIComponent(token)}`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => {});
      });
    for (const role of STATION_ROLES) expect(await status(tokens[role]), role).toBe(101);
    expect(await status(`${tokens.display}x`)).toBe(401);
  });

  it('gives the admin screen the other roles’ links, behind the PIN', async () => {
    const url = '/api/admin/access-links';
    expect((await api(s.server.url, 'GET', url, { token: tokens.desk, pin: ADMIN_PIN })).status).toBe(403);
    expect((await api(s.server.url, 'GET', url, { token: SECRET })).status).toBe(401);
    const res = await api<AccessLinks>(s.server.url, 'GET', url, { token: SECRET, pin: ADMIN_PIN });
    expect(res.status).toBe(200);
    const base = s.server.url;
    expect(res.body).toEqual({
      served: true,
      links: [
        { role: 'desk', station: null, url: `${base}/?token=${tokens.desk}#/desk`, qrSvg: expect.stringMatching(/^<svg /) },
        { role: 'caller', station: 'A', url: `${base}/?token=${tokens.caller}#/caller/A`, qrSvg: expect.stringMatching(/^<svg /) },
        { role: 'caller', station: 'B', url: `${base}/?token=${tokens.caller}#/caller/B`, qrSvg: expect.stringMatching(/^<svg /) },
        { role: 'display', station: null, url: `${base}/?token=${tokens.display}#/display`, qrSvg: expect.stringMatching(/^<svg /) },
      ],
    });
    // The admin's own secret is not among them.
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    // Each link's token opens its screen's operations.
    const deskToken = new URL(res.body.links[0]!.url).searchParams.get('token')!;
    expect((await api(s.server.url, 'GET', '/api/stats', { token: deskToken })).status).toBe(200);
  });

  it('sends the CSP as a header that forbids framing, on pages and API answers', async () => {
    for (const path of ['/', '/api/health', '/api/nothing']) {
      const res = await fetch(`${s.server.url}${path}`);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});

describe('the tokenless loopback kiosk', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve(null);
  });
  afterAll(async () => s?.close());

  it('answers only to localhost, 127.0.0.1 and [::1] with its port (DNS rebinding)', async () => {
    const port = s.server.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawGet(port, '/api/event', { host })).status, host).toBe(200);
    }
    for (const host of [`127.evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`, `127.0.0.2:${port}`, `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', 'localhost']) {
      const res = await rawGet(port, '/api/event', { host });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden' });
    }
  });

  it('refuses a rebinding page’s WebSocket too', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${s.server.port}/api/live`, { headers: { host } });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => {});
      });
    expect(await status(`127.0.0.1:${s.server.port}`)).toBe(101);
    expect(await status(`127.evil.example:${s.server.port}`)).toBe(403);
  });

  it('links without tokens', async () => {
    const res = await api<AccessLinks>(s.server.url, 'GET', '/api/admin/access-links', { pin: ADMIN_PIN });
    expect(res.body.links.map((l) => l.url)).toEqual([`${s.server.url}/#/desk`, `${s.server.url}/#/caller/A`, `${s.server.url}/#/display`]);
  });
});

describe('station addresses', () => {
  it('lists the LAN addresses for a wildcard bind, private ranges first, loopback last', () => {
    const nic = (address: string, internal = false) => ({ address, internal, family: 'IPv4' as const, netmask: '', mac: '', cidr: null });
    const interfaces = { lo: [nic('127.0.0.1', true)], eth0: [nic('203.0.113.5'), nic('192.168.1.20')], wlan0: [{ ...nic('fe80::1'), family: 'IPv6' as const, scopeid: 0 }] };
    expect(reachableBases('0.0.0.0', 8740, interfaces)).toEqual(['http://192.168.1.20:8740', 'http://203.0.113.5:8740', 'http://127.0.0.1:8740']);
    expect(reachableBases('192.168.1.20', 8740, interfaces)).toEqual(['http://192.168.1.20:8740']);
    expect(reachableBases('::1', 8740, interfaces)).toEqual(['http://[::1]:8740']);
  });
});

