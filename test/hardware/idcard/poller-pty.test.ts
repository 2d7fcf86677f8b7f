import { afterEach, describe, expect, it } from 'vitest';
import type { IdCard } from '../../../src/hardware/idcard/card.js';
import { startEmulatedReader, type EmulatedReader } from '../../../src/hardware/idcard/emulator/pty-reader.js';
import { openReader } from '../../../src/hardware/idcard/open-reader.js';
import { plainFraming } from '../../../src/hardware/idcard/transport-hid.js';
import { encodeCommand } from '../../../src/hardware/idcard/frame.js';
import type { CardReader, ReaderStatus } from '../../../src/hardware/reader.js';
import { residentBlock } from './build.js';

const ZHANG = residentBlock({ name: '张三', id: '11010519491231002X' });
const LI = residentBlock({ name: '李四', id: '440524188001010014' });

async function until(check: () => boolean, what: string, ms = 8000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

let emu: EmulatedReader | undefined;
let reader: CardReader | undefined;
afterEach(async () => {
  await reader?.close();
  await emu?.close();
  reader = undefined;
  emu = undefined;
});

function watch(r: CardReader) {
  const cards: IdCard[] = [];
  const statuses: ReaderStatus[] = [];
  r.onCard((c) => cards.push(c));
  r.onStatus((s) => statuses.push(s));
  return { cards, statuses };
}

describe('poller against the SAM emulator on a real pty', () => {
  it('a held card is one event; lifted and presented again, another', async () => {
    emu = await startEmulatedReader();
    reader = openReader(`serial:${emu.path}?baud=115200`);
    const { cards } = watch(reader);
    await until(() => reader!.status().state === 'ok', 'the reader to be ready');
    emu.present(ZHANG);
    await until(() => cards.length === 1, 'the first card');
    await settle(1200); // ~5 polls with the card lying there
    expect(cards.map((c) => c.name)).toEqual(['张三']);
    emu.lift();
    await settle(400);
    emu.present(ZHANG);
    await until(() => cards.length === 2, 'the re-presented card');
    emu.present(LI);
    await until(() => cards.length === 3, 'the next student');
    expect(cards.map((c) => c.name)).toEqual(['张三', '张三', '李四']);
  });

  it('survives fragmented replies with garbage in front of them', async () => {
    emu = await startEmulatedReader({ fragment: 37, garbage: 9 });
    reader = openReader(`serial:${emu.path}`);
    const { cards } = watch(reader);
    emu.present(LI);
    await until(() => cards.length === 1, 'the card through fragments and noise');
    expect(cards[0]).toMatchObject({ name: '李四', idNumberValid: true });
  });

  it('reports an unplugged reader and recovers when it is plugged back at the same path', async () => {
    emu = await startEmulatedReader();
    reader = openReader(`serial:${emu.path}`);
    const { cards, statuses } = watch(reader);
    await until(() => reader!.status().state === 'ok', 'the reader to be ready');
    await emu.unplug();
    await until(() => reader!.status().state === 'disconnected', 'the unplug to be noticed');
    expect(reader.status().message).toMatch(/读卡器已断开/);
    await emu.replug();
    await until(() => reader!.status().state === 'ok', 'the reader to come back', 15000);
    emu.present(ZHANG);
    await until(() => cards.length === 1, 'a card after replug');
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['ok', 'disconnected']));
  });

  it('a failed read is retried on the next poll, not reported as a card', async () => {
    emu = await startEmulatedReader();
    reader = openReader(`serial:${emu.path}`);
    const { cards } = watch(reader);
    await until(() => reader!.status().state === 'ok', 'the reader to be ready');
    emu.emulator.failNextRead(0x41);
    emu.present(ZHANG);
    await until(() => cards.length === 1, 'the card on the second try');
    expect(cards[0]?.name).toBe('张三');
  });
});

describe('reader targets', () => {
  it('refuses an unknown target naming the accepted forms', () => {
    expect(() => openReader('usb:1')).toThrow(/unknown reader target "usb:1"; expected serial:/);
    expect(() => openReader('serial:/dev/ttyUSB0?baud=1234')).toThrow(/baud 1234/);
  });

  it('HID plain framing: 64-byte reports, report id first, the frame split across them', () => {
    const frame = encodeCommand('readText');
    const reports = plainFraming().toReports(frame);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toHaveLength(64);
    expect(reports[0]?.slice(0, 11)).toEqual([0, ...frame]);
    expect(plainFraming().toReports(new Uint8Array(100))).toHaveLength(2);
  });
});
