// The codec both ways (every layout), the demo roster, reader targets, HID
// report framing, and the poller on an in-memory link that talks nonsense.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdCard } from '../../../src/hardware/idcard/card.js';
import { decodeReplyFrame } from '../../../src/hardware/idcard/capture.js';
import { DEMO_STUDENTS, demoCard, demoRosterCsv } from '../../../src/hardware/idcard/demo-cards.js';
import { SamEmulator, type EmulatorOptions } from '../../../src/hardware/idcard/emulator/sam-emulator.js';
import { FrameParser, encodeFrame } from '../../../src/hardware/idcard/frame.js';
import { parseReaderTarget } from '../../../src/hardware/idcard/open-reader.js';
import { pollReader } from '../../../src/hardware/idcard/poller.js';
import { textBlockOf } from '../../../src/hardware/idcard/text-block.js';
import type { ReaderTransport } from '../../../src/hardware/idcard/transport.js';
import { plainFraming } from '../../../src/hardware/idcard/transport-hid.js';
import type { CardReader } from '../../../src/hardware/reader.js';
import { isValidIdNumber } from '../../../src/shared/id-number.js';
import { readReply } from './build.js';
import { until as waitUntil } from '../../wait.js';

const frameOf = (card: IdCard) => readReply(Buffer.from(textBlockOf(card)));

// Field text as cards print it: no padding at the ends, inner spaces and · allowed.
const chars = fc.constantFrom(...'张王李赵欧阳买提阿依古丽ABCXYZ ·'.split(''));
const text = (max: number) =>
  fc
    .array(chars, { minLength: 1, maxLength: max })
    .map((a) => a.join('').trim())
    .filter((s) => s.length > 0);
const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const gender = fc.constantFrom('男', '女', '未知', '未说明' as const);
const idNumber = fc.stringMatching(/^\d{17}[\dX]$/);

const resident = fc.record({
  cardType: fc.constant('resident' as const),
  name: text(15),
  gender,
  nation: fc.constantFrom('汉', '回', '维吾尔', '基诺', '其他', '外国血统'),
  birthDate: date,
  address: text(35),
  idNumber,
  issuer: text(15),
  validFrom: date,
  validUntil: fc.oneof(date, fc.constant('长期')),
});
const gat = fc.record({
  cardType: fc.constant('gat' as const),
  name: text(15),
  gender,
  birthDate: date,
  address: text(35),
  idNumber,
  issuer: text(15),
  validFrom: date,
  validUntil: date,
  passNumber: fc.stringMatching(/^[HM]\d{8}$/),
  issueCount: fc.stringMatching(/^\d{2}$/),
});
const foreign = fc.record({
  cardType: fc.constant('foreign' as const),
  name: text(60),
  gender,
  birthDate: date,
  idNumber: fc.oneof(fc.stringMatching(/^[A-Z]{3}\d{12}$/), fc.stringMatching(/^[A-Z0-9]{1,15}$/)),
  issuer: fc.stringMatching(/^\d{4}$/),
  validFrom: date,
  validUntil: date,
  chineseName: text(15),
  nationality: fc.stringMatching(/^[A-Z]{3}$/),
});

