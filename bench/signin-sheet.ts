// docs/quality.md: a sign-in sheet of 2,000 signed rows exports in under 10 s, under 20 MB.
// Run: node --import tsx bench/signin-sheet.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKiosk } from '../src/core/kiosk.js';
import { buildExport } from '../src/core/exports/index.js';
import { openDb } from '../src/db/connection.js';
import { requireActiveEvent } from '../src/core/events.js';
import { parseTicketNo } from '../src/shared/ticket.js';

const ROWS = 2000;

const dbFile = join(mkdtempSync(join(tmpdir(), 'sq-bench-sheet-')), 'day.db');
const kiosk = await openKiosk({ dbFile, now: () => new Date(2020, 11, 21, 9, 30) });
const h = kiosk.as({ role: 'admin', actor: 'admin', device: 'bench', pin: '1234' });
await h.importEvent(
  { name: '签到表基准', date: '2020-12-21', feeYuan: 20, stations: [{ code: 'A', room: '7-115' }], slots: ['理学院', '信息学院', '服装学院', '法政学院'].map((college, i) => ({ station: 'A', college, start: `${String(8 + i).padStart(2, '0')}:00`, end: `${String(8 + i).padStart(2, '0')}:59` })) },
);
const csv = ['学号,姓名,学院', ...Array.from({ length: ROWS }, (_, i) => `0${2019000000 + i},${i % 100 === 7 ? '王𠈌' : '测试学生'}${i},${['理学院', '信息学院', '服装学院', '法政学院'][i % 4]}`)].join('\n');
await h.importRoster({ fileName: 'r.csv', contentBase64: Buffer.from(csv).toString('base64') });
// Every 100th name has an Ext-B character, so the shipped fallback face is loaded and embedded too.
// A realistic signature: a few hundred points of a scrawl in the 300×100 box.
const signature = (seed: number) => {
  const pts: string[] = [];
  for (let i = 0; i < 240; i++) pts.push(`${i === 0 || i % 60 === 0 ? 'M' : 'L'} ${(20 + i * 1.1).toFixed(1)} ${(50 + 30 * Math.sin((i + seed) / 7)).toFixed(1)}`);
  return pts.join(' ');
};
for (let i = 0; i < ROWS; i++) {
  const r = await h.checkIn({ studentId: `0${2019000000 + i}` });
  await h.saveSignature({ ticket: parseTicketNo(r.ticket), svgPath: signature(i) });
}
await kiosk.close();

const db = openDb(dbFile);
const t0 = performance.now();
const built = await buildExport(db, requireActiveEvent(db), 'signin-sheet');
const ms = performance.now() - t0;
db.close();
const mb = built.bytes.length / 1024 / 1024;
console.log(`sign-in sheet: ${built.rows} signed rows, ${built.pages} pages, ${built.missingGlyphs?.length ?? 0} undrawable characters, ${(ms / 1000).toFixed(2)} s, ${mb.toFixed(2)} MB (goal < 10 s, < 20 MB)`);
