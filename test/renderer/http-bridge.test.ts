// The browser's Bridge against the real server (openKiosk + startServer on a
// loopback port, real SQLite in a temp dir, real WebSocket): the same calls the
// screens make, with the token, the admin PIN and the station role on the wire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { ApiError, type Bridge } from '../../src/shared/contract.js';
import type { LiveEvent } from '../../src/shared/types.js';
import {
  buildRequest,
  createHttpBridge,
  errorFromResponse,
  fileNameFromDisposition,
  liveUrl,
  reconnectDelay,
  resolveToken,
  type WebSocketFactory,
} from '../../src/renderer/api/http-bridge.js';
import { roleOfHash } from '../../src/renderer/api/bridge.js';

const TOKEN = 'renderer-test-token';
const PIN = '1234';
const event = {
  name: '测试：毕业生图像采集',
  date: '2020-12-21',
  feeYuan: 20,
  stations: [{ code: 'A', room: '7-115' }],
  slots: [{ station: 'A', college: '理学院', start: '00:00', end: '23:59' }],
};
const roster = '学号,姓名,学院\n0219000001,张三,理学院\n0219000002,李四,理学院\n';

const wsFactory: WebSocketFactory = (url) => new WebSocket(url) as unknown as ReturnType<WebSocketFactory>;

describe('buildRequest', () => {
  it('puts path params in the path, the rest of a GET in the query', () => {
    const req = buildRequest('exportFile', { kind: 'signin-sheet', college: '理学院' }, { token: 't0k3n', pin: '1234', role: 'admin' });
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`/api/exports/signin-sheet?college=${encodeURIComponent('理学院')}`);
    expect(req.body).toBeUndefined();
    expect(req.headers).toMatchObject({ authorization: 'Bearer t0k3n', 'x-admin-pin': '1234', 'x-station-role': 'admin' });
  });

  it('sends the rest of a POST/PUT as a JSON body', () => {
    const req = buildRequest('saveSignature', { ticket: '0001A', svgPath: 'M 1 2 L 3 4' });
    expect(req).toMatchObject({ method: 'PUT', url: '/api/tickets/0001A/signature', body: '{"svgPath":"M 1 2 L 3 4"}' });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBeUndefined();
    expect(buildRequest('callNext', { station: 'B' })).toMatchObject({ url: '/api/stations/B/call-next', body: '{}' });
  });

  it('refuses a call whose path param is missing', () => {
    expect(() => buildRequest('getTicket', {})).toThrow(ApiError);
  });
});

describe('small helpers', () => {
  it('reads the UTF-8 file name of a download first', () => {
    expect(fileNameFromDisposition(`attachment; filename="___.pdf"; filename*=UTF-8''${encodeURIComponent('签到表.pdf')}`, 'x')).toBe('签到表.pdf');
    expect(fileNameFromDisposition('attachment; filename="audit.csv"', 'x')).toBe('audit.csv');
    expect(fileNameFromDisposition(null, 'fallback')).toBe('fallback');
  });

  it('turns any failed answer into an ApiError', () => {
    const known = errorFromResponse(409, '{"error":"queue-empty","message":"nobody is waiting at station A","station":"A"}');
    expect(known).toMatchObject({ code: 'queue-empty', status: 409, body: { station: 'A' } });
    expect(errorFromResponse(502, '<html>Bad gateway</html>')).toMatchObject({ code: 'http-502', status: 502 });
  });

  it('puts the token of the live socket in its query', () => {
    expect(liveUrl('http://10.0.0.5:8740', 'a b')).toBe('ws://10.0.0.5:8740/api/live?token=a+b');
    expect(liveUrl('https://kiosk.lan', null)).toBe('wss://kiosk.lan/api/live');
  });

  it('backs off reconnects up to 10 s', () => {
    expect([0, 1, 2, 10].map(reconnectDelay)).toEqual([500, 1000, 2000, 10_000]);
  });

  it('states the screen of the hash route, with its station or desk name', () => {
    expect(roleOfHash('#/desk')).toBe('desk');
    expect(roleOfHash('#/caller/b')).toBe('caller:B');
    expect(roleOfHash('#/desk/东门')).toBe(`desk:${encodeURIComponent('东门')}`);
    expect(roleOfHash(`#/desk/${encodeURIComponent('东门')}`)).toBe(`desk:${encodeURIComponent('东门')}`);
    expect(roleOfHash('#/display')).toBe('display');
    expect(roleOfHash('#/')).toBeNull();
    expect(roleOfHash('#/administrator')).toBeNull();
  });

  it('keeps the URL token for the session', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(resolveToken('?token=abc123', storage)).toBe('abc123');
    expect(resolveToken('', storage)).toBe('abc123');
    expect(resolveToken('', null)).toBeNull();
  });
});

