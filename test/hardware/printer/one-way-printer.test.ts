// `?status=off`: a printer that cannot answer status queries (a serial cable wired
// one way, a print server that swallows replies) still gets its tickets, sent blind.
// Without the option such a printer is "not answering" and no ticket is sent.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketPrintJob } from '../../../src/hardware/printer.js';
import { openPrinter } from '../../../src/hardware/printer/open-printer.js';
import type { AppError } from '../../../src/shared/errors.js';
import { readEscPos } from './escpos-reader.js';
import { startTcpPrinterEmulator, type TcpPrinterEmulator } from './tcp-printer-emulator.js';

const job: TicketPrintJob = {
  eventName: '2021届研究生毕业图像采集',
  ticket: '0021A',
  station: 'A',
  room: '7-115',
  college: '服装学院',
  name: '王五',
  checkedInAt: new Date(2020, 11, 21, 11, 50),
  ahead: 0,
  paperWidth: 80,
};

describe('tcp printer with status=off', () => {
  let emu: TcpPrinterEmulator;
  beforeAll(async () => {
    emu = await startTcpPrinterEmulator();
    emu.set('silent');
  });
  afterAll(() => emu.close());

  it('a printer that never answers DLE EOT: refused by default, printed blind with status=off', async () => {
    await expect(openPrinter(emu.target).print(job)).rejects.toThrow(/^打印机无应答/);
    const before = emu.jobs().length;
    const printer = openPrinter(`${emu.target}?status=off`);
    await printer.print(job);
    const sent = Buffer.concat(emu.jobs().slice(before));
    // nothing but the document: no status query went out
    expect(sent.subarray(0, 2)).toEqual(Buffer.of(0x1b, 0x40));
    const doc = readEscPos(sent);
    expect(doc.lines.join('').replace(/\s+/g, '')).toContain('0021A');
    expect(doc.cuts).toBe(1);
    expect(await printer.status()).toMatchObject({ state: 'ok', target: `${emu.target}?status=off`, message: expect.stringMatching(/^已连接，未查询打印机状态/) });
  });

  it('status=off: a printer that resets the connection part-way through the ticket has not printed it', async () => {
    // Reads the first bytes, then resets (a printer rebooting mid-ticket).
    const resetter = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.once('data', () => sock.resetAndDestroy());
    });
    await new Promise<void>((r) => resetter.listen(0, '127.0.0.1', r));
    const { port } = resetter.address() as net.AddressInfo;
    try {
      const printer = openPrinter(`tcp://127.0.0.1:${port}?status=off`);
      await expect(printer.print(job)).rejects.toThrow(/^打印中断 \(tcp:\/\/127\.0\.0\.1:\d+\?status=off: /);
    } finally {
      await new Promise<void>((r) => resetter.close(() => r()));
    }
  });

  it('status=off still reports a printer it cannot reach', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const printer = openPrinter(`tcp://127.0.0.1:${port}?status=off`);
    await expect(printer.print(job)).rejects.toThrow(/^打印机无法连接.*connection refused/);
    expect(await printer.status()).toMatchObject({ state: 'offline' });
  });
});

describe('target options', () => {
  it('accepts baud and status=off on serial, status=off on tcp (nothing is opened until used)', () => {
    expect(() => openPrinter('serial:/dev/ttyUSB0?baud=9600&status=off')).not.toThrow();
    expect(() => openPrinter('serial:COM3?status=off&baud=19200')).not.toThrow();
    expect(() => openPrinter('tcp://192.168.1.50:9100?status=off')).not.toThrow();
  });

  it('an option it does not understand is bad input that says what it expected', () => {
    for (const target of ['tcp://192.168.1.50:9100?baud=9600', 'tcp://192.168.1.50:9100?status=maybe', 'serial:/dev/ttyUSB0?baud=fast', 'serial:/dev/ttyUSB0?parity=even']) {
      let err: AppError | undefined;
      try {
        openPrinter(target);
      } catch (e) {
        err = e as AppError;
      }
      expect(err, target).toMatchObject({ kind: 'bad-input', message: expect.stringContaining('status=off') });
    }
  });
});
