// Printing through the core: the kiosk prints each committed check-in on the
// configured printer (a TCP emulator on 127.0.0.1, or a file), and a printer
// that drops connections never loses a check-in: it is marked not printed,
// and the reprint succeeds once the printer is back.
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../../src/core/kiosk.js';
import { SEED_EVENT, at, client, tmpDbFile, tmpDir } from '../../core/helpers.js';
import { until } from '../../wait.js';
import type { DeviceStatus, LiveEvent } from '../../../src/shared/types.js';
import { readEscPos } from './escpos-reader.js';
import { startTcpPrinterEmulator, type TcpPrinterEmulator } from './tcp-printer-emulator.js';

const admin = { actor: 'admin', pin: '1234' };
const desk = { actor: 'desk' };

const ROSTER = ['学号,姓名,学院', '2019000001,张三,理学院', '2019000002,李小四,理学院', '2019000003,王五,服装学院'].join('\n');

/** The printed text, whitespace dropped (58 mm paper wraps long lines). */
const printedText = (bytes: Uint8Array) => readEscPos(bytes).lines.join('').replace(/\s+/g, '');

async function dayWith(printer: string): Promise<{ kiosk: Kiosk; h: ReturnType<typeof client>; dbFile: string }> {
  const dbFile = tmpDbFile();
  const kiosk = await openKiosk({ dbFile, printer, now: () => at(9, 30) });
  const h = client(kiosk);
  await h.importEvent(structuredClone(SEED_EVENT), admin);
  await h.importRoster({ fileName: 'roster.csv', contentBase64: Buffer.from(ROSTER, 'utf8').toString('base64') }, admin);
  return { kiosk, h, dbFile };
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

  it('on a network printer: the ticket that comes out carries its number, college and masked name', async () => {
    const day = await dayWith(emu.target);
    kiosk = day.kiosk;
    const first = await day.h.checkIn({ studentId: '2019000001' }, desk);
    const second = await day.h.checkIn({ studentId: '2019000002' }, desk);
    expect(first).toMatchObject({ ticket: '0001B', printed: true, printError: null });
    expect(second).toMatchObject({ ticket: '0002B', printed: true });
    const docs = emu.jobs().map((j) => printedText(j)).filter((t) => t.includes('理学院'));
    expect(docs).toHaveLength(2);
    expect(docs[0]).toContain('0001B');
    expect(docs[0]).toContain('张*');
    expect(docs[0]).not.toContain('张三');
    expect(docs[1]).toContain('0002B');
    expect(docs[1]).toContain('李*四');
    expect(docs[1]).toMatch(/前面还有1人/);
    expect(await day.h.getTicket({ ticket: '0001B' }, desk)).toMatchObject({ printed: true });
  });

  it('a printer dropping connections: the check-in stands, printed=false with the reason; reprint prints it later', async () => {
    const day = await dayWith(emu.target);
    kiosk = day.kiosk;
    emu.dropConnections(true);
    try {
      const r = await day.h.checkIn({ studentId: '2019000003' }, desk);
      expect(r).toMatchObject({ ticket: '0001A', printed: false, printError: expect.stringMatching(/^打印/) });
      expect(await day.h.getTicket({ ticket: '0001A' }, desk)).toMatchObject({ status: 'waiting', printed: false });
    } finally {
      emu.dropConnections(false);
    }
    const before = emu.jobs().length;
    await day.h.reprint({ ticket: '0001A' }, desk);
    const reprinted = emu.jobs().slice(before).map((j) => printedText(j)).join('');
    expect(reprinted).toContain('0001A');
    expect(reprinted).toContain('服装学院');
    expect(await day.h.getTicket({ ticket: '0001A' }, desk)).toMatchObject({ printed: true });
  });

  it('on a file printer (e.g. /dev/usb/lp0): the bytes appended hold the ticket number', async () => {
    const file = join(tmpDir('sq-kiosk-lp-'), 'lp0');
    const day = await dayWith(`file:${file}`);
    kiosk = day.kiosk;
    expect(await day.h.checkIn({ studentId: '2019000001' }, desk)).toMatchObject({ ticket: '0001B', printed: true });
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
