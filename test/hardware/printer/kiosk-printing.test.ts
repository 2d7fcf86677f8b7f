// Printing through the core: a check-in is answered once committed and its
// ticket goes through the print queue to the configured printer (a TCP emulator
// on 127.0.0.1, or a file); the outcome arrives as a live `print` event and on
// the ticket. A printer that drops connections never loses a check-in: the
// ticket is reported not printed, and the reprint succeeds once it is back.
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../../src/core/kiosk.js';
import type { DeviceStatus, LiveEvent } from '../../../src/shared/types.js';
import { SEED_EVENT, at, client, tmpDbFile, tmpDir } from '../../core/helpers.js';
import { until } from '../../wait.js';
import { readEscPos } from './escpos-reader.js';
import { startTcpPrinterEmulator, type TcpPrinterEmulator } from './tcp-printer-emulator.js';

const admin = { actor: 'admin', pin: '1234' };
const desk = { actor: 'desk' };

const ROSTER = ['学号,姓名,学院', '2019000001,张三,理学院', '2019000002,李小四,理学院', '2019000003,王五,服装学院', '2019000004,赵六,服装学院', '2019000005,𬌗明,理学院'].join('\n');

/** The printed text, whitespace dropped (58 mm paper wraps long lines). */
const printedText = (bytes: Uint8Array) => readEscPos(bytes).lines.join('').replace(/\s+/g, '');
/** The ticket numbers printed, in paper order (the 6x line of each document). */
const numbersOnPaper = (bytes: Uint8Array) => (readEscPos(bytes).textBySize.get(0x55) ?? '').match(/\d{4}[A-Z]/g) ?? [];

type PrintEvent = Extract<LiveEvent, { type: 'print' }>;

async function dayWith(printer: string): Promise<{ kiosk: Kiosk; h: ReturnType<typeof client>; dbFile: string; prints: PrintEvent[]; log: string[] }> {
  const dbFile = tmpDbFile();
  const log: string[] = [];
  const kiosk = await openKiosk({ dbFile, printer, now: () => at(9, 30), log: (line) => log.push(line) });
  const prints: PrintEvent[] = [];
  kiosk.subscribe((e) => {
    if (e.type === 'print') prints.push(e);
  });
  const h = client(kiosk);
  await h.importEvent(structuredClone(SEED_EVENT), admin);
  await h.importRoster({ fileName: 'roster.csv', contentBase64: Buffer.from(ROSTER, 'utf8').toString('base64') }, admin);
  return { kiosk, h, dbFile, prints, log };
}

let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

