// A whole day through `swipequeue serve` with every way an ID number comes in
// (typed at the desk, card reads on the emulated reader, 学信网 codes a scanner
// typed, the roster), every export (CLI files and HTTP downloads) and the log;
// then EVERY file the kiosk wrote is searched for a full ID number: the raw
// bytes (UTF-8 and UTF-16), the text of each PDF and each XLSX sheet. Only the
// key file is left out (it holds the key, not ID numbers).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import XLSX from '@e965/xlsx';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulatedReader, type EmulatedReader } from '../../src/hardware/idcard/emulator/pty-reader.js';
import { isValidIdNumber } from '../../src/shared/id-number.js';
import type { CardSeen, LiveEvent } from '../../src/shared/types.js';
import { residentBlock } from '../hardware/idcard/build.js';
import { ADMIN_PIN, api, idNumberFor, makeStudents, repoRoot, setUpDay, startServe, until, type ServeProcess, openLive, killServe } from './helpers.js';

// Each step spawns processes or sends hundreds of requests: room for a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TOKEN = 'privacy-day-secret-0123456789';
const students = makeStudents(30).map((s, i) => ({ ...s, idNumber: idNumberFor(i + 1) }));
/** Cards and codes of people not on the roster. */
const STRANGER = idNumberFor(901);
const WALK_IN = idNumberFor(902);
const TYPED_UNKNOWN = idNumberFor(903);
const SCANNED_UNKNOWN = idNumberFor(904);
const ALL_IDS = [...students.map((s) => s.idNumber), STRANGER, WALK_IN, TYPED_UNKNOWN, SCANNED_UNKNOWN];

/** Every file under `dir`. */
const filesIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(join(dir, e.name)) : [join(dir, e.name)]));

