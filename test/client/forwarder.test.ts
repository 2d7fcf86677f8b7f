// The forwarder of a second door against the real server (openKiosk +
// startServer on a loopback port, real SQLite, real sockets): reads kept on
// disk sealed while the server is away, sent in order when it is back, never
// checked in twice.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Forwarder, type ForwardOutcome, type ForwarderState } from '../../src/client/forwarder.js';
import { createRemote, parseServerUrl } from '../../src/client/remote.js';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { roleToken } from '../../src/server/auth.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { IdCard } from '../../src/hardware/idcard/card.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { SEED_EVENT, idNumber, tmpDir, tmpDbFile } from '../core/helpers.js';
import { until } from '../wait.js';

const TOKEN = 'forwarder-test-token';
/** What a second door holds (docs/interfaces.md §3.5): the desk role's token, derived from the secret. */
const DESK_TOKEN = roleToken(TOKEN, 'desk');
const ADMIN = { role: 'admin' as const, actor: 'admin', device: 'test', pin: '1234' };
const IDS = Array.from({ length: 16 }, (_, i) => idNumber(`33010619990131${String(i).padStart(3, '0')}`));
const ROSTER = ['学号,姓名,学院,身份证号', ...IDS.map((id, i) => `2019${String(i).padStart(3, '0')},学生${i},理学院,${i >= 12 ? '' : id}`)].join('\n');
const card = (i: number): IdCard => ({
  cardType: 'resident',
  name: `学生${i}`,
  gender: '男',
  birthDate: '1999-01-31',
  idNumber: IDS[i]!,
  issuer: '杭州市公安局',
  validFrom: '2015-01-01',
  validUntil: '2025-01-01',
  idNumberValid: true,
});

interface Running {
  kiosk: Kiosk;
  server: RunningServer;
  live: LiveEvent[];
}
const running: Running[] = [];
const forwarders: Forwarder[] = [];

afterEach(async () => {
  for (const f of forwarders.splice(0)) await f.stop();
  for (const r of running.splice(0)) await stop(r);
});

async function serve(dbFile: string, port = 0, fresh = true): Promise<Running> {
  const kiosk = await openKiosk({ dbFile });
  if (fresh) {
    // The whole-day schedule of the seed notice, at a time of day inside 理学院's slot.
    const day = structuredClone(SEED_EVENT);
    day.slots = [{ station: 'B', college: '理学院', start: '00:00', end: '23:59' }];
    await kiosk.call('importEvent', day, ADMIN);
    await kiosk.call('importRoster', { fileName: 'r.csv', contentBase64: Buffer.from(ROSTER).toString('base64') }, ADMIN);
  }
  const live: LiveEvent[] = [];
  kiosk.subscribe((e) => live.push(e));
  const server = await startServer({ kiosk, host: '127.0.0.1', port, token: TOKEN });
  const r = { kiosk, server, live };
  running.push(r);
  return r;
}

async function stop(r: Running): Promise<void> {
  const i = running.indexOf(r);
  if (i >= 0) running.splice(i, 1);
  await r.server.close();
  await r.kiosk.close();
}

function forwarder(server: string, queueDir: string, more: Partial<ConstructorParameters<typeof Forwarder>[0]> = {}) {
  const outcomes: ForwardOutcome[] = [];
  const states: ForwarderState[] = [];
  const log: string[] = [];
  const f = new Forwarder({
    remote: createRemote({ server, token: DESK_TOKEN, timeoutMs: 3000 }),
    desk: '东门',
    queueDir,
    heartbeatMs: 3_600_000,
    retryMs: () => 30,
    log: (l) => log.push(l),
    onOutcome: (o) => outcomes.push(o),
    onState: (s) => states.push(s),
    ...more,
  });
  forwarders.push(f);
  f.start();
  const tickets = () => outcomes.map((o) => (o.kind === 'checked' ? (o.read.card.result?.ticket ?? o.read.card.error?.error) : o.kind));
  return { f, outcomes, states, log, tickets };
}

const keptFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'server-key.json') : []);

