import { afterEach, describe, expect, it } from 'vitest';
import { decodeReadPayload } from '../../../src/hardware/idcard/decode-reply.js';
import { cycleTimeline, startEmulatedReader, type EmulatedReader } from '../../../src/hardware/idcard/emulator/pty-reader.js';
import { FrameParser, encodeCommand } from '../../../src/hardware/idcard/frame.js';
import { openReader } from '../../../src/hardware/idcard/open-reader.js';
import { decodeTextBlock } from '../../../src/hardware/idcard/text-block.js';
import { cp2110Framing, hidFamilyOf, plainFraming } from '../../../src/hardware/idcard/transport-hid.js';
import type { CardReader } from '../../../src/hardware/reader.js';
import { readReply, residentBlock } from './build.js';
import { until as waitUntil } from '../../wait.js';
import { watch } from './watch.js';

const ZHANG = residentBlock({ name: '张三', id: '11010519491231002X' });
const LI = residentBlock({ name: '李四', id: '440524188001010014' });

const until = (check: () => boolean, what: string, ms = 8000) => waitUntil(check, what, ms);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

let emu: EmulatedReader | undefined;
let reader: CardReader | undefined;
afterEach(async () => {
  await reader?.close();
  await emu?.close();
  reader = undefined;
  emu = undefined;
});

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

describe('poller against a misbehaving SAM', () => {
  const ZHANG_CARD = decodeTextBlock(ZHANG);
  const LI_CARD = decodeTextBlock(LI);

  it('line noise with forged preambles and absurd lengths never crashes it; the next card is still read', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      emu = await startEmulatedReader();
      reader = openReader(emu.target);
      const { cards } = watch(reader);
      await until(() => reader!.status().state === 'ok', 'the reader to be ready');
      const forged = [
        Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff), // length far beyond any reply
        Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x00), // length 0
        Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x08, 0x00, 0x00, 0x00), // a plausible length that never arrives: the poller must time out of it
        Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x9f, 0x00), // right length, wrong checksum
        Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256),
      ];
      for (const bytes of forged) await emu.inject(bytes);
      emu.present(ZHANG);
      await until(() => cards.length === 1, 'the card after the noise');
      expect(cards[0]?.name).toBe('张三');
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a reader that stops answering is reported, and ready again when it answers', async () => {
    emu = await startEmulatedReader();
    reader = openReader(emu.target);
    const { statuses } = watch(reader);
    await until(() => reader!.status().state === 'ok', 'the reader to be ready');
    emu.emulator.ignoreNext(9);
    await until(() => reader!.status().state === 'error', 'the silence to be reported');
    expect(reader.status().message).toMatch(/读卡器无应答/);
    await until(() => reader!.status().state === 'ok', 'the reader to answer again');
    expect(statuses.map((s) => s.state).slice(-2)).toEqual(['error', 'ok']);
  });

  it('find and select errors are not cards; the card is read once the SAM recovers', async () => {
    emu = await startEmulatedReader([ZHANG_CARD], { statuses: { select: 0x81 } });
    reader = openReader(emu.target);
    const { cards } = watch(reader);
    emu.present(0);
    await until(() => emu!.emulator.received.filter((c) => c === 'select').length >= 3, 'a few failed selects');
    emu.emulator.failNextCommand('find', 0x47);
    expect(cards).toEqual([]);
    delete emu.emulator.options.statuses?.select;
    await until(() => cards.length === 1, 'the card after the SAM recovers');
    expect(cards[0]?.idNumber).toBe('11010519491231002X');
  });

  it('plays a timeline of cards: each presented card once, in order, one command in flight', async () => {
    emu = await startEmulatedReader([ZHANG_CARD, LI_CARD], { timeline: cycleTimeline(2, 700, 300), fragment: 50 });
    reader = openReader(emu.target);
    const { cards } = watch(reader);
    await until(() => cards.length === 2, 'both cards of the timeline');
    expect(cards.map((c) => c.name)).toEqual(['张三', '李四']);
    expect(emu.emulator.received.filter((c) => c === 'read').length).toBeGreaterThanOrEqual(2);
    expect(emu.emulator.overlaps).toBe(0);
  });
});

describe('HID report framing', () => {
  it('cp2110 (AN434): the report id is the byte count; a whole read reply survives the round trip', () => {
    const reply = readReply(ZHANG);
    const framing = cp2110Framing();
    const reports = framing.toReports(reply);
    expect(reports.every((r) => r[0] === r.length - 1 && r.length <= 64)).toBe(true);
    expect(reports).toHaveLength(Math.ceil(reply.length / 63));
    const parser = new FrameParser();
    // input reports come back padded to 64 bytes, as the bridge sends them
    const events = reports.flatMap((r) => parser.push(framing.fromReport(Uint8Array.from([...r, ...new Array<number>(64 - r.length).fill(0xee)]))));
    expect(events).toHaveLength(1);
    expect(decodeReadPayload((events[0] as { payload: Uint8Array }).payload)).toMatchObject({ name: '张三' });
    expect(framing.fromReport(Uint8Array.of(0x42, 1, 2, 3))).toHaveLength(0); // not a data report
  });

  it('families: CP2110 by VID:PID, the other vendors by vendor id', () => {
    expect(hidFamilyOf(0x10c4, 0xea80)?.framing().name).toBe('cp2110');
    expect(hidFamilyOf(0x0483, 0x5750)?.framing().name).toBe('plain');
    expect(hidFamilyOf(0x046d, 0xc52b)).toBeUndefined();
  });
});