/** The texts a person or a program could read out of a file. */
function textsOf(file: string): string[] {
  const raw = readFileSync(file);
  const texts = [raw.toString('latin1'), raw.toString('utf16le'), raw.subarray(1).toString('utf16le')];
  if (raw.subarray(0, 5).toString() === '%PDF-') texts.push(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
  if (raw.subarray(0, 2).toString() === 'PK') {
    const book = XLSX.read(raw);
    for (const name of book.SheetNames) texts.push(XLSX.utils.sheet_to_csv(book.Sheets[name]!));
  }
  return texts;
}

/** Known ID numbers (whole, or without the check character) and any valid 18-character number at all. */
function hitsIn(text: string): string[] {
  const hits = ALL_IDS.filter((id) => text.includes(id) || text.includes(id.slice(0, 17)) || text.includes(id.toLowerCase()));
  for (const m of text.matchAll(/\d{17}[\dXx]/g)) if (isValidIdNumber(m[0].toUpperCase()) && !hits.includes(m[0])) hits.push(m[0]);
  return hits;
}

describe('a day leaves no full ID number on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-privacy-day-'));
  const data = join(dir, 'kiosk');
  let reader: EmulatedReader;
  let server: ServeProcess;
  let live: WebSocket;
  const events: LiveEvent[] = [];
  const seen = () => events.filter((e): e is { type: 'card-seen'; card: CardSeen } => e.type === 'card-seen').map((e) => e.card);
  const call = <T = Record<string, unknown>>(method: string, path: string, opts: Parameters<typeof api>[3] = {}) => api<T>(server.url, method, path, { token: TOKEN, ...opts });

  async function swipe(name: string, id: string): Promise<CardSeen> {
    const before = seen().length;
    reader.present(residentBlock({ name, id }));
    await until(() => seen().length > before, 'the card to be seen');
    reader.lift();
    await new Promise((r) => setTimeout(r, 300));
    return seen()[before]!;
  }

  beforeAll(async () => {
    mkdirSync(join(data, 'printer'), { recursive: true });
    reader = await startEmulatedReader();
    server = await startServe([
      '--db',
      join(data, 'day.db'),
      '--port',
      '0',
      '--token',
      TOKEN,
      '--reader',
      `serial:${reader.path}?baud=115200`,
      '--printer',
      `file:${join(data, 'printer', 'tickets.bin')}`,
    ]);
    live = await openLive(server.url, events, TOKEN);
    await setUpDay(server.url, students, TOKEN);
  });

  afterAll(async () => {
    live?.close();
    await killServe(server);
    await reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes ID numbers typed at the desk without putting them in a URL', async () => {
    const desk = { headers: { 'x-station-role': 'desk' } };
    // What the desk screen does with a typed ID: search by it (a POST), then check in by student ID.
    const found = await call<{ studentId: string }[]>('POST', '/api/students/search', { ...desk, body: { query: students[0]!.idNumber } });
    expect(found.body.map((s) => s.studentId)).toEqual([students[0]!.studentId]);
    expect((await call('POST', '/api/checkins', { ...desk, body: { studentId: students[0]!.studentId, method: 'manual' } })).status).toBe(201);
    expect((await call('POST', '/api/students/search', { ...desk, body: { query: TYPED_UNKNOWN } })).body).toEqual([]);
    // A keyboard-wedge reader types the number into the box: the card's number and name.
    expect((await call('POST', '/api/checkins', { ...desk, body: { idNumber: students[1]!.idNumber, name: students[1]!.name, method: 'wedge' } })).status).toBe(201);
    // The old GET search is gone, and an ID number sent as a student ID is refused, not kept.
    expect((await call('GET', `/api/students?query=${students[2]!.idNumber}`)).status).toBe(404);
    const asStudentId = await call('POST', '/api/checkins', { ...desk, body: { studentId: students[2]!.idNumber } });
    expect(asStudentId).toMatchObject({ status: 400, body: { error: 'bad-request' } });
    // Whatever a client puts in a URL, the log must not keep it.
    expect((await call('GET', `/api/tickets/${students[2]!.idNumber}`)).status).toBe(400);
    expect((await call('GET', `/api/queue?station=A&q=${students[2]!.idNumber}`)).status).toBe(400);
  });

  it('takes card reads: a match, a duplicate, a stranger, a walk-in', async () => {
    expect((await swipe(students[3]!.name, students[3]!.idNumber)).result).toMatchObject({ studentId: students[3]!.studentId });
    expect((await swipe(students[3]!.name, students[3]!.idNumber)).error).toMatchObject({ error: 'already-checked-in' });
    expect((await swipe('陌生人', STRANGER)).error).toMatchObject({ error: 'not-on-roster' });
    expect((await call('PUT', '/api/settings', { body: { walkInsAllowed: true }, pin: ADMIN_PIN })).status).toBe(200);
    expect((await swipe('路人甲', WALK_IN)).result).toMatchObject({ walkIn: true, studentId: `W-${WALK_IN.slice(0, 4)}**********${WALK_IN.slice(-4)}` });
  });

  it('keeps scanned 学信网 codes only masked', async () => {
    const scans = [
      `https://my.chsi.com.cn/archive/bab/xj/show.action?sfzh=${students[4]!.idNumber.toLowerCase()}&xm=${encodeURIComponent(students[4]!.name)}`,
      `{"xh":"${students[5]!.studentId}","sfzh":"${students[5]!.idNumber}"}`,
      `CJM|${SCANNED_UNKNOWN}|${students[6]!.studentId}`,
    ];
    for (const [i, code] of scans.entries()) {
      const res = await call('POST', '/api/checkins', { headers: { 'x-station-role': 'desk' }, body: { studentId: students[4 + i]!.studentId, method: 'scan', scannedCode: code } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });

  it('runs the rest of the day: calls, signatures, fees, every export', async () => {
    for (const station of ['A', 'B']) {
      const c = await call<{ ticket: string }>('POST', `/api/stations/${station}/call-next`);
      expect(c.status).toBe(200);
      await call('PUT', `/api/tickets/${c.body.ticket}/signature`, { body: { svgPath: 'M 10 50 L 290 50' } });
      await call('PUT', `/api/tickets/${c.body.ticket}/fee`, { body: { feeStatus: 'paid' } });
      await call('POST', `/api/tickets/${c.body.ticket}/photographed`);
    }
    // Downloads, saved where the secretary's browser would put them.
    mkdirSync(join(data, 'downloads'));
    for (const kind of ['signin-sheet', 'attendance-csv', 'attendance-xlsx', 'fees-pdf', 'fees-xlsx', 'absentees-pdf', 'absentees-xlsx', 'audit-csv']) {
      const res = await fetch(`${server.url}/api/exports/${kind}`, { headers: { authorization: `Bearer ${TOKEN}`, 'x-admin-pin': ADMIN_PIN } });
      expect(res.status, kind).toBe(200);
      writeFileSync(join(data, 'downloads', kind), Buffer.from(await res.arrayBuffer()));
    }
    // The CLI exports, while the kiosk runs.
    mkdirSync(join(data, 'exports'));
    for (const [what, out] of [
      ['signin-sheet', 'sheet.pdf'],
      ['attendance', 'attendance.csv'],
      ['attendance', 'attendance.xlsx'],
      ['fees', 'fees.pdf'],
      ['fees', 'fees.xlsx'],
      ['absentees', 'absentees.pdf'],
      ['absentees', 'absentees.xlsx'],
      ['audit', 'audit.csv'],
    ]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'export', what!, '--db', join(data, 'day.db'), '--out', join(data, 'exports', out!)], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      expect(r.status, `${what} ${out}: ${r.stderr}`).toBe(0);
    }
  });

  it('scans every file the kiosk wrote, running and stopped: no full ID number anywhere', async () => {
    const scan = () => {
      const files = filesIn(data).filter((f) => !f.endsWith('.key'));
      const hits: string[] = [];
      for (const f of files) for (const text of textsOf(f)) for (const h of hitsIn(text)) hits.push(`${relative(data, f)}: ${h}`);
      return { files, hits: [...new Set(hits)] };
    };
    const running = scan();
    expect(running.files.map((f) => relative(data, f))).toEqual(expect.arrayContaining(['day.db', 'day.db-wal', 'day.db-shm', 'logs/serve.log', 'printer/tickets.bin']));
    expect(running.hits).toEqual([]);

    live.close();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const stopped = scan();
    expect(stopped.hits).toEqual([]);
    console.info(`privacy scan: ${running.files.length} files while running, ${stopped.files.length} after stopping (${stopped.files.map((f) => relative(data, f)).join(', ')}); hits: ${running.hits.length + stopped.hits.length}`);

    // The scan can see: the masked forms are there, the log has the requests.
    const db = readFileSync(join(data, 'day.db')).toString('latin1');
    expect(db).toContain(`sfzh=${students[4]!.idNumber.slice(0, 4)}**********${students[4]!.idNumber.slice(-4)}`);
    expect(db).toContain(`${SCANNED_UNKNOWN.slice(0, 4)}**********${SCANNED_UNKNOWN.slice(-4)}`);
    const log = readFileSync(join(data, 'logs', 'serve.log'), 'utf8');
    expect(log).toContain('/api/students/search');
    expect(log).toContain('/api/tickets/3301**********');
    // And every file it wrote is owner-only.
    for (const f of stopped.files.filter((x) => !x.includes('downloads'))) expect(statSync(f).mode & 0o777, relative(data, f)).toBe(0o600);
  });
});
