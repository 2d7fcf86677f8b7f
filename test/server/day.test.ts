// A photo day through the real `swipequeue serve`: real database, real
// sockets, a WebSocket display, token auth, and the bad-input matrix.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResult, LiveEvent, QueueView, Ticket } from '../../src/shared/types.js';
import { readEscPos } from '../hardware/printer/escpos-reader.js';
import { startTcpPrinterEmulator, type TcpPrinterEmulator } from '../hardware/printer/tcp-printer-emulator.js';
import { ADMIN_PIN, COLLEGE_A, api, idNumberFor, makeStudents, setUpDay, startServe, until, type ServeProcess, openLive, killServe } from './helpers.js';

const TOKEN = 'day-test-token-0123456789';

const students = makeStudents(60).map((s, i) => ({ ...s, idNumber: idNumberFor(i + 1) }));

describe('a photo day through swipequeue serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-day-'));
  let server: ServeProcess;
  let live: WebSocket;
  let printer: TcpPrinterEmulator;
  const events: LiveEvent[] = [];
  const call = <T = Record<string, unknown>>(method: string, path: string, opts: Parameters<typeof api>[3] = {}) =>
    api<T>(server.url, method, path, { token: TOKEN, ...opts });
  const checkedIn = new Map<string, CheckInResult>();

  beforeAll(async () => {
    printer = await startTcpPrinterEmulator();
    server = await startServe(['--db', join(dir, 'day.db'), '--port', '0', '--token', TOKEN, '--printer', printer.target]);
    live = await openLive(server.url, events, TOKEN);
  });

  afterAll(async () => {
    live?.close();
    await killServe(server);
    await printer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one stdout line, answers health without a token, refuses the API without one', async () => {
    expect(server.stdout).toEqual([expect.stringMatching(/^listening on http:\/\/127\.0\.0\.1:\d+$/)]);
    const health = await api(server.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });

    for (const token of [undefined, 'wrong-token', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await api(server.url, 'GET', '/api/queue?station=A', token === undefined ? {} : { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
    }
    const noTokenWrite = await api(server.url, 'POST', '/api/checkins', { body: { studentId: students[0]!.studentId } });
    expect(noTokenWrite.status).toBe(401);
  });

  it('imports the event and the roster', async () => {
    await setUpDay(server.url, students, TOKEN);
    const ev = await call<{ name: string; stations: { code: string }[] }>('GET', '/api/event');
    expect(ev.status).toBe(200);
    expect(ev.body.stations.map((s) => s.code)).toEqual(['A', 'B']);
  });

  it('checks in 50 students across two stations, by student ID and by card', async () => {
    for (let i = 0; i < 50; i++) {
      const s = students[i]!;
      const body = i % 3 === 0 ? { idNumber: s.idNumber, name: s.name } : { studentId: s.studentId };
      const res = await call<CheckInResult>('POST', '/api/checkins', { body, headers: { 'x-station-role': 'desk' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const station = s.college === COLLEGE_A ? 'A' : 'B';
      const n = Math.floor(i / 2) + 1;
      expect(res.body).toMatchObject({
        ticket: `${String(n).padStart(4, '0')}${station}`,
        station,
        studentId: s.studentId,
        name: s.name,
        college: s.college,
        position: n,
        print: 'queued',
      });
      checkedIn.set(s.studentId, res.body);
    }
    // Every ticket came out of the (emulated) network printer, once, in the order checked in.
    const numbers = () =>
      readEscPos(printer.printed())
        .lines.filter((l) => /^\d{4}[AB]$/.test(l.trim()))
        .map((l) => l.trim());
    await until(() => numbers().length >= 50, 'fifty printed tickets', 30_000);
    expect(numbers()).toEqual([...checkedIn.values()].map((r) => r.ticket));
  });

  it('answers a second swipe with 409 and the same ticket, an unknown student with 404', async () => {
    const s = students[4]!;
    const first = checkedIn.get(s.studentId)!;
    const again = await call('POST', '/api/checkins', { body: { studentId: s.studentId } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'already-checked-in', ticket: first.ticket, message: expect.any(String) });
    const byCard = await call('POST', '/api/checkins', { body: { idNumber: s.idNumber, name: s.name } });
    expect(byCard.status).toBe(409);
    expect(byCard.body).toMatchObject({ error: 'already-checked-in', ticket: first.ticket });

    const unknown = await call('POST', '/api/checkins', { body: { studentId: '9999999999' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not-on-roster', message: expect.any(String) });
    const unknownCard = await call('POST', '/api/checkins', { body: { idNumber: idNumberFor(999), name: '陌生人' } });
    expect(unknownCard.status).toBe(404);
    expect(unknownCard.body).toMatchObject({ error: 'not-on-roster' });
  });

  it('lists the queue in ticket order with the §2 keys', async () => {
    const q = await call<QueueView>('GET', '/api/queue?station=A');
    expect(q.status).toBe(200);
    expect(q.body.station).toBe('A');
    expect(q.body.tickets.map((t) => t.ticket)).toEqual(Array.from({ length: 25 }, (_, i) => `${String(i + 1).padStart(4, '0')}A`));
    for (const t of q.body.tickets) {
      expect(t).toMatchObject({ status: 'waiting', studentId: expect.any(String), name: expect.any(String), college: COLLEGE_A });
      expect(Number.isNaN(Date.parse(t.checkedInAt))).toBe(false);
    }
  });

  it('calls in strict order; no-show, recall and photographed move a ticket as the photographer says', async () => {
    const callNext = () => call<Ticket>('POST', '/api/stations/A/call-next', { headers: { 'x-station-role': 'caller' } });
    const c1 = await callNext();
    expect(c1.status).toBe(200);
    expect(c1.body).toMatchObject({ ticket: '0001A', status: 'called', station: 'A' });
    // One ticket at a time: the next call waits until 0001A is finished.
    const early = await callNext();
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'ticket-in-progress', ticket: '0001A' });

    const shot = await call<Ticket>('POST', '/api/tickets/0001A/photographed');
    expect(shot.status).toBe(200);
    expect(shot.body).toMatchObject({ ticket: '0001A', status: 'photographed' });

    expect((await callNext()).body).toMatchObject({ ticket: '0002A', status: 'called' });
    const gone = await call<Ticket>('POST', '/api/tickets/0002A/no-show');
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ ticket: '0002A', status: 'no-show' });

    expect((await callNext()).body).toMatchObject({ ticket: '0003A', status: 'called' });
    expect((await call('POST', '/api/tickets/0003A/photographed')).status).toBe(200);

    // 0002A comes back late: recalled, back to called, then photographed.
    const back = await call<Ticket>('POST', '/api/tickets/0002A/recall');
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ ticket: '0002A', status: 'called' });
    expect((await call<Ticket>('POST', '/api/tickets/0002A/photographed')).body).toMatchObject({ status: 'photographed' });

    // Illegal moves are 409 in plain words, not 500.
    const twice = await call('POST', '/api/tickets/0001A/no-show');
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: 'illegal-transition', message: expect.stringContaining('0001A') });
  });

  it('empties station B in strict order, then answers queue-empty', async () => {
    for (let n = 1; n <= 25; n++) {
      const c = await call<Ticket>('POST', '/api/stations/B/call-next');
      expect(c.status).toBe(200);
      expect(c.body.ticket).toBe(`${String(n).padStart(4, '0')}B`);
      expect((await call('POST', `/api/tickets/${c.body.ticket}/photographed`)).status).toBe(200);
    }
    const empty = await call('POST', '/api/stations/B/call-next');
    expect(empty.status).toBe(409);
    expect(empty.body).toMatchObject({ error: 'queue-empty', message: expect.any(String) });
  });

  it('pushed live events to the WebSocket display', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const checkIns = events.filter((e) => e.type === 'checked-in');
    expect(checkIns).toHaveLength(50);
    const calls = events.filter((e): e is Extract<LiveEvent, { type: 'ticket-called' }> => e.type === 'ticket-called');
    expect(calls.filter((e) => e.station === 'A').map((e) => e.ticket)).toEqual(['0001A', '0002A', '0003A', '0002A']);
    expect(calls.filter((e) => e.station === 'B')).toHaveLength(25);
    expect(events.some((e) => e.type === 'queue-changed' && e.station === 'A')).toBe(true);
  });

  it('refuses a WebSocket without the token', async () => {
    for (const suffix of ['', '?token=wrong']) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live${suffix}`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
      expect(status).toBe(401);
    }
  });

  it('answers the bad-input matrix with 4xx JSON, never a 500', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: { what: string; method: string; path: string; rawBody?: string; body?: unknown; headers?: Record<string, string>; status: number; error: string }[] = [
      { what: 'malformed JSON', method: 'POST', path: '/api/checkins', rawBody: '{"studentId": ', headers: json, status: 400, error: 'bad-request' },
      { what: 'JSON array body', method: 'POST', path: '/api/checkins', rawBody: '[1,2]', headers: json, status: 400, error: 'bad-request' },
      { what: 'JSON string body', method: 'POST', path: '/api/checkins', rawBody: '"0219000001"', headers: json, status: 400, error: 'bad-request' },
      { what: 'prototype poisoning', method: 'POST', path: '/api/checkins', rawBody: '{"__proto__":{"admin":true}}', headers: json, status: 400, error: 'bad-request' },
      { what: 'wrong type', method: 'POST', path: '/api/checkins', body: { studentId: 219000001 }, status: 400, error: 'bad-request' },
      { what: 'empty object', method: 'POST', path: '/api/checkins', body: {}, status: 400, error: 'bad-request' },
      { what: 'extra key', method: 'POST', path: '/api/checkins', body: { studentId: students[55]!.studentId, admin: true }, status: 400, error: 'bad-request' },
      { what: 'form body', method: 'POST', path: '/api/checkins', rawBody: 'studentId=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, error: 'unsupported-media-type' },
      { what: 'text body', method: 'POST', path: '/api/checkins', rawBody: '{"studentId":"1"}', headers: { 'content-type': 'text/plain' }, status: 415, error: 'unsupported-media-type' },
      { what: 'oversized body', method: 'POST', path: '/api/checkins', body: { studentId: 'x'.repeat(2 * 1024 * 1024) }, status: 413, error: 'too-large' },
      { what: 'unknown station', method: 'GET', path: '/api/queue?station=Z', status: 404, error: expect.any(String) as unknown as string },
      { what: 'lowercase station', method: 'POST', path: '/api/stations/a/call-next', status: 400, error: 'bad-request' },
      { what: 'garbage station', method: 'POST', path: '/api/stations/AB/call-next', status: 400, error: 'bad-request' },
      { what: 'missing station', method: 'GET', path: '/api/queue', status: 400, error: 'bad-request' },
      { what: 'repeated station', method: 'GET', path: '/api/queue?station=A&station=B', status: 400, error: 'bad-request' },
      { what: 'unknown query key', method: 'GET', path: '/api/queue?station=A&debug=1', status: 400, error: 'bad-request' },
      { what: 'unknown ticket', method: 'POST', path: '/api/tickets/0999A/photographed', status: 404, error: expect.any(String) as unknown as string },
      { what: 'garbage ticket', method: 'POST', path: '/api/tickets/12345/no-show', status: 400, error: 'bad-request' },
      { what: 'ticket of a station that does not exist', method: 'GET', path: '/api/tickets/0001Q', status: 404, error: expect.any(String) as unknown as string },
      { what: 'bad percent-encoding', method: 'GET', path: '/api/tickets/%E0%A4%A', status: 400, error: 'bad-request' },
      { what: 'unknown route', method: 'GET', path: '/api/nothing-here', status: 404, error: 'not-found' },
      { what: 'wrong method', method: 'DELETE', path: '/api/checkins', status: 404, error: 'not-found' },
      { what: 'admin route without PIN', method: 'PUT', path: '/api/settings', body: { walkInsAllowed: true }, status: 401, error: 'bad-pin' },
      { what: 'admin route with wrong PIN', method: 'PUT', path: '/api/settings', body: { walkInsAllowed: true }, headers: { 'x-admin-pin': '0000' }, status: 401, error: 'bad-pin' },
      { what: 'export without PIN', method: 'GET', path: '/api/exports/attendance-csv', status: 401, error: 'bad-pin' },
      { what: 'unknown export kind', method: 'GET', path: '/api/exports/passwords', headers: { 'x-admin-pin': ADMIN_PIN }, status: 400, error: 'bad-request' },
      { what: 'signature too long', method: 'PUT', path: '/api/tickets/0001A/signature', body: { svgPath: 'M0 0'.repeat(60_000) }, status: 400, error: 'bad-request' },
    ];
    for (const c of cases) {
      const res = await call(c.method, c.path, { rawBody: c.rawBody, body: c.body, headers: c.headers });
      expect(res.status, `${c.what}: ${JSON.stringify(res.body)}`).toBe(c.status);
      expect(res.body, c.what).toMatchObject({ error: c.error, message: expect.any(String) });
      expect((res.body as { message: string }).message.length, c.what).toBeGreaterThan(0);
    }
    // Lowercase ticket numbers are what people type: accepted and normalised.
    const lower = await call<Ticket>('GET', '/api/tickets/0004a');
    expect(lower.status).toBe(200);
    expect(lower.body.ticket).toBe('0004A');
    // Still alive after all that.
    expect((await call('GET', '/api/health')).status).toBe(200);
  });

  it('refuses a cross-site browser request', async () => {
    const res = await call('POST', '/api/checkins', { body: { studentId: students[56]!.studentId }, headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden' });
  });

  it('answers a request Node cannot parse with a 400 JSON body', async () => {
    const { port } = new URL(server.url);
    // A control character in a header: Node's HTTP parser rejects it before fastify sees it.
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /api/tickets/0001A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Bad: a\u0001b\r\n\r\n`);
      });
      let got = '';
      socket.setEncoding('utf8').on('data', (d: string) => (got += d));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    const raw = { status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) };
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body)).toMatchObject({ error: 'bad-request' });
  });

  it('downloads the signed sign-in sheet and the attendance as files, not JSON', async () => {
    const sheet = await fetch(`${server.url}/api/exports/signin-sheet?college=${encodeURIComponent(COLLEGE_A)}`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-admin-pin': ADMIN_PIN },
    });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    const disposition = sheet.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''\S+\.pdf$/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/\.pdf$/);
    const pdf = Buffer.from(await sheet.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfFile = join(dir, 'sheet.pdf');
    writeFileSync(pdfFile, pdf);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('0001A');
    expect(text).toContain(students[0]!.name);

    const csv = await fetch(`${server.url}/api/exports/attendance-csv`, { headers: { authorization: `Bearer ${TOKEN}`, 'x-admin-pin': ADMIN_PIN } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).replace(/^\uFEFF/, '');
    expect(rows).toContain(students[1]!.studentId);
  });

  it('stops on SIGTERM with exit 0', async () => {
    live.close();
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    expect(code).toBe(0);
  });
});