describe('text block both ways', () => {
  it('any resident, residence-permit or foreigner card survives encode → frame → decode unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(resident, gat, foreign), (drawn) => {
        // which foreign layout was used is bookkeeping, not a field of the card
        const { permitVersion: _layout, ...card } = decodeReplyFrame(frameOf(drawn as IdCard)) as IdCard & { permitVersion?: string };
        const expected: IdCard = { ...(drawn as IdCard), idNumberValid: drawn.cardType === 'foreign' ? /^[A-Z]{3}\d{12}$/.test(drawn.idNumber) : isValidIdNumber(drawn.idNumber) };
        if (drawn.cardType !== 'resident') expected.nation = null;
        expect(card).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('demo cards', () => {
  it('every demo student has a valid ID number, decodes back from a reader frame, and is on the demo roster', () => {
    const rows = demoRosterCsv().trim().split('\n');
    expect(rows[0]).toBe('学号,姓名,学院,身份证号');
    expect(rows).toHaveLength(DEMO_STUDENTS.length + 1);
    expect(DEMO_STUDENTS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(DEMO_STUDENTS.map((s) => s.idNumber)).size).toBe(DEMO_STUDENTS.length);
    for (const s of DEMO_STUDENTS) {
      expect(isValidIdNumber(s.idNumber), s.name).toBe(true);
      expect(decodeReplyFrame(frameOf(demoCard(s)))).toMatchObject({ name: s.name, idNumber: s.idNumber, idNumberValid: true, birthDate: s.birthDate });
      expect(rows).toContain(`${s.studentId},${s.name},${s.college},${s.idNumber}`);
    }
  });
});

describe('reader targets', () => {
  it('parses every accepted form', () => {
    expect(parseReaderTarget('serial:/dev/ttyUSB0')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baud: 115200 });
    expect(parseReaderTarget('serial:COM3?baud=9600')).toEqual({ kind: 'serial', path: 'COM3', baud: 9600 });
    expect(parseReaderTarget('hid:0483:5750')).toEqual({ kind: 'hid', vendorId: 0x0483, productId: 0x5750 });
    expect(parseReaderTarget('demo')).toEqual({ kind: 'demo' });
    expect(parseReaderTarget('none')).toEqual({ kind: 'none' });
    expect(() => parseReaderTarget('hid:0483')).toThrow(/unknown reader target "hid:0483".*hid:VID:PID.*demo, none/);
  });
});

describe('HID plain framing', () => {
  it('a whole read reply cut into 64-byte reports comes back out of the frame parser exactly once', () => {
    const frame = frameOf(demoCard(DEMO_STUDENTS[0]!));
    const framing = plainFraming();
    const reports = framing.toReports(frame);
    expect(reports.every((r) => r.length === 64 && r[0] === 0)).toBe(true);
    expect(reports).toHaveLength(Math.ceil(frame.length / 63));
    // a device echoes the same layout back: strip the report id as node-hid does not
    const parser = new FrameParser();
    const frames = reports.flatMap((r) => parser.push(framing.fromReport(Uint8Array.from(r.slice(1)))));
    expect(frames.map((e) => e.type)).toEqual(['frame']);
    expect(Buffer.from(frames[0]?.type === 'frame' ? frames[0].payload : [])).toEqual(Buffer.from(frame.subarray(7, -1)));
  });
});

/** A link in memory: what the poller writes goes to `answer`, what it returns comes back. */
function memoryLink(answer: (command: Uint8Array, reply: (b: Uint8Array) => void) => void): ReaderTransport {
  const data: ((b: Uint8Array) => void)[] = [];
  return {
    target: 'memory',
    open: async () => {},
    write: async (bytes) => answer(bytes, (b) => setImmediate(() => data.forEach((l) => l(b)))),
    onData: (l) => void data.push(l),
    onClose: () => {},
    close: async () => {},
  };
}

/** A SAM emulator answering the poller over a memory link; `delayMs` may hold a reply back (chosen by the reply). */
function samOnLink(options?: EmulatorOptions, delayMs: (reply: Uint8Array) => number = () => 0) {
  let deliver: (b: Uint8Array) => void = () => {};
  const emulator = new SamEmulator((b) => {
    const to = deliver;
    const ms = delayMs(b);
    if (ms > 0) setTimeout(() => to(b), ms);
    else to(b);
  }, options);
  const link = memoryLink((cmd, reply) => {
    deliver = reply;
    void emulator.receive(cmd);
  });
  return { emulator, link };
}

let reader: CardReader | undefined;
afterEach(async () => {
  await reader?.close();
  reader = undefined;
});
const until = (check: () => boolean, what: string) => waitUntil(check, what, 8000, 10);

describe('poller on an in-memory link', () => {
  it('answers of random bytes (and near-frames) never produce a card nor an unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      // every possible status, bad lengths, bad checksums, plain noise
      const replies = fc.sample(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 40 })).map(([sw3, d]) => encodeFrame(Uint8Array.from([0, 0, sw3, ...d]))),
          fc.uint8Array({ minLength: 1, maxLength: 40 }).map((d) => Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, ...d])),
        ),
        400,
      );
      let answered = 0;
      reader = pollReader(
        () =>
          memoryLink((_cmd, reply) => {
            const r = replies[answered++ % replies.length];
            if (r) reply(r);
          }),
        { intervalMs: 1, errorBackoffMs: 1, findTimeoutMs: 5, readTimeoutMs: 5 },
      );
      const cards: IdCard[] = [];
      reader.onCard((c) => cards.push(c));
      await until(() => answered >= 400, 'the poller to hear every nonsense reply');
      expect(cards).toEqual([]);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a card listener that throws neither stops the polling nor hides the next card', async () => {
    const { emulator, link } = samOnLink();
    reader = pollReader(() => link, { intervalMs: 1, findTimeoutMs: 50, readTimeoutMs: 200 });
    const seen: string[] = [];
    const states: string[] = [];
    reader.onStatus((st) => states.push(st.state));
    reader.onCard((c) => {
      seen.push(c.name);
      if (seen.length === 1) throw new Error('check-in failed');
    });
    const [first, second] = [demoCard(DEMO_STUDENTS[0]!), demoCard(DEMO_STUDENTS[1]!)];
    emulator.present(textBlockOf(first));
    await until(() => seen.length === 1, 'the first card');
    emulator.present(textBlockOf(second));
    await until(() => seen.length === 2, 'the second card after a failing listener');
    expect(seen).toEqual([first.name, second.name]);
    // the failure is the listener's, not the reader's: never shown as a bad read
    expect(states).not.toContain('error');
    expect(reader.status().state).toBe('ok');
  });

  it('a read answered after its timeout still yields the card, once (the reader says "already read" afterwards)', async () => {
    // a slow SAM: the long read reply comes 150 ms late, after the 30 ms read timeout
    const { emulator, link } = samOnLink(undefined, (b) => (b.length > 500 ? 150 : 0));
    reader = pollReader(() => link, { intervalMs: 1, findTimeoutMs: 50, readTimeoutMs: 30 });
    const seen: string[] = [];
    reader.onCard((c) => seen.push(c.idNumber));
    const card = demoCard(DEMO_STUDENTS[2]!);
    emulator.present(textBlockOf(card));
    await until(() => seen.length === 1, 'the late card');
    await new Promise((r) => setTimeout(r, 300)); // many more polls of the held card
    expect(seen).toEqual([card.idNumber]);
  });

  it('blank card data is never a card: the status says so, and the real card is read when it is put back', async () => {
    const { emulator, link } = samOnLink();
    reader = pollReader(() => link, { intervalMs: 1, findTimeoutMs: 50, readTimeoutMs: 200 });
    const seen: IdCard[] = [];
    const messages: string[] = [];
    reader.onCard((c) => seen.push(c));
    reader.onStatus((st) => messages.push(st.message));
    emulator.present(new Uint8Array(256)); // all zeros
    await until(() => messages.some((m) => /空白的证件数据/.test(m)), 'the blank read to be reported');
    emulator.present(Buffer.from(' '.repeat(128), 'utf16le')); // all spaces
    await until(() => emulator.received.filter((c) => c === 'read').length >= 2, 'the second blank read');
    expect(seen).toEqual([]);
    const card = demoCard(DEMO_STUDENTS[3]!);
    emulator.present(textBlockOf(card));
    await until(() => seen.length === 1, 'the real card');
    expect(seen[0]?.idNumber).toBe(card.idNumber);
  });

  it('a SAM answering with a fault is named in the status and asked less often until it recovers', async () => {
    const { emulator, link } = samOnLink({ statuses: { find: 0x47 } });
    reader = pollReader(() => link, { intervalMs: 1, errorBackoffMs: 200, findTimeoutMs: 50, readTimeoutMs: 200, faultHoldMs: 0 });
    const seen: IdCard[] = [];
    reader.onCard((c) => seen.push(c));
    await until(() => reader!.status().state === 'error', 'the fault to be shown');
    expect(reader.status().message).toBe('读卡器报错：取随机数失败（状态 47）');
    const before = emulator.received.length;
    await new Promise((r) => setTimeout(r, 1000));
    // polled every 1 ms it would ask hundreds of times; backed off to 200 ms, a handful
    expect(emulator.received.length - before).toBeLessThan(15);
    delete emulator.options.statuses?.find;
    await until(() => reader!.status().state === 'ok', 'ready again once the SAM answers well');
    const card = demoCard(DEMO_STUDENTS[4]!);
    emulator.present(textBlockOf(card));
    await until(() => seen.length === 1, 'the card after recovery');
  });
});