describe('the kiosk prints each check-in', () => {
  let emu: TcpPrinterEmulator;
  beforeAll(async () => {
    emu = await startTcpPrinterEmulator();
  });
  afterAll(() => emu.close());

  it('on a network printer: answered "queued", then printed; the ticket carries its number, college and masked name', async () => {
    const day = await dayWith(emu.target);
    kiosk = day.kiosk;
    const first = await day.h.checkIn({ studentId: '2019000001' }, desk);
    const second = await day.h.checkIn({ studentId: '2019000002' }, desk);
    expect(first).toMatchObject({ ticket: '0001B', print: 'queued' });
    expect(first).not.toHaveProperty('printed');
    expect(second).toMatchObject({ ticket: '0002B', print: 'queued' });
    await until(() => day.prints.length === 2, 'two print outcomes');
    expect(day.prints).toEqual([
      { type: 'print', ticket: '0001B', printed: true, message: expect.any(String) },
      { type: 'print', ticket: '0002B', printed: true, message: expect.any(String) },
    ]);
    const docs = emu.jobs().map((j) => printedText(j)).filter((t) => t.includes('理学院'));
    expect(docs).toHaveLength(2);
    expect(docs[0]).toContain('0001B');
    expect(docs[0]).toContain('张*');
    expect(docs[0]).not.toContain('张三');
    expect(docs[1]).toContain('0002B');
    expect(docs[1]).toContain('李*四');
    expect(docs[1]).toMatch(/前面还有1人/);
    expect(await day.h.getTicket({ ticket: '0001B' }, desk)).toMatchObject({ printed: true });
    expect((await day.h.getQueue({ station: 'B' }, desk)).tickets).toMatchObject([{ ticket: '0001B', printed: true }, { ticket: '0002B', printed: true }]);
  });

  it('a printer dropping connections: the check-in stands, not printed with the reason; reprint waits for its paper and is audited', async () => {
    const day = await dayWith(emu.target);
    kiosk = day.kiosk;
    emu.dropConnections(true);
    try {
      const r = await day.h.checkIn({ studentId: '2019000003' }, desk);
      expect(r).toMatchObject({ ticket: '0001A', print: 'queued' });
      await until(() => day.prints.length === 1, 'the print outcome', 20_000);
      expect(day.prints[0]).toMatchObject({ ticket: '0001A', printed: false, message: expect.stringMatching(/^打印/) });
      expect(await day.h.getTicket({ ticket: '0001A' }, desk)).toMatchObject({ status: 'waiting', printed: false });
    } finally {
      emu.dropConnections(false);
    }
    const before = emu.jobs().length;
    // The answer comes once the printer confirmed the paper.
    expect(await day.h.reprint({ ticket: '0001A' }, desk)).toMatchObject({ ticket: '0001A', printed: true });
    const reprinted = emu.jobs().slice(before).map((j) => printedText(j)).join('');
    expect(reprinted).toContain('0001A');
    expect(reprinted).toContain('服装学院');
    expect(day.prints.at(-1)).toMatchObject({ ticket: '0001A', printed: true });
    const raw = new Database(day.dbFile, { readonly: true });
    expect(raw.prepare("SELECT actor, detail FROM audit WHERE action = 'reprint'").all()).toEqual([{ actor: 'desk', detail: expect.stringContaining('"printed":true') }]);
    raw.close();
  });

  it('a printer that answers the status query, then drops the connection before taking the ticket: not printed', async () => {
    const day = await dayWith(emu.target);
    kiosk = day.kiosk;
    emu.dropAfterStatus(true);
    try {
      await day.h.checkIn({ studentId: '2019000001' }, desk);
      await until(() => day.prints.length === 1, 'the print outcome', 20_000);
    } finally {
      emu.dropAfterStatus(false);
    }
    expect(day.prints[0]).toMatchObject({ ticket: '0001B', printed: false, message: expect.stringMatching(/^打印中断/) });
    expect(await day.h.getTicket({ ticket: '0001B' }, desk)).toMatchObject({ printed: false });
  });

  it('a name character the printer\'s font lacks (𬌗) is printed as □ and the log says where, not which', async () => {
    const day = await dayWith(emu.target);
    kiosk = day.kiosk;
    const before = emu.jobs().length;
    await day.h.checkIn({ studentId: '2019000005' }, desk);
    await until(() => day.prints.length === 1, 'the print outcome');
    expect(day.prints[0]).toMatchObject({ ticket: '0001B', printed: true });
    const paper = Buffer.concat(emu.jobs().slice(before));
    expect(printedText(paper)).toContain('□*');
    expect(paper.includes(Buffer.from([0x99, 0x31, 0xd2, 0x39]))).toBe(false); // 𬌗 in GB18030
    expect(day.log).toEqual(["ticket 0001B: characters the printer's font (GBK) cannot print are printed as □ (1 in the name)"]);
    expect(day.log.join('')).not.toContain('𬌗');
    const raw = new Database(day.dbFile, { readonly: true });
    expect(raw.prepare("SELECT ticket, detail FROM audit WHERE action = 'print-substituted'").all()).toEqual([{ ticket: '0001B', detail: '{"fields":[{"field":"name","count":1}]}' }]);
    raw.close();
  });

  it('on a file printer (e.g. /dev/usb/lp0): the bytes appended hold the ticket number', async () => {
    const file = join(tmpDir('sq-kiosk-lp-'), 'lp0');
    const day = await dayWith(`file:${file}`);
    kiosk = day.kiosk;
    expect(await day.h.checkIn({ studentId: '2019000001' }, desk)).toMatchObject({ ticket: '0001B', print: 'queued' });
    await until(() => day.prints.length === 1, 'the print outcome');
    expect(day.prints[0]).toMatchObject({ printed: true });
    const bytes = readFileSync(file);
    expect(printedText(bytes)).toContain('0001B');
    expect(readEscPos(bytes).cuts).toBe(1);
  });
});

