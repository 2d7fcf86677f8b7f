// Several desks, timed (figures printed, never pass/fail):
// - a forwarded read: kept on disk sealed, sent, checked in, answered, on a
//   loopback server (openKiosk + startServer in this process);
// - a backlog of reads kept while the server was away, flushed when it is back;
// - `swipequeue merge` of two campus databases of N check-ins each.
//   node --import tsx bench/desks.ts [--n 300] [--backlog 200] [--merge 2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Forwarder, type ForwardOutcome } from '../src/client/forwarder.js';
import { createRemote } from '../src/client/remote.js';
import { openKiosk } from '../src/core/kiosk.js';
import { mergeKiosks } from '../src/core/merge.js';
import type { IdCard } from '../src/hardware/idcard/card.js';
import { startServer } from '../src/server/server.js';
import { checkDigit } from '../src/shared/id-number.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 300);
const BACKLOG = arg('backlog', 200);
const MERGE = arg('merge', 2000);
const TOKEN = 'bench-desks-token';
const ADMIN = { role: 'admin' as const, actor: 'bench', device: 'bench', pin: '1234' };
const dir = mkdtempSync(join(tmpdir(), 'sq-bench-desks-'));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  max ${Math.max(...xs).toFixed(2)} ms  (n=${xs.length})`;
const idNumber = (i: number) => {
  const first17 = `3301061998${String(Math.floor(i / 1000) + 1).padStart(4, '0')}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17)!;
};
const card = (i: number): IdCard => ({
  cardType: 'resident',
  name: `学生${i}`,
  gender: '男',
  birthDate: '1998-01-01',
  idNumber: idNumber(i),
  issuer: '杭州市公安局',
  validFrom: '2016-01-01',
  validUntil: '2026-01-01',
  idNumberValid: true,
});
const event = (stations: string[]) => ({
  name: '基准：毕业生图像采集',
  date: '2020-11-26',
  feeYuan: 17,
  stations: ['A', 'B', 'C', 'D'].map((code) => ({ code, room: `${code} 室` })),
  slots: stations.map((station) => ({ station, college: `学院${station}`, start: '00:00', end: '23:59' })),
});
const roster = (count: number, college: (i: number) => string) =>
  Buffer.from(['学号,姓名,学院,身份证号', ...Array.from({ length: count }, (_, i) => `S${String(i).padStart(6, '0')},学生${i},${college(i)},${idNumber(i)}`)].join('\n')).toString('base64');

async function server(dbFile: string, count: number, port = 0, fresh = true) {
  const kiosk = await openKiosk({ dbFile });
  if (fresh) {
    await kiosk.call('importEvent', event(['A']), ADMIN);
    await kiosk.call('importRoster', { fileName: 'r.csv', contentBase64: roster(count, () => '学院A') }, ADMIN);
  }
  const running = await startServer({ kiosk, host: '127.0.0.1', port, token: TOKEN });
  return { url: running.url, port: running.port, stop: async () => (await running.close(), await kiosk.close()) };
}

async function main() {
  const db = join(dir, 'server.db');
  let s = await server(db, N + BACKLOG);
  const answered: number[] = [];
  let onAnswer = () => {};
  const f = new Forwarder({
    remote: createRemote({ server: s.url, token: TOKEN }),
    desk: '东门',
    queueDir: join(dir, 'queue'),
    heartbeatMs: 3_600_000,
    retryMs: () => 20,
    onOutcome: (o: ForwardOutcome) => {
      if (o.kind === 'checked') answered.push(performance.now());
      onAnswer();
    },
  });
  f.start();
  while (!f.state().online) await new Promise((r) => setTimeout(r, 10));

  // One read at a time: from the card to the answer (sealed, written durably, sent, checked in).
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const done = new Promise<void>((r) => (onAnswer = r));
    const t0 = performance.now();
    f.take(card(i));
    await done;
    times.push(performance.now() - t0);
  }
  console.log(`forwarded read, card to answer:      ${fmt(times)}`);

  // A backlog: kept while the server is away, flushed when it is back.
  const port = s.port;
  await s.stop();
  const t1 = performance.now();
  for (let i = N; i < N + BACKLOG; i++) f.take(card(i));
  while (f.state().pending < BACKLOG) await new Promise((r) => setTimeout(r, 10));
  console.log(`kept ${BACKLOG} reads on disk (sealed) in ${(performance.now() - t1).toFixed(0)} ms`);
  const before = answered.length;
  s = await server(db, 0, port, false);
  const t2 = performance.now();
  while (answered.length < before + BACKLOG) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - t2;
  console.log(`flushed ${BACKLOG} kept reads after the restart in ${ms.toFixed(0)} ms (${((BACKLOG / ms) * 1000).toFixed(0)} reads/s)`);
  await f.stop();
  await s.stop();

  // Merge: two campuses of MERGE check-ins each.
  const campus = async (file: string, station: string) => {
    const kiosk = await openKiosk({ dbFile: file });
    await kiosk.call('importEvent', event(['A', 'C']), ADMIN);
    await kiosk.call('importRoster', { fileName: 'r.csv', contentBase64: roster(2 * MERGE, (i) => (i < MERGE ? '学院A' : '学院C')) }, ADMIN);
    await kiosk.call('updateSettings', { siteStations: [station] }, ADMIN);
    const offset = station === 'A' ? 0 : MERGE;
    for (let i = 0; i < MERGE; i++) await kiosk.call('checkIn', { studentId: `S${String(offset + i).padStart(6, '0')}` }, ADMIN);
    await kiosk.close();
  };
  const into = join(dir, 'a.db');
  const other = join(dir, 'c.db');
  await campus(into, 'A');
  await campus(other, 'C');
  const t3 = performance.now();
  const merged = mergeKiosks(into, [other]);
  console.log(`merge of ${MERGE} check-ins (and a roster of ${2 * MERGE}) into another campus: ${(performance.now() - t3).toFixed(0)} ms ${JSON.stringify(merged)}`);
}

main().then(
  () => rmSync(dir, { recursive: true, force: true }),
  (e: unknown) => {
    console.error(e);
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = 1;
  },
);