describe('createHttpBridge against swipequeue serve', () => {
  let dir: string;
  let kiosk: Kiosk;
  let server: RunningServer;
  let bridge: Bridge;
  // The screen the page states: the server narrows the admin token to it (admin calls need role admin).
  let role = 'admin';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sq-renderer-'));
    kiosk = await openKiosk({ dbFile: join(dir, 'day.db'), reader: 'none', printer: 'none' });
    server = await startServer({ kiosk, host: '127.0.0.1', port: 0, token: TOKEN, logFile: null, rendererDir: null });
    bridge = createHttpBridge({ baseUrl: server.url, token: TOKEN, role: () => role, webSocket: wsFactory });
  });
  afterAll(async () => {
    await server?.close();
    await kiosk?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses admin calls without the PIN, runs them with it', async () => {
    const refused = await bridge.importEvent(event).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('bad-pin');
    expect((refused as ApiError).status).toBe(401);
    await expect(bridge.importEvent(event, { pin: PIN })).resolves.toEqual({ event: expect.any(Number), stations: 1, slots: 1 });
    const result = await bridge.importRoster({ fileName: 'roster.csv', contentBase64: Buffer.from(roster).toString('base64') }, { pin: PIN });
    expect(result).toMatchObject({ imported: 2, skipped: [] });
  });

  it('answers null as null (no body confusion)', async () => {
    expect(await bridge.getEvent({})).toMatchObject({ name: event.name, stations: [{ code: 'A', room: '7-115' }] });
  });

  it('without the token the server refuses with a plain error', async () => {
    const anonymous = createHttpBridge({ baseUrl: server.url, webSocket: wsFactory });
    await expect(anonymous.getQueue({ station: 'A' })).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('checks in, calls and carries live events over the WebSocket', async () => {
    const events: LiveEvent[] = [];
    const off = bridge.onLive((e) => events.push(e));
    // The socket opens asynchronously: poke the server until an event comes through.
    await waitFor(async () => {
      await bridge.updateSettings({ voiceRepeats: 2 }, { pin: PIN });
      return events.some((e) => e.type === 'settings-changed');
    });

    role = 'desk';
    const found = await bridge.searchStudents({ query: '张' });
    expect(found.map((s) => s.studentId)).toEqual(['0219000001']);
    const checked = await bridge.checkIn({ studentId: '0219000001' });
    expect(checked).toMatchObject({ ticket: '0001A', station: 'A', room: '7-115', position: 1, print: 'none' });

    role = 'caller:A';
    const called = await bridge.callNext({ station: 'A' });
    expect(called).toMatchObject({ ticket: '0001A', status: 'called' });
    await waitFor(async () => events.some((e) => e.type === 'ticket-called'));
    expect(events.find((e) => e.type === 'ticket-called')).toMatchObject({ ticket: '0001A', room: '7-115', station: 'A' });
    off();

    await expect(bridge.callNext({ station: 'A' })).rejects.toMatchObject({ code: 'ticket-in-progress' });
    // The caller screen may not check in, even with the admin's token.
    await expect(bridge.checkIn({ studentId: '0219000001' })).rejects.toMatchObject({ code: 'forbidden-for-role', status: 403 });
    role = 'desk';
    const dup = await bridge.checkIn({ studentId: '0219000001' }).catch((e: unknown) => e);
    expect(dup).toMatchObject({ code: 'already-checked-in', status: 409, body: { ticket: '0001A' } });
    role = 'admin';
  });

  it('downloads an export as a file with its Chinese name', async () => {
    role = 'desk';
    await bridge.saveSignature({ ticket: '0001A', svgPath: 'M 10 50 L 290 50' });
    role = 'admin';
    const file = await bridge.exportFile({ kind: 'attendance-csv' }, { pin: PIN });
    expect(file.mime).toMatch(/csv/);
    expect(file.fileName).toMatch(/\.csv$/);
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text).toContain('0219000001');
    await expect(bridge.exportFile({ kind: 'attendance-csv' })).rejects.toMatchObject({ code: 'bad-pin' });
    // X-Station-Role names who acted in the audit log.
    const audit = Buffer.from((await bridge.exportFile({ kind: 'audit-csv' }, { pin: PIN })).base64, 'base64').toString('utf8');
    const callLine = audit.split(/\r?\n/).find((l) => /,call,0001A/.test(l));
    expect(callLine).toContain('caller:A');
    const checkInLine = audit.split(/\r?\n/).find((l) => /,check-in,0001A/.test(l));
    expect(checkInLine).toContain('desk');
  });

  it('reconnects the live socket after the server restarts, and tells the screens to reload', async () => {
    const events: LiveEvent[] = [];
    const socketStates: boolean[] = [];
    bridge = createHttpBridge({ baseUrl: server.url, token: TOKEN, role: () => role, webSocket: wsFactory, onLiveState: (open) => socketStates.push(open) });
    const off = bridge.onLive((e) => events.push(e));
    await waitFor(async () => {
      await bridge.updateSettings({ voiceRepeats: 1 }, { pin: PIN });
      return events.some((e) => e.type === 'settings-changed');
    });
    const port = server.port;
    await server.close();
    events.length = 0;
    server = await startServer({ kiosk, host: '127.0.0.1', port, token: TOKEN, logFile: null, rendererDir: null });
    // Events missed while away: a synthetic event-changed makes every screen reload.
    await waitFor(async () => events.some((e) => e.type === 'event-changed'), 800);
    await bridge.updateSettings({ voiceRepeats: 3 }, { pin: PIN });
    await waitFor(async () => events.some((e) => e.type === 'settings-changed'));
    // The screens learn that the socket was down (the display polls meanwhile), then back.
    expect(socketStates[0]).toBe(true);
    expect(socketStates).toContain(false);
    expect(socketStates.at(-1)).toBe(true);
    off();
  });

  it('says plainly when the server cannot be reached', async () => {
    const gone = createHttpBridge({ baseUrl: 'http://127.0.0.1:9', webSocket: wsFactory });
    await expect(gone.health({})).rejects.toMatchObject({ code: 'offline' });
  });
});

async function waitFor(check: () => Promise<boolean>, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}
