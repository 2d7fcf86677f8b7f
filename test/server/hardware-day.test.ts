// The swipe path through `swipequeue serve` with real parts: the SAM reader
// emulator on a socat pty, the network printer emulator on a TCP socket.
// A card becomes a check-in, a printed ticket and live events; unplugging the
// reader and a printer out of paper are reported and recovered from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedReader, type EmulatedReader } from '../../src/hardware/idcard/emulator/pty-reader.js';
import { maskName } from '../../src/shared/id-number.js';
import type { CardSeen, HardwareStatus, LiveEvent } from '../../src/shared/types.js';
import { residentBlock } from '../hardware/idcard/build.js';
import { readEscPos } from '../hardware/printer/escpos-reader.js';
import { startTcpPrinterEmulator, type TcpPrinterEmulator } from '../hardware/printer/tcp-printer-emulator.js';
import { api, idNumberFor, makeStudents, setUpDay, startServe, until, type ServeProcess, openLive, killServe } from './helpers.js';

const students = makeStudents(10).map((s, i) => ({ ...s, idNumber: idNumberFor(i + 1) }));
const cardOf = (i: number) => residentBlock({ name: students[i]!.name, id: students[i]!.idNumber });
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reader -> check-in -> printer -> live, through swipequeue serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-hw-day-'));
  let reader: EmulatedReader;
  let printer: TcpPrinterEmulator;
  let server: ServeProcess;
  let live: WebSocket;
  const events: LiveEvent[] = [];
  const seen = () => events.filter((e): e is { type: 'card-seen'; card: CardSeen } => e.type === 'card-seen').map((e) => e.card);
  const printedText = () => readEscPos(printer.printed()).lines.join('\n');
  /** The last print outcome of a ticket on the live feed. */
  const printOutcome = (ticket: string) => events.filter((e): e is Extract<LiveEvent, { type: 'print' }> => e.type === 'print' && e.ticket === ticket).at(-1);

  /** Presents student i's card (or any block), waits for the desk's verdict, lifts the card. */
  async function swipe(block: Buffer): Promise<CardSeen> {
    const before = seen().length;
    reader.present(block);
    await until(() => seen().length > before, 'the card to be seen');
    reader.lift();
    await settle(300);
    return seen()[before]!;
  }

  beforeAll(async () => {
    reader = await startEmulatedReader();
    printer = await startTcpPrinterEmulator();
    server = await startServe(['--db', join(dir, 'day.db'), '--port', '0', '--reader', `serial:${reader.path}?baud=115200`, '--printer', printer.target]);
    live = await openLive(server.url, events);
    await setUpDay(server.url, students);
  });

  afterAll(async () => {
    live?.close();
    await killServe(server);
    await reader?.close();
    await printer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports both devices ready', async () => {
    let hw: HardwareStatus | undefined;
    for (let i = 0; i < 100 && !(hw?.reader.state === 'ok' && hw.printer.state === 'ok'); i++) {
      hw = (await api<HardwareStatus>(server.url, 'GET', '/api/hardware')).body;
      await settle(100);
    }
    expect(hw?.reader.state).toBe('ok');
    expect(hw?.printer.state).toBe('ok');
  });

  it('turns each card into a ticket, printed, and tells the displays', async () => {
    const tickets: string[] = [];
    for (let i = 0; i < 4; i++) {
      const card = await swipe(cardOf(i));
      expect(card.error).toBeNull();
      expect(card.result).toMatchObject({ studentId: students[i]!.studentId, name: students[i]!.name, print: 'queued' });
      expect(card.maskedId).toBe(`${students[i]!.idNumber.slice(0, 4)}**********${students[i]!.idNumber.slice(-4)}`);
      tickets.push(card.result!.ticket);
    }
    expect(tickets).toEqual(['0001A', '0001B', '0002A', '0002B']);
    const checkIns = events.filter((e) => e.type === 'checked-in');
    expect(checkIns).toHaveLength(4);
    await until(() => tickets.every((t) => printOutcome(t)?.printed === true), 'the print outcomes on the live feed');
    expect(tickets.every((t) => printedText().includes(t))).toBe(true);
    // The paper ticket shows the masked name only (it may be left lying around).
    for (const s of students.slice(0, 4)) {
      expect(printedText()).toContain(maskName(s.name));
      expect(printedText()).not.toContain(s.name);
    }
  });

  it('answers a second swipe with the same ticket and an unknown card with not-on-roster, printing nothing', async () => {
    const printedBefore = printer.printed().length;
    const again = await swipe(cardOf(0));
    expect(again.result).toBeNull();
    expect(again.error).toMatchObject({ error: 'already-checked-in', ticket: '0001A' });
    const stranger = await swipe(residentBlock({ name: '陌生人', id: idNumberFor(777) }));
    expect(stranger.result).toBeNull();
    expect(stranger.error).toMatchObject({ error: 'not-on-roster' });
    await settle(300);
    expect(printer.printed().length).toBe(printedBefore);
  });

  it('keeps the ticket when the printer is out of paper, says so, and reprints once it is back', async () => {
    printer.set('paper-out');
    const card = await swipe(cardOf(4));
    expect(card.result).toMatchObject({ ticket: '0003A', print: 'queued' });
    await until(() => printOutcome('0003A') !== undefined, 'the print outcome of 0003A', 30_000);
    expect(printOutcome('0003A')).toMatchObject({ printed: false, message: expect.stringMatching(/^打印机缺纸/) });
    await until(() => events.some((e) => e.type === 'printer-status' && e.status.state === 'paper-out'), 'paper-out on the live feed', 15_000);

    printer.set('ok');
    await until(() => events.some((e, i) => e.type === 'printer-status' && e.status.state === 'ok' && i > events.findIndex((x) => x.type === 'printer-status' && x.status.state === 'paper-out')), 'the printer back', 15_000);
    const reprint = await api(server.url, 'POST', '/api/tickets/0003A/reprint');
    expect(reprint.status).toBe(200);
    await until(() => printedText().includes('0003A'), 'the reprinted ticket');
  });

  it('reports an unplugged reader and takes cards again once it is plugged back', async () => {
    await reader.unplug();
    await until(() => events.some((e) => e.type === 'reader-status' && e.status.state === 'disconnected'), 'the unplug on the live feed');
    await reader.replug();
    const unplugAt = events.findIndex((e) => e.type === 'reader-status' && e.status.state === 'disconnected');
    await until(() => events.some((e, i) => i > unplugAt && e.type === 'reader-status' && e.status.state === 'ok'), 'the reader back', 20_000);
    const card = await swipe(cardOf(5));
    expect(card.result).toMatchObject({ ticket: '0003B', print: 'queued' });
    await until(() => printOutcome('0003B')?.printed === true, 'the print outcome of 0003B');
  });

  it('stops cleanly on SIGTERM', async () => {
    live.close();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
