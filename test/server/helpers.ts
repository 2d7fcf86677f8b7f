// Shared by the server tests: start the real `swipequeue serve` from source,
// talk to it over real sockets, and build an event + roster for a day.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { twoRoomDay } from '../../src/core/demo.js';
import { checkDigit } from '../../src/shared/id-number.js';
import type { LiveEvent } from '../../src/shared/types.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const ADMIN_PIN = '1234';

export const COLLEGE_A = '理学院';
export const COLLEGE_B = '纺织科学与工程学院（国际丝绸学院）';

// Whole-day slots: the tests run at any hour.
export const eventFile = twoRoomDay('2021届研究生毕业图像采集', '2020-12-21', [COLLEGE_A, COLLEGE_B]);

/** A valid GB 11643 number for student i (Hangzhou, born 1998). */
export function idNumberFor(i: number): string {
  const first17 = `33010619980101${String(i).padStart(3, '0')}`;
  return first17 + checkDigit(first17)!;
}

/** Resolves when `check` holds, polling; fails with `what` after `ms`. */
export { until } from '../wait.js';

export interface RosterStudent {
  studentId: string;
  name: string;
  college: string;
  idNumber?: string;
}

/** `count` students, alternating between the two colleges; IDs keep their leading zeros. */
export function makeStudents(count: number, prefix = '0219'): RosterStudent[] {
  return Array.from({ length: count }, (_, i) => ({
    studentId: `${prefix}${String(i + 1).padStart(6, '0')}`,
    name: `学生${i + 1}`,
    college: i % 2 === 0 ? COLLEGE_A : COLLEGE_B,
  }));
}

export function rosterCsv(students: RosterStudent[]): string {
  const lines = ['学号,姓名,学院,身份证号'];
  for (const s of students) lines.push([s.studentId, s.name, s.college, s.idNumber ?? ''].join(','));
  return `${lines.join('\n')}\n`;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; rawBody?: string; token?: string; pin?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.pin !== undefined) headers['x-admin-pin'] = opts.pin;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function setUpDay(base: string, students: RosterStudent[], token?: string): Promise<void> {
  const ev = await api(base, 'PUT', '/api/event', { body: eventFile, pin: ADMIN_PIN, token });
  if (ev.status !== 200) throw new Error(`event import: ${ev.status} ${JSON.stringify(ev.body)}`);
  const roster = await api(base, 'POST', '/api/roster', {
    body: { fileName: 'roster.csv', contentBase64: Buffer.from(rosterCsv(students), 'utf8').toString('base64') },
    pin: ADMIN_PIN,
    token,
  });
  if (roster.status !== 200) throw new Error(`roster import: ${roster.status} ${JSON.stringify(roster.body)}`);
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `swipequeue serve` from source and waits for its `listening on` line. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        stdout.push(line);
        const m = /^listening on (http:\/\/\S+)$/.exec(line);
        if (m) resolve(m[1]!);
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`serve exited (${code ?? signal}) before listening: ${err}`)));
  });
  return { url, child, stdout, stderr: () => err, exited };
}

/** The live socket of a kiosk server, once open; every event it sends is pushed onto `events`. */
export async function openLive(base: string, events: LiveEvent[], token?: string): Promise<WebSocket> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/live${token === undefined ? '' : `?token=${token}`}`);
  socket.on('message', (data) => events.push(JSON.parse(String(data)) as LiveEvent));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Ends a `serve` the test started, if it still runs (SIGKILL: the test is over, nothing to wait for). */
export async function killServe(server: ServeProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
