// POST /api/stations/:station/confirm and POST /api/tickets/:ticket/retake over
// real HTTP and the live WebSocket: the three answers of docs/interfaces.md §3.7, the
// verdict pushed to every screen, a retake re-entering the queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { LiveEvent, QueueView, Ticket } from '../../src/shared/types.js';
import { COLLEGE_A, api, idNumberFor, makeStudents, setUpDay, until, openLive } from './helpers.js';

const TOKEN = 'confirm-test-token-0123456789';
// Students 1, 3, 5, 7 are of COLLEGE_A and queue at station A as 0001A…0004A.
const students = makeStudents(8).map((s, i) => ({ ...s, idNumber: idNumberFor(i + 1) }));
const atA = students.filter((s) => s.college === COLLEGE_A);

describe('confirm and retake over HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-confirm-'));
  let kiosk: Kiosk;
  let server: RunningServer;
  let live: WebSocket;
  const events: LiveEvent[] = [];
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    api<T>(server.url, method, path, { token: TOKEN, headers: { 'x-station-role': 'caller' }, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    kiosk = await openKiosk({ dbFile: join(dir, 'day.db') });
    server = await startServer({ kiosk, host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: null });
    await setUpDay(server.url, students, TOKEN);
    // The desk checks them in; everything after is the photographer's tablet.
    for (const s of atA) {
      const res = await api(server.url, 'POST', '/api/checkins', { token: TOKEN, headers: { 'x-station-role': 'desk' }, body: { studentId: s.studentId } });
      expect(res.status).toBe(201);
    }
    live = await openLive(server.url, events, TOKEN);
  });

  afterAll(async () => {
    live?.close();
    await server?.close();
    await kiosk?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('409 nobody-called while nobody is in front of the camera', async () => {
    const res = await call('POST', '/api/stations/A/confirm', { idNumber: atA[0]!.idNumber, name: atA[0]!.name });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'nobody-called', station: 'A', message: expect.stringMatching(/nobody is called at station A/) });
  });

  it('409 not-the-called-student naming the called number and the number the person holds, or null', async () => {
    expect((await call<Ticket>('POST', '/api/stations/A/call-next')).body.ticket).toBe('0001A');
    const other = await call('POST', '/api/stations/A/confirm', { idNumber: atA[3]!.idNumber, name: atA[3]!.name });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'not-the-called-student', called: '0001A', presented: '0004A', message: expect.any(String) });
    const absent = await call('POST', '/api/stations/A/confirm', { studentId: students[1]!.studentId });
    expect(absent.status).toBe(409);
    expect(absent.body).toMatchObject({ error: 'not-the-called-student', called: '0001A', presented: null });
  });

  it('200 match with the ticket and the name; the verdicts reached the live socket', async () => {
    const res = await call('POST', '/api/stations/A/confirm', { idNumber: atA[0]!.idNumber, name: atA[0]!.name });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ match: true, ticket: '0001A', station: 'A', studentId: atA[0]!.studentId, name: atA[0]!.name, method: 'card' });
    expect(JSON.stringify(res.body)).not.toContain(atA[0]!.idNumber!);
    await until(() => events.filter((e) => e.type === 'identity-checked').length === 4, 'four verdicts on the live socket');
    const verdicts = events.flatMap((e) => (e.type === 'identity-checked' ? [e.verdict] : []));
    expect(verdicts.map((v) => (v.match ? v.ticket : `${v.error}:${'presented' in v ? String(v.presented) : ''}`))).toEqual([
      'nobody-called:',
      'not-the-called-student:0004A',
      'not-the-called-student:null',
      '0001A',
    ]);
  });

  it('bad input is a 400 in plain words, never a 500', async () => {
    const cases: [unknown, string][] = [
      [{}, 'bad-request'],
      [{ idNumber: 'abc', name: 'x' }, 'bad-request'],
      [{ idNumber: `${atA[0]!.idNumber!.slice(0, 17)}${atA[0]!.idNumber!.endsWith('1') ? '2' : '1'}`, name: atA[0]!.name }, 'invalid-id-number'],
      [{ studentId: 'x', idNumber: atA[0]!.idNumber }, 'bad-request'],
    ];
    for (const [body, error] of cases) {
      const res = await call('POST', '/api/stations/A/confirm', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error, message: expect.any(String) });
    }
    expect((await call('POST', '/api/stations/Q/confirm', { studentId: 'x1234' })).status).toBe(404);
    expect((await call('POST', '/api/stations/a1/confirm', { studentId: 'x1234' })).status).toBe(400);
  });

  it('a retake re-enters the queue right after the current ticket and keeps its number', async () => {
    expect((await call('POST', '/api/tickets/0001A/photographed')).status).toBe(200);
    expect((await call<Ticket>('POST', '/api/stations/A/call-next')).body.ticket).toBe('0002A');
    const retake = await call<Ticket>('POST', '/api/tickets/0001A/retake', { reason: '闭眼' });
    expect(retake.status).toBe(200);
    expect(retake.body).toMatchObject({ ticket: '0001A', status: 'waiting', retakes: 1 });
    const q = await call<QueueView>('GET', '/api/queue?station=A');
    expect(q.body.tickets.map((t) => [t.ticket, t.status, t.retakes])).toEqual([
      ['0001A', 'waiting', 1],
      ['0002A', 'called', 0],
      ['0003A', 'waiting', 0],
      ['0004A', 'waiting', 0],
    ]);
    expect((await call('POST', '/api/tickets/0003A/retake')).body).toMatchObject({ error: 'illegal-transition' });
    await call('POST', '/api/tickets/0002A/photographed');
    expect((await call<Ticket>('POST', '/api/stations/A/call-next')).body).toMatchObject({ ticket: '0001A', retakes: 1, confirmed: false });
  });
});
