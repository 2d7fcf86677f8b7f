// The print queue over a real network printer (the TCP emulator on 127.0.0.1):
// one job at a time, in order, retried when the printer drops the connection,
// one attempt per ticket while the printer is down, and a clean stop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketPrinter, TicketPrintJob } from '../../src/hardware/printer.js';
import { openPrinter } from '../../src/hardware/printer/open-printer.js';
import type { PrintOutcome } from '../../src/core/devices.js';
import { STOPPED_MESSAGE, createPrintQueue } from '../../src/core/print-queue.js';
import { readEscPos } from '../hardware/printer/escpos-reader.js';
import { startTcpPrinterEmulator, type TcpPrinterEmulator } from '../hardware/printer/tcp-printer-emulator.js';
import { sampleJob as job } from '../hardware/printer/sample-job.js';


const numbersOnPaper = (bytes: Uint8Array) => (readEscPos(bytes).textBySize.get(0x55) ?? '').match(/\d{4}[A-Z]/g) ?? [];

let emu: TcpPrinterEmulator;
let printer: TicketPrinter;
/** One attempt, as src/core/devices.ts makes it: the printer's words on failure. */
const send = (j: TicketPrintJob): Promise<PrintOutcome> =>
  printer.print(j).then(
    () => ({ printed: true, printError: null }),
    (e: Error) => ({ printed: false, printError: e.message }),
  );

beforeEach(async () => {
  emu = await startTcpPrinterEmulator();
  printer = openPrinter(emu.target);
});
afterEach(async () => {
  await printer.close();
  await emu.close();
});

describe('print queue', () => {
  it('prints in the order queued, one connection at a time', async () => {
    const q = createPrintQueue({ send, retryDelaysMs: [10, 10] });
    const tickets = ['0001A', '0002A', '0003A', '0004A', '0005A'];
    const outcomes = await Promise.all(tickets.map((t) => q.add(job(t))));
    expect(outcomes.every((o) => o.printed)).toBe(true);
    expect(numbersOnPaper(emu.printed())).toEqual(tickets);
    // each connection carries at most one document
    for (const conn of emu.jobs()) expect(readEscPos(conn).cuts).toBeLessThanOrEqual(1);
    expect(q.size).toBe(0);
  });

  it('a printer that drops the connection: the job is tried again and printed once; the next ones keep their order', async () => {
    const q = createPrintQueue({ send, retryDelaysMs: [10, 10] });
    emu.dropNext(2);
    const seen: string[] = [];
    const outcomes = await Promise.all(['0001A', '0002A'].map((t) => q.add(job(t), { key: t, onOutcome: () => seen.push(t) })));
    expect(outcomes).toEqual([{ printed: true, printError: null }, { printed: true, printError: null }]);
    expect(emu.connections()).toBe(4); // two dropped, then one per ticket
    expect(numbersOnPaper(emu.printed())).toEqual(['0001A', '0002A']);
    expect(seen).toEqual(['0001A', '0002A']);
  });

  it('gives up after three attempts with the printer\'s words; while it is down later jobs get one attempt each, until one prints', async () => {
    const q = createPrintQueue({ send, retryDelaysMs: [10, 10] });
    emu.dropConnections(true);
    const first = await q.add(job('0001A'));
    expect(first).toMatchObject({ printed: false, printError: expect.stringMatching(/^打印中断/) });
    expect(emu.connections()).toBe(3);
    const second = await q.add(job('0002A'));
    expect(second.printed).toBe(false);
    expect(emu.connections()).toBe(4);
    emu.dropConnections(false);
    expect(await q.add(job('0003A'))).toMatchObject({ printed: true });
    // printing again: a failure is retried again
    emu.dropNext(1);
    expect(await q.add(job('0004A'))).toMatchObject({ printed: true });
    expect(numbersOnPaper(emu.printed())).toEqual(['0003A', '0004A']);
  });

  it('a reprint of a ticket still waiting its turn joins it instead of printing twice', async () => {
    const q = createPrintQueue({ send });
    const a = q.add(job('0001A'), { key: '0001A' });
    const b = q.add(job('0002A'), { key: '0002A' });
    const again = q.add(job('0002A'), { key: '0002A' });
    expect(q.size).toBe(2);
    await Promise.all([a, b, again]);
    expect(await again).toEqual(await b);
    expect(numbersOnPaper(emu.printed())).toEqual(['0001A', '0002A']);
  });

  it('close: the job at the printer finishes, the waiting ones end not printed and are named', async () => {
    // A printer that reads at 9600 baud: the first ticket is still on the wire when the stop comes.
    const slow = await startTcpPrinterEmulator({ baud: 9600 });
    const slowPrinter = openPrinter(slow.target);
    const q = createPrintQueue({ send: (j) => slowPrinter.print(j).then(() => ({ printed: true, printError: null }), (e: Error) => ({ printed: false, printError: e.message })) });
    const outcomes = ['0001A', '0002A', '0003A'].map((t) => q.add(job(t), { key: t }));
    await expect.poll(() => slow.connections()).toBe(1);
    expect(await q.close()).toEqual(['0002A', '0003A']);
    expect(await Promise.all(outcomes)).toEqual([
      { printed: true, printError: null },
      { printed: false, printError: STOPPED_MESSAGE },
      { printed: false, printError: STOPPED_MESSAGE },
    ]);
    expect(await q.add(job('0004A'))).toEqual({ printed: false, printError: STOPPED_MESSAGE });
    expect(numbersOnPaper(slow.printed())).toEqual(['0001A']);
    expect(slow.connections()).toBe(1);
    await slowPrinter.close();
    await slow.close();
  }, 30_000);

  it('close before the first job reached the printer: every job ends not printed', async () => {
    const q = createPrintQueue({ send });
    const outcomes = ['0001A', '0002A'].map((t) => q.add(job(t), { key: t }));
    // the queue starts its work on the next turn of the event loop: nothing has been sent yet
    expect(await q.close()).toEqual(['0001A', '0002A']);
    expect(await Promise.all(outcomes)).toEqual([
      { printed: false, printError: STOPPED_MESSAGE },
      { printed: false, printError: STOPPED_MESSAGE },
    ]);
    expect(emu.connections()).toBe(0);
  });

  it('close during the pause between attempts stops that job at once', async () => {
    const q = createPrintQueue({ send, retryDelaysMs: [60_000] });
    emu.dropConnections(true);
    const outcome = q.add(job('0001A'), { key: '0001A' });
    await expect.poll(() => emu.connections()).toBe(1);
    expect(await q.close()).toEqual(['0001A']);
    expect(await outcome).toEqual({ printed: false, printError: STOPPED_MESSAGE });
  });
});
