// `npm run bench`: swipe-to-ticket through the core service against a bare
// durable INSERT (same SQLite settings: WAL, synchronous=FULL) in the same run,
// and a 50,000-row roster import. Goals (docs/quality.md): ratio <= 3, p95 < 50 ms, import < 3 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb } from '../src/db/connection.js';
import { importEvent, parseEventFile } from '../src/core/events.js';
import { loadIdKey } from '../src/core/id-hash.js';
import { openKiosk } from '../src/core/kiosk.js';
import { importRoster } from '../src/core/roster-import.js';
import { checkDigit } from '../src/shared/id-number.js';
import type { CallContext } from '../src/shared/contract.js';
import { twoRoomDay } from '../src/core/demo.js';

const N = Number(process.env.BENCH_CHECKINS ?? 10_000);
const ROSTER_ROWS = 50_000;
const QUEUE_LENGTH = 40;
const dir = mkdtempSync(join(tmpdir(), 'sq-bench-'));

const idNumber = (i: number) => {
  const first17 = `330106199901${String(i).padStart(5, '0')}`;
  return first17 + checkDigit(first17);
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

const EVENT = parseEventFile(twoRoomDay('bench', '2020-12-21', ['纺织学院', '理学院']));

function rosterCsv(rows: number): Buffer {
  const lines = ['学号,姓名,学院,身份证号,已有照片'];
  for (let i = 0; i < rows; i++) lines.push(`2019${String(i).padStart(6, '0')},学生${i},${i % 2 ? '理学院' : '纺织学院'},${idNumber(i)},${i % 50 === 0 ? '是' : '否'}`);
  return Buffer.from(lines.join('\n'));
}

const BENCH: CallContext = { role: 'desk', actor: 'bench', device: 'bench' };

async function benchCheckIns(): Promise<number[]> {
  const file = join(dir, 'checkin.db');
  const db = openDb(file);
  importEvent(db, EVENT, new Date());
  importRoster(db, loadIdKey(file), 'r.csv', rosterCsv(N), { now: new Date() });
  db.close();
  const kiosk = await openKiosk({ dbFile: file, reader: 'none', printer: 'none' });
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    // Through the one door every transport uses: schema, guard, handler.
    const r = await kiosk.call('checkIn', { idNumber: idNumber(i), name: `学生${i}` }, BENCH);
    times.push(performance.now() - t0);
    // Untimed: the photographer keeps pace, so about QUEUE_LENGTH students wait per room, as on the day.
    if (r.position > QUEUE_LENGTH) {
      const called = await kiosk.call('callNext', { station: r.station }, BENCH);
      await kiosk.call('photographed', { ticket: called.ticket }, BENCH);
    }
  }
  await kiosk.close();
  return times;
}

function benchBareInsert(): number[] {
  const db = openDb(join(dir, 'bare.db'));
  db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, ticket TEXT NOT NULL, at TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO bare(ticket, at) VALUES (?, ?)');
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    insert.run(String(i), new Date().toISOString());
    times.push(performance.now() - t0);
  }
  db.close();
  return times;
}

function benchRoster(): number {
  const file = join(dir, 'roster.db');
  const db = openDb(file);
  importEvent(db, EVENT, new Date());
  const bytes = rosterCsv(ROSTER_ROWS);
  const key = loadIdKey(file);
  const t0 = performance.now();
  const r = importRoster(db, key, 'roster.csv', bytes, { now: new Date() });
  const elapsed = performance.now() - t0;
  db.close();
  if (r.imported !== ROSTER_ROWS) throw new Error(`roster bench imported ${r.imported} of ${ROSTER_ROWS}`);
  return elapsed;
}

try {
  const bare = benchBareInsert();
  const core = await benchCheckIns();
  const [c50, c95, b50, b95] = [pct(core, 50), pct(core, 95), pct(bare, 50), pct(bare, 95)];
  console.log(`check-ins through core (${N}): p50 ${ms(c50)}  p95 ${ms(c95)}`);
  console.log(`bare durable INSERT    (${N}): p50 ${ms(b50)}  p95 ${ms(b95)}`);
  console.log(`ratio core/bare: p50 ${(c50 / b50).toFixed(2)}x  p95 ${(c95 / b95).toFixed(2)}x   (goal <= 3x, p95 < 50 ms)`);
  const rosterMs = benchRoster();
  console.log(`roster import ${ROSTER_ROWS} rows: ${(rosterMs / 1000).toFixed(2)} s   (goal < 3 s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
