// The secretary's roster and export operations over real HTTP: the template
// download, the preview (nothing written), an import with a shifted row and its
// progress on the live bus, and the whole-roster sign-in sheet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { startServer } from '../../src/server/server.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { ADMIN_PIN, COLLEGE_A, api, eventFile, idNumberFor } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve() {
  const dir = mkdtempSync(join(tmpdir(), 'sq-roster-api-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const kiosk: Kiosk = await openKiosk({ dbFile: join(dir, 'day.db') });
  cleanups.push(() => kiosk.close());
  const server = await startServer({ kiosk, host: '127.0.0.1', port: 0, logFile: null, rendererDir: null });
  cleanups.push(() => server.close());
  const events: LiveEvent[] = [];
  cleanups.push(kiosk.subscribe((e) => events.push(e)));
  return { base: server.url, events };
}

async function download(url: string, pin?: string) {
  const res = await fetch(url, { headers: pin ? { 'x-admin-pin': pin } : {} });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('roster and export operations over HTTP', () => {
  it('template: the file itself, named in Chinese; admin PIN needed', async () => {
    const { base } = await serve();
    const xlsx = await download(`${base}/api/roster/template/xlsx`, ADMIN_PIN);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toMatch(/spreadsheetml/);
    expect(decodeURIComponent(xlsx.disposition)).toContain('学生名单模板.xlsx');
    expect(XLSX.read(xlsx.bytes).SheetNames).toEqual(['学生名单', '填写说明']);
    const csv = await download(`${base}/api/roster/template/csv`, ADMIN_PIN);
    expect(csv.bytes.toString('utf8')).toMatch(/^\uFEFF学号,姓名,学院,身份证号,专业,层次,已有照片\r\n/);
    expect((await download(`${base}/api/roster/template/xlsx`)).status).toBe(401);
    expect((await api(base, 'GET', '/api/roster/template/pdf', { pin: ADMIN_PIN })).status).toBe(400);
  });

  it('preview writes nothing; the import refuses the shifted row, reports progress live, then says the event changed', async () => {
    const { base, events } = await serve();
    expect((await api(base, 'PUT', '/api/event', { body: eventFile, pin: ADMIN_PIN })).status).toBe(200);
    const rows = ['学号,姓名,学院,身份证号', ...Array.from({ length: 2500 }, (_, i) => `${20190000 + i},学生${i},${COLLEGE_A},${idNumberFor(i)}`)];
    rows.splice(59 - 1, 1, `${20190099},缺逗号${COLLEGE_A},${idNumberFor(99)}`); // row 59: 姓名 and 学院 ran together
    const contentBase64 = iconv.encode(rows.join('\r\n'), 'gbk').toString('base64');

    const preview = await api<Record<string, unknown>>(base, 'POST', '/api/roster/preview', { body: { fileName: '名单.csv', contentBase64, rows: 2 }, pin: ADMIN_PIN });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ encoding: 'gb18030', totalRows: 2500, importable: 2499, skipped: [{ row: 59, code: 'field-count', expected: 4, found: 3 }] });
    expect(preview.body.rows).toHaveLength(2);
    expect(JSON.stringify(preview.body)).not.toContain(idNumberFor(99));
    expect(events.filter((e) => e.type === 'progress' && e.task === 'roster-preview').at(-1)).toEqual({ type: 'progress', task: 'roster-preview', done: 2500, total: 2500 });
    expect((await api<unknown[]>(base, 'POST', '/api/students/search', { body: { query: '学生1' } })).body).toEqual([]);

    events.length = 0;
    const imported = await api(base, 'POST', '/api/roster', { body: { fileName: '名单.csv', contentBase64 }, pin: ADMIN_PIN });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ imported: 2499, updated: 0, skipped: [{ row: 59, code: 'field-count', reason: expect.stringMatching(/^the row has 3 fields/) }] });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.map((e) => (e.type === 'progress' ? [e.task, e.done, e.total] : []))).toEqual([
      ['roster-import', 0, 2500],
      ['roster-import', 1000, 2500],
      ['roster-import', 2000, 2500],
      ['roster-import', 2500, 2500],
    ]);
    expect(events.at(-1)).toEqual({ type: 'event-changed' });

    const sheet = await download(`${base}/api/exports/signin-sheet?allStudents=true`, ADMIN_PIN);
    expect(sheet.status).toBe(200);
    expect(sheet.type).toBe('application/pdf');
    expect(decodeURIComponent(sheet.disposition)).toContain('签到表-全体名单');
    expect(events.filter((e) => e.type === 'progress' && e.task === 'export').at(-1)).toEqual({ type: 'progress', task: 'export', done: 2499, total: 2499 });
  });
});
