import { mkdtempSync, readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketPrinter } from '../../../src/hardware/printer.js';
import { openPrinter } from '../../../src/hardware/printer/open-printer.js';
import { ticketEscPos } from '../../../src/hardware/printer/ticket-document.js';
import { isAppError } from '../../../src/shared/errors.js';
import { readEscPos } from './escpos-reader.js';
import { closedPort, startTcpPrinterEmulator, type TcpPrinterEmulator } from './tcp-printer-emulator.js';
import { sampleJob as job } from './sample-job.js';



let emu: TcpPrinterEmulator | undefined;
let printer: TicketPrinter | undefined;
afterEach(async () => {
  await printer?.close();
  await emu?.close();
  printer = undefined;
  emu = undefined;
});

describe('printer targets', () => {
  it('an unknown target is bad input naming the accepted forms', () => {
    for (const t of ['lpt1', 'tcp://printer', 'usb:0416:5011', 'http://10.0.0.7:9100']) {
      let err: unknown;
      try {
        openPrinter(t);
      } catch (e) {
        err = e;
      }
      expect(isAppError(err) && err.kind === 'bad-input', t).toBe(true);
      expect((err as Error).message).toContain('tcp://host:9100');
      expect((err as Error).message).toContain('file:/path');
    }
  });

  it('none prints nothing and says so', async () => {
    const p = openPrinter('none');
    expect((await p.status()).state).toBe('none');
    await expect(p.print(job())).rejects.toThrow(/未配置打印机/);
  });
});