describe('reader forward', () => {
  it('checks cards in as desk 东门, in order; the server restarting keeps later reads on disk, sealed, and sends them in order', async () => {
    const db = tmpDbFile();
    const first = await serve(db);
    const queue = join(tmpDir('sq-fwd-'), 'queue');
    const { f, outcomes, log, tickets } = forwarder(first.server.url, queue);
    f.take(card(0));
    f.take(card(1));
    await until(() => outcomes.length === 2, 'two answers');
    expect(tickets()).toEqual(['0001B', '0002B']);
    expect(outcomes.every((o) => o.kind === 'checked' && !o.read.late && o.read.card.desk === '东门')).toBe(true);
    expect(keptFiles(queue)).toEqual([]);
    expect(statSync(queue).mode & 0o777).toBe(0o700);

    // The server goes away: reads are kept, on disk, owner-only, without the ID number or the name.
    const port = first.server.port;
    await stop(first);
    f.take(card(2));
    f.take(card(3));
    await until(() => f.state().online === false && keptFiles(queue).length === 2, 'two reads kept');
    expect(f.state()).toMatchObject({ pending: 2, unsealed: 0, failed: 0 });
    for (const name of keptFiles(queue)) {
      const file = join(queue, name);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`3301**********${IDS[2]!.slice(-4)}`.slice(0, 4));
      for (const id of IDS) {
        expect(text.includes(id)).toBe(false);
        expect(text.includes(id.slice(6, 14))).toBe(false);
      }
      expect(text).not.toMatch(/学生/);
    }
    expect(log.some((l) => /^server: cannot reach the kiosk server at http:\/\/127\.0\.0\.1:\d+ \(.*\); 2 read\(s\) kept, trying again$/.test(l)), log.join('\n')).toBe(true);
    f.take(card(4));
    await until(() => keptFiles(queue).length === 3, 'a read taken while offline');
    expect(log.some((l) => /^offline: 3301\*+\d{3}[\dX] kept; 3 read\(s\) waiting for the server$/.test(l)), log.join('\n')).toBe(true);

    // Back on the same port: the backlog is announced, then sent in order, late.
    const second = await serve(db, port, false);
    await until(() => outcomes.length === 5, 'the kept reads answered', 15_000);
    expect(tickets()).toEqual(['0001B', '0002B', '0003B', '0004B', '0005B']);
    expect(outcomes.slice(2).every((o) => o.kind === 'checked' && o.read.late && o.read.card.late)).toBe(true);
    expect(keptFiles(queue)).toEqual([]);
    const seenLive = () =>
      second.live.filter((e) => e.type === 'desk-status' || e.type === 'card-seen').map((e) => (e.type === 'desk-status' ? `pending ${e.status.pending}` : `seen ${e.card.result?.ticket}`));
    await until(() => seenLive().includes('pending 0'), 'the backlog reported sent');
    const seen = seenLive();
    expect(seen).toEqual(['pending 3', 'seen 0003B', 'seen 0004B', 'seen 0005B', 'pending 0']);
    expect(outcomes.slice(2).map((o) => (o.kind === 'checked' ? o.read.card.name : ''))).toEqual(['学生2', '学生3', '学生4']);
    expect(log).toContain('server: reached again');
  });

  it('a card read just as the previous answer arrives is sent too (the pump was finishing)', async () => {
    const r = await serve(tmpDbFile());
    const queue = join(tmpDir('sq-fwd-'), 'queue');
    let f: Forwarder | null = null;
    const { f: forwarderOf, outcomes } = forwarder(r.server.url, queue, {
      onOutcome: (o) => {
        outcomes.push(o);
        // As a caller awaiting the answer would: in the microtask after it, before the pump has let go.
        if (outcomes.length === 1) void Promise.resolve().then(() => f!.take(card(1)));
      },
    });
    f = forwarderOf;
    await until(() => f.state().online, 'first contact');
    f.take(card(0));
    await until(() => outcomes.length === 2, 'the second answer');
    expect(outcomes.map((o) => (o.kind === 'checked' ? o.read.card.result?.ticket : o.kind))).toEqual(['0001B', '0002B']);
  });

  it('a reply lost on the way back: the read is sent again with its key and answered from the record, checked in once', async () => {
    const r = await serve(tmpDbFile());
    let dropped = 0;
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).includes('/cards') && dropped === 0) {
        dropped++;
        throw new TypeError('fetch failed'); // the server did it; the answer never arrived
      }
      return res;
    };
    const queue = join(tmpDir('sq-fwd-'), 'queue');
    const { f, outcomes } = forwarder(r.server.url, queue, { remote: createRemote({ server: r.server.url, token: DESK_TOKEN, fetch: lossy }) });
    f.take(card(0));
    await until(() => outcomes.length === 1, 'the answer after the resend');
    expect(outcomes[0]).toMatchObject({ kind: 'checked', read: { replayed: true, late: false, card: { result: { ticket: '0001B' } } } });
    expect(dropped).toBe(1);
    const queueB = await r.kiosk.call('getQueue', { station: 'B' }, ADMIN);
    expect(queueB.tickets.map((t) => t.ticket)).toEqual(['0001B']);
    expect(r.live.filter((e) => e.type === 'card-seen')).toHaveLength(1);
  });

  it('reads left on disk by a stopped forwarder are sent by the next one; reads taken before the server was ever reached wait in memory', async () => {
    const db = tmpDbFile();
    const r = await serve(db);
    const port = r.server.port;
    const queue = join(tmpDir('sq-fwd-'), 'queue');
    const a = forwarder(r.server.url, queue);
    await until(() => a.f.state().online, 'first contact (the server key is noted)');
    await stop(r);
    a.f.take(card(0));
    await until(() => keptFiles(queue).length === 1, 'a read kept');
    await a.f.stop();
    expect(a.log.at(-1)).toMatch(/stopping with 1 read\(s\) not yet answered; the others are sent at the next start/);

    // Never reached: no key to seal with, so the read waits in memory only.
    const other = join(tmpDir('sq-fwd-'), 'queue');
    const b = forwarder(`http://127.0.0.1:${port}`, other);
    b.f.take(card(1));
    await until(() => b.f.state().unsealed === 1, 'a read held in memory');
    expect(keptFiles(other)).toEqual([]);
    expect(b.log.some((l) => /held in memory only/.test(l))).toBe(true);
    await until(() => b.log.some((l) => /^server: cannot reach/.test(l)), 'the server found away');

    await serve(db, port, false);
    const c = forwarder(`http://127.0.0.1:${port}`, queue);
    await until(() => c.outcomes.length === 1 && b.outcomes.length === 1, 'both answered', 15_000);
    // Two forwarders, one sequence: whichever reached the server first got 0001B.
    const got = [...c.outcomes, ...b.outcomes].map((o) => (o.kind === 'checked' ? [o.read.late, o.read.card.result?.ticket] : o.kind));
    expect(got.sort()).toEqual([
      [true, '0001B'],
      [true, '0002B'],
    ]);
    expect(keptFiles(other)).toEqual([]);
  });

  it('a read sealed for a database that was replaced is refused for good: kept apart in failed/, the operator told whom to check in by hand', async () => {
    const r = await serve(tmpDbFile());
    const port = r.server.port;
    const queue = join(tmpDir('sq-fwd-'), 'queue');
    const { f, outcomes, log } = forwarder(r.server.url, queue);
    await until(() => f.state().online, 'first contact');
    await stop(r);
    f.take(card(0));
    await until(() => keptFiles(queue).length === 1, 'a read kept');
    await serve(tmpDbFile(), port); // another database: another key
    await until(() => outcomes.length === 1, 'the refusal', 15_000);
    expect(outcomes[0]).toMatchObject({ kind: 'refused', maskedId: `3301**********${IDS[0]!.slice(-4)}`, error: { error: 'bad-seal' } });
    expect(f.state()).toMatchObject({ pending: 0, failed: 1 });
    expect(readdirSync(join(queue, 'failed'))).toHaveLength(1);
    expect(log.some((l) => /sealing key changed/.test(l))).toBe(true);
    expect(log.some((l) => /refused: the read of 3301\*+\d{3}[\dX] .* check this student in by hand/.test(l))).toBe(true);
  });

  it('--station: identity confirms at the camera (§3.7, against the real confirm), never kept; 409 is the verdict, no server a failure to present again', async () => {
    const r = await serve(tmpDbFile());
    for (const sid of ['2019000', '2019001']) await r.kiosk.call('checkIn', { studentId: sid }, ADMIN);
    await r.kiosk.call('callNext', { station: 'B' }, ADMIN);
    const queue = join(tmpDir('sq-fwd-'), 'confirm');
    const { f, outcomes } = forwarder(r.server.url, queue, { desk: null, station: 'B' });
    f.take(card(0));
    await until(() => outcomes.length === 1, 'a confirm');
    f.take(card(1));
    await until(() => outcomes.length === 2, 'a second confirm');
    expect(outcomes[0]).toMatchObject({ kind: 'confirm', station: 'B', maskedId: `3301**********${IDS[0]!.slice(-4)}`, answer: { match: true, ticket: '0001B', method: 'card' } });
    expect(outcomes[1]).toMatchObject({ kind: 'confirm', station: 'B', answer: { error: 'not-the-called-student', called: '0001B', presented: '0002B' } });
    expect(r.live.filter((e) => e.type === 'identity-checked')).toHaveLength(2);
    await stop(r);
    f.take(card(2));
    await until(() => outcomes.length === 3, 'a failed confirm');
    expect(outcomes[2]).toMatchObject({ kind: 'confirm-failed', station: 'B', error: { error: 'offline' } });
    expect(existsSync(queue)).toBe(false);
  });

  it('three doors forwarding and a typing desk at once: one gapless sequence, every student once', async () => {
    const r = await serve(tmpDbFile());
    const doors = ['东门', '西门', '北门'].map((desk) => forwarder(r.server.url, join(tmpDir('sq-fwd-'), desk), { desk }));
    await until(() => doors.every((d) => d.f.state().online), 'every door in touch');
    const typing = createRemote({ server: r.server.url, token: DESK_TOKEN });
    const typed: Promise<unknown>[] = [];
    for (let i = 0; i < 4; i++) {
      doors.forEach((d, k) => d.f.take(card(k * 4 + i)));
      typed.push(typing.call('checkIn', { studentId: `2019${String(12 + i).padStart(3, '0')}` }, { role: 'desk' }));
    }
    await Promise.all(typed);
    await until(() => doors.every((d) => d.outcomes.length === 4), 'every read answered', 20_000);
    const queue = await r.kiosk.call('getQueue', { station: 'B' }, ADMIN);
    expect(queue.tickets.map((t) => t.ticket)).toEqual(Array.from({ length: 16 }, (_, i) => `${String(i + 1).padStart(4, '0')}B`));
    expect(new Set(queue.tickets.map((t) => t.studentId)).size).toBe(16);
    const audit = await r.kiosk.call('exportFile', { kind: 'audit-csv' }, ADMIN);
    const rows = Buffer.from(audit.base64, 'base64').toString('utf8').split(/\r?\n/).filter((l) => l.includes('check-in'));
    for (const desk of ['东门', '西门', '北门']) expect(rows.filter((l) => l.includes(`desk:${desk}`))).toHaveLength(4);
  });

  it("a token without the desk role is refused by the server: the read is kept, not lost, and the operator is told", async () => {
    const r = await serve(tmpDbFile());
    const queue = join(tmpDir('sq-fwd-'), 'queue');
    // The card itself goes with a display token (the seal key and reports with the desk's): 403 on the read.
    const displayOnCards: typeof fetch = (input, init) =>
      fetch(input, String(input).includes('/cards') ? { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${roleToken(TOKEN, 'display')}` } } : init);
    const { f, log, outcomes } = forwarder(r.server.url, queue, { remote: createRemote({ server: r.server.url, token: DESK_TOKEN, fetch: displayOnCards }) });
    await until(() => f.state().online, 'first contact');
    f.take(card(0));
    await until(() => log.some((l) => /^server: .*(forbid|may not)/i.test(l)), 'the refusal said', 15_000);
    expect(f.state()).toMatchObject({ online: false, pending: 1, failed: 0 });
    expect(keptFiles(queue)).toHaveLength(1);
    expect(outcomes).toEqual([]);
    expect((await r.kiosk.call('getQueue', { station: 'B' }, ADMIN)).tickets).toEqual([]);
  });

  it('takes only a plain server address', () => {
    expect(parseServerUrl('http://192.168.1.10:8740/')).toBe('http://192.168.1.10:8740');
    expect(() => parseServerUrl('192.168.1.10:8740')).toThrow(/expected the kiosk server's address, like http:/);
    expect(() => parseServerUrl('ftp://10.0.0.1')).toThrow(/expected an http:\/\/ or https:\/\/ address/);
    expect(() => parseServerUrl('http://u:p@10.0.0.1')).toThrow(/put the token in --token/);
    expect(() => parseServerUrl('http://10.0.0.1/api')).toThrow(/expected the server's address only, like http:\/\/10\.0\.0\.1/);
  });
});
