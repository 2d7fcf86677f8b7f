// `swipequeue printer test|status` and `ticket preview`, run from source as a user runs them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { importEvent } from '../../src/core/events.js';
import { readEscPos } from '../hardware/printer/escpos-reader.js';
import { closedPort, startTcpPrinterEmulator, type TcpPrinterEmulator } from '../hardware/printer/tcp-printer-emulator.js';
import { SEED_EVENT } from '../core/helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: process.cwd(), timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}


const tmp = () => mkdtempSync(join(tmpdir(), 'sq-cli-printer-'));

let emu: TcpPrinterEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('swipequeue printer test', () => {
  it('prints the sample ticket 0000A to a network printer and says so in JSON', async () => {
    emu = await startTcpPrinterEmulator();
    const run = await cli('printer', 'test', '--printer', emu.target, '--paper', '58');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ printed: true, target: emu.target });
    const doc = readEscPos(emu.printed());
    expect(doc.textBySize.get(0x55)?.trim()).toBe('0000A');
    expect(doc.cuts).toBe(1);
  });

  it('appends the sample ticket to a file: target', async () => {
    const file = join(tmp(), 'lp0');
    const run = await cli('printer', 'test', '--printer', `file:${file}`);
    expect(run.code).toBe(0);
    expect(readEscPos(readFileSync(file)).textBySize.get(0x55)?.trim()).toBe('0000A');
  });

  it('a closed local port: exit 1 and one error line in plain words', async () => {
    const port = await closedPort();
    const run = await cli('printer', 'test', '--printer', `tcp://127.0.0.1:${port}`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: 打印机无法连接 (tcp://127.0.0.1:${port}: connection refused)\n`);
  });

  it('a printer out of paper: exit 1, the error says so', async () => {
    emu = await startTcpPrinterEmulator();
    emu.set('paper-out');
    const run = await cli('printer', 'test', '--printer', emu.target);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: 打印机缺纸.*\(paper out\)\n$/);
    expect(emu.printed().length).toBe(0);
  });

  it('an unknown target or no target is bad usage: exit 2', async () => {
    const bad = await cli('printer', 'test', '--printer', 'lpt1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*"lpt1".*tcp:\/\/host:9100/);
    expect((await cli('printer', 'test')).code).toBe(2);
  });
});

describe('swipequeue printer status', () => {
  it('prints the status as JSON', async () => {
    emu = await startTcpPrinterEmulator();
    const ok = await cli('printer', 'status', '--printer', emu.target);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ state: 'ok', message: '打印机正常 (ready)', target: emu.target });
    emu.set('cover-open');
    const open = await cli('printer', 'status', '--printer', emu.target);
    expect(JSON.parse(open.stdout)).toMatchObject({ state: 'cover-open', target: emu.target });
    expect(open.code).toBe(1);
  });

  it('none says there is no printer', async () => {
    const run = await cli('printer', 'status', '--printer', 'none');
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'none' });
  });
});

describe('swipequeue ticket preview', () => {
  /** A day with one event and one issued ticket, written with the real schema. */
  function dayWithTicket(): string {
    const dbFile = join(tmp(), 'day.db');
    const db = openDb(dbFile);
    const now = new Date(2020, 11, 21, 9, 12);
    const { event } = importEvent(db, SEED_EVENT, now);
    const iso = now.toISOString();
    const student = db
      .prepare('INSERT INTO students(event_id, student_id, name, college, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event, '2019123456', '王小明', '理学院', iso, iso).lastInsertRowid;
    db.prepare(
      "INSERT INTO tickets(event_id, station_code, seq, ticket, student, method, fee_status, checked_in_at) VALUES (?, 'B', 3, '0003B', ?, 'card', 'unpaid', ?)",
    ).run(event, student, iso);
    db.close();
    return dbFile;
  }

  it('writes the SVG of a recorded ticket: number, room, college, masked name', async () => {
    const dbFile = dayWithTicket();
    const out = join(tmp(), 'ticket.svg');
    const run = await cli('ticket', 'preview', '0003b', '--db', dbFile, '--out', out, '--paper', '58');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    const text = svg.replace(/<[^>]*>/g, '').replace(/&#xa0;|\s/g, '');
    for (const s of ['0003B', '7-119', '理学院', '王*明', '2021届研究生毕业图像采集']) expect(text).toContain(s);
    expect(text).not.toContain('王小明');
    expect(svg).toMatch(/^<svg width="384px"/);
  });

  it('a ticket that was never issued: not found, exit 2', async () => {
    const dbFile = dayWithTicket();
    const run = await cli('ticket', 'preview', '0099A', '--db', dbFile, '--out', join(tmp(), 'x.svg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*0099A/);
  });
});