describe('tcp printer (emulated on 127.0.0.1)', () => {
  it('prints the ticket: the printer receives a document with the number and a cut', async () => {
    emu = await startTcpPrinterEmulator();
    printer = openPrinter(emu.target);
    await printer.print(job('0007A'));
    await printer.print(job('0008A'));
    const doc = readEscPos(emu.printed());
    expect(doc.textBySize.get(0x55)?.replace(/\s/g, '')).toBe('0007A0008A');
    expect(doc.lines.join('\n')).toContain('张*三');
    expect(doc.cuts).toBe(2);
  });

  it('reports ready, paper out, cover open and offline as the printer answers DLE EOT', async () => {
    emu = await startTcpPrinterEmulator();
    printer = openPrinter(emu.target);
    expect(await printer.status()).toEqual({ state: 'ok', message: '打印机正常 (ready)', target: emu.target });
    emu.set('paper-out');
    expect(await printer.status()).toMatchObject({ state: 'paper-out', message: expect.stringMatching(/^打印机缺纸.*\(paper out\)$/) });
    emu.set('cover-open');
    expect(await printer.status()).toMatchObject({ state: 'cover-open', message: expect.stringMatching(/^打印机盖未关好.*\(cover open\)$/) });
    emu.set('offline');
    expect(await printer.status()).toMatchObject({ state: 'offline', message: '打印机离线 (offline)' });
    emu.set('ok');
    expect((await printer.status()).state).toBe('ok');
    // the queries really went over the wire: DLE EOT 1 first
    expect(emu.received().subarray(0, 3)).toEqual(Buffer.of(0x10, 0x04, 0x01));
  });

  it('out of paper or with the cover open, the ticket is not sent and the error says why', async () => {
    emu = await startTcpPrinterEmulator();
    printer = openPrinter(emu.target);
    emu.set('paper-out');
    await expect(printer.print(job())).rejects.toThrow(/打印机缺纸.*paper out/);
    emu.set('cover-open');
    await expect(printer.print(job())).rejects.toThrow(/打印机盖未关好.*cover open/);
    expect(emu.printed().length).toBe(0); // nothing queued to come out later, after a reprint
    emu.set('ok');
    await printer.print(job());
    expect(readEscPos(emu.printed()).cuts).toBe(1);
  });

  it('a printer that never answers the status query is offline, within a few seconds', async () => {
    emu = await startTcpPrinterEmulator();
    emu.set('silent');
    printer = openPrinter(emu.target);
    expect(await printer.status()).toMatchObject({ state: 'offline', message: expect.stringContaining('打印机无应答') });
    await expect(printer.print(job())).rejects.toThrow(/打印机无应答/);
  });

  it('a dropped connection is an error in plain words, and the next ticket prints once it is back', async () => {
    emu = await startTcpPrinterEmulator();
    printer = openPrinter(emu.target);
    emu.dropConnections(true);
    await expect(printer.print(job())).rejects.toThrow(/^打印中断 \(tcp:\/\/127\.0\.0\.1:\d+: (connection closed by the printer|connection reset by the printer)\)$/);
    expect((await printer.status()).state).toBe('offline');
    emu.dropConnections(false);
    await printer.print(job('0002A'));
    expect(readEscPos(emu.printed()).textBySize.get(0x55)?.trim()).toBe('0002A');
  });

  it('a printer that answers the status query, then drops the connection before taking the ticket: not printed', async () => {
    emu = await startTcpPrinterEmulator();
    printer = openPrinter(emu.target);
    emu.dropAfterStatus(true);
    await expect(printer.print(job('0005A'))).rejects.toThrow(/^打印中断 \(tcp:\/\/127\.0\.0\.1:\d+: /);
    // the status queries went out and were answered; no document was read
    expect(emu.received().subarray(0, 3)).toEqual(Buffer.of(0x10, 0x04, 0x01));
    expect(emu.printed().length).toBe(0);
    emu.dropAfterStatus(false);
    await printer.print(job('0006A'));
    expect(readEscPos(emu.printed()).textBySize.get(0x55)?.trim()).toBe('0006A');
  });

  it('after the ticket the printer is asked once more, and only its answer makes the ticket printed', async () => {
    emu = await startTcpPrinterEmulator();
    printer = openPrinter(emu.target);
    await printer.print(job('0009A'));
    const conn = emu.jobs().at(-1)!;
    // the receipt question follows the cut, at the very end of the connection
    expect(conn.subarray(-3)).toEqual(Buffer.of(0x10, 0x04, 0x01));
    expect(conn.lastIndexOf(Buffer.of(0x1d, 0x56))).toBeLessThan(conn.length - 3);
  });

  it('a printer that reads its socket at serial speed still prints, confirmed once it read the whole ticket', async () => {
    emu = await startTcpPrinterEmulator({ baud: 38400 });
    printer = openPrinter(emu.target);
    await printer.print(job('0010A'));
    const bytes = ticketEscPos(job('0010A'));
    // confirmed means read: the emulator holds every byte of the document already
    expect(emu.printed().subarray(0, bytes.length)).toEqual(Buffer.from(bytes));
  });

  it('a closed port: "打印机无法连接 (… connection refused)"', async () => {
    const port = await closedPort();
    printer = openPrinter(`tcp://127.0.0.1:${port}`);
    await expect(printer.print(job())).rejects.toThrow(`打印机无法连接 (tcp://127.0.0.1:${port}: connection refused)`);
    expect(await printer.status()).toEqual({ state: 'offline', target: `tcp://127.0.0.1:${port}`, message: `打印机无法连接 (tcp://127.0.0.1:${port}: connection refused)` });
  });

  it('something that is not a printer (a web server on that port) is said so, not read as "paper out"', async () => {
    const web = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.once('data', () => sock.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'));
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const target = `tcp://127.0.0.1:${(web.address() as net.AddressInfo).port}`;
    try {
      printer = openPrinter(target);
      expect(await printer.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/^这个地址不像打印机.*answered "HTTP\/1\.1 400/) });
      await expect(printer.print(job())).rejects.toThrow(/^这个地址不像打印机/);
    } finally {
      await new Promise<void>((r) => web.close(() => r()));
    }
  });

  it('status polls and tickets never interleave on one printer', async () => {
    emu = await startTcpPrinterEmulator();
    printer = openPrinter(emu.target);
    const all = await Promise.all([printer.status(), printer.print(job('0003A')), printer.status(), printer.print(job('0004A'))]);
    expect(all[0]).toMatchObject({ state: 'ok' });
    // each connection carries status queries, then at most one whole document
    for (const conn of emu.jobs()) expect(readEscPos(conn).cuts).toBeLessThanOrEqual(1);
    expect(readEscPos(emu.printed()).textBySize.get(0x55)?.replace(/\s/g, '')).toBe('0003A0004A');
  });
});

describe('file printer', () => {
  it('appends raw bytes: two tickets, two documents', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sq-print-')), 'lp0');
    printer = openPrinter(`file:${file}`);
    expect((await printer.status()).state).toBe('ok');
    await printer.print(job('0001A'));
    const first = readFileSync(file).length;
    await printer.print(job('0002A'));
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(first);
    const doc = readEscPos(bytes);
    expect(doc.cuts).toBe(2);
    expect(doc.textBySize.get(0x55)?.replace(/\s/g, '')).toBe('0001A0002A');
  });

  it('keeps what was in the file before', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sq-print-')), 'out.bin');
    writeFileSync(file, 'before');
    printer = openPrinter(`file://${file}`);
    await printer.print(job());
    expect(readFileSync(file).subarray(0, 6).toString()).toBe('before');
  });

  it('a path that cannot be written is an error and a status of error', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sq-print-')), 'missing-dir');
    printer = openPrinter(`file:${dir}/lp0`);
    expect(await printer.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/^打印机无法写入 \(file:.*no such file or device\)$/) });
    await expect(printer.print(job())).rejects.toThrow(/^打印机无法写入 \(file:.*no such file or device\)$/);
    if (process.getuid?.() !== 0) {
      mkdirSync(dir);
      chmodSync(dir, 0o500);
      expect((await printer.status()).state).toBe('error');
    }
  });
});
