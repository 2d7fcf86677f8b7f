// A serial ticket printer over a real pty pair (socat): the far end answers
// DLE EOT like a printer and collects the bytes, which are decoded back
// (escpos-reader), never compared as blobs. tcp and file targets: transports.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketPrintJob } from '../../../src/hardware/printer.js';
import { openPrinter } from '../../../src/hardware/printer/open-printer.js';
import { ticketEscPos } from '../../../src/hardware/printer/ticket-document.js';
import { serialSendMs } from '../../../src/hardware/printer/transports.js';
import { readEscPos } from './escpos-reader.js';
import { dleEotScanner } from './tcp-printer-emulator.js';

const job = (ticket = '0007A', over: Partial<TicketPrintJob> = {}): TicketPrintJob => ({
  eventName: '2021届研究生毕业图像采集',
  ticket,
  station: 'A',
  room: '7-115',
  college: '理学院',
  name: '张三',
  checkedInAt: new Date(2020, 11, 21, 9, 30),
  ahead: 3,
  paperWidth: 58,
  ...over,
});

/** The text a printer would show for these bytes, whitespace dropped (58 mm wraps lines). */
const printedText = (bytes: Uint8Array) => readEscPos(bytes).lines.join('').replace(/\s+/g, '');
const cuts = (bytes: Uint8Array) => readEscPos(bytes).cuts;

describe('serial: printer over a real pty pair (socat)', () => {
  let socat: ChildProcess;
  let host: string;
  let device: string;
  let printerSide: SerialPort;
  let received = Buffer.alloc(0);
  /** DLE EOT n -> the byte the printer answers (undefined: silent). */
  let answer: (n: number) => number | undefined = () => 0x12;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sq-printer-pty-'));
    host = join(dir, 'host');
    device = join(dir, 'printer');
    socat = spawn('socat', [`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
    const end = Date.now() + 5000;
    while (!(existsSync(host) && existsSync(device))) {
      if (Date.now() > end) throw new Error('socat did not create the pty pair');
      await new Promise((r) => setTimeout(r, 20));
    }
    // The printer end: collects bytes, answers DLE EOT n like a printer would.
    printerSide = new SerialPort({ path: device, baudRate: 9600 });
    await new Promise<void>((resolve, reject) => printerSide.once('open', resolve).once('error', reject));
    // Queries split across reads are still found; raster pixels are not queries.
    const scan = dleEotScanner((n) => {
      const a = answer(n);
      if (a !== undefined) printerSide.write(Uint8Array.of(a));
    });
    printerSide.on('data', (d: Buffer) => {
      scan(d);
      received = Buffer.concat([received, d]);
    });
  });
  afterAll(async () => {
    await new Promise<void>((r) => (printerSide?.isOpen ? printerSide.close(() => r()) : r()));
    socat?.kill();
  });

  it('prints a ticket and reads the printer status on the same line', async () => {
    const printer = openPrinter(`serial:${host}?baud=9600`);
    expect(await printer.status()).toMatchObject({ state: 'ok', target: `serial:${host}?baud=9600` });
    received = Buffer.alloc(0);
    await printer.print(job('0012A'));
    const end = Date.now() + 5000;
    while (cuts(received) < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(printedText(received)).toContain('0012A');
    expect(cuts(received)).toBe(1);
  });

  it('a printer that goes silent is reported offline and a ticket to it fails', async () => {
    answer = () => undefined;
    try {
      const printer = openPrinter(`serial:${host}?baud=9600`);
      expect(await printer.status()).toMatchObject({ state: 'offline', message: expect.stringMatching(/^打印机无应答/) });
      await expect(printer.print(job())).rejects.toThrow(/^打印机无应答/);
    } finally {
      answer = () => 0x12;
    }
  });

  it('paper out (n=1 offline, n=2 paper end, n=4 roll end): status says so and the ticket is not sent', async () => {
    answer = (n) => (n === 1 ? 0x1a : n === 2 ? 0x32 : n === 4 ? 0x72 : 0x12);
    try {
      const printer = openPrinter(`serial:${host}?baud=9600`);
      expect(await printer.status()).toMatchObject({ state: 'paper-out', message: expect.stringMatching(/^打印机缺纸/) });
      received = Buffer.alloc(0);
      await expect(printer.print(job('0013A'))).rejects.toThrow(/^打印机缺纸/);
      expect(printedText(received)).not.toContain('0013A');
    } finally {
      answer = () => 0x12;
    }
  });

  it('a serial port that does not exist: plain words naming the target', async () => {
    const target = `serial:${join(tmpdir(), 'no-such-tty')}?baud=9600`;
    await expect(openPrinter(target).print(job())).rejects.toThrow(/^打印机无法连接.*no-such-tty/);
  });
});

describe('serial send timeout', () => {
  it('grows with the time the bytes take on the wire, so a slow line is not a failed ticket', () => {
    const ticket = ticketEscPos(job('0123A', { paperWidth: 80 })).length;
    const onTheWireMs = ((ticket * 10) / 9600) * 1000;
    expect(serialSendMs(ticket, 9600)).toBeGreaterThan(onTheWireMs + 1000);
    expect(serialSendMs(ticket, 115200)).toBeLessThan(serialSendMs(ticket, 9600));
  });
});