describe('opening the kiosk does not wait for the printer', () => {
  it('opens with the printer "checking" while a silent printer is asked, then reports what it found', async () => {
    // Accepts the connection and never answers the status request.
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as { port: number };
    try {
      kiosk = await openKiosk({ dbFile: tmpDbFile(), printer: `tcp://127.0.0.1:${port}`, now: () => at(9, 30) });
      const seen: LiveEvent[] = [];
      kiosk.subscribe((e) => seen.push(e));
      const first = (await client(kiosk).getHardwareStatus({}, desk)) as { printer: DeviceStatus };
      expect(first.printer).toMatchObject({ state: 'checking', message: '正在检查打印机…', target: `tcp://127.0.0.1:${port}` });
      await until(() => seen.some((e) => e.type === 'printer-status'), 'the first printer status', 15_000);
      const found = seen.find((e) => e.type === 'printer-status');
      expect(found).toMatchObject({ status: { state: expect.not.stringMatching(/^(checking|ok)$/) } });
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});

describe('the print queue behind a slow printer (reads at 9600 baud)', () => {
  let slow: TcpPrinterEmulator;
  beforeAll(async () => {
    slow = await startTcpPrinterEmulator({ baud: 9600 });
  });
  afterAll(() => slow.close());

  it('queues the check-ins as they come and prints each ticket once, in order', async () => {
    const day = await dayWith(slow.target);
    kiosk = day.kiosk;
    const answered: string[] = [];
    for (const studentId of ['2019000001', '2019000003', '2019000002', '2019000004']) answered.push((await day.h.checkIn({ studentId }, desk)).ticket);
    // (How soon each was answered is measured in bench/server-latency.ts, not asserted here.)
    await until(() => day.prints.length === 4, 'four print outcomes', 60_000);
    expect(day.prints.map((e) => [e.ticket, e.printed])).toEqual(answered.map((t) => [t, true]));
    expect(numbersOnPaper(slow.printed())).toEqual(answered);
  }, 90_000);

  it('stopping the kiosk: the ticket at the printer finishes, the queued ones stay not printed and are named in the log', async () => {
    const day = await dayWith(slow.target);
    const before = slow.printed().length;
    const connections = slow.connections();
    for (const studentId of ['2019000001', '2019000002', '2019000003']) await day.h.checkIn({ studentId }, desk);
    // the first ticket is on the wire (seconds at 9600 baud) when the stop comes
    await until(() => slow.connections() > connections, 'the first ticket at the printer');
    await day.kiosk.close();
    expect(numbersOnPaper(slow.printed().subarray(before))).toEqual(['0001B']);
    expect(day.log).toEqual(['not printed (the kiosk stopped first; reprint them from the desk): 0002B 0001A']);
    const raw = new Database(day.dbFile, { readonly: true });
    expect(raw.prepare('SELECT ticket, printed FROM tickets ORDER BY id').all()).toEqual([
      { ticket: '0001B', printed: 1 },
      { ticket: '0002B', printed: 0 },
      { ticket: '0001A', printed: 0 },
    ]);
    expect(raw.prepare("SELECT ticket FROM audit WHERE action = 'print-dropped' ORDER BY id").all()).toEqual([{ ticket: '0002B' }, { ticket: '0001A' }]);
    raw.close();
  }, 60_000);
});
