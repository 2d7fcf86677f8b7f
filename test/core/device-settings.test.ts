// The admin's device settings through the kiosk's door: the reader test takes
// the next card from the SAM emulator on a socat pty, shows it masked and checks
// nobody in; reader and printer discovery answer lists of targets the kiosk opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { startEmulatedReader, type EmulatedReader } from '../../src/hardware/idcard/emulator/pty-reader.js';
import { parseReaderTarget } from '../../src/hardware/idcard/open-reader.js';
import { parsePrinterTarget } from '../../src/hardware/printer/open-printer.js';
import type { CardSeen, LiveEvent } from '../../src/shared/types.js';
import { residentBlock } from '../hardware/idcard/build.js';
import { until } from '../wait.js';
import { SEED_EVENT, client, failure, idNumber, tmpDbFile, type Client } from './helpers.js';

const admin = { actor: 'admin', pin: '1234' };
const student = { name: '张三丰', id: idNumber('33010219980101001') };

describe('reader test and device discovery', () => {
  let reader: EmulatedReader;
  /** Lifts the card and waits for the poller to ask again, so it knows the reader is empty. */
  const lift = async () => {
    reader.lift();
    const asked = reader.emulator.received.length;
    await until(() => reader.emulator.received.slice(asked).includes('find'), 'the poller to see the empty reader');
  };
  let kiosk: Kiosk;
  let api: Client;
  const seen: CardSeen[] = [];

  beforeAll(async () => {
    reader = await startEmulatedReader();
    kiosk = await openKiosk({ dbFile: tmpDbFile(), reader: `serial:${reader.path}?baud=115200`, printer: 'none' });
    kiosk.subscribe((e: LiveEvent) => {
      if (e.type === 'card-seen') seen.push(e.card);
    });
    api = client(kiosk);
    await api.importEvent(SEED_EVENT, admin);
    await api.importRoster(
      { fileName: 'r.csv', contentBase64: Buffer.from(`学号,姓名,学院,身份证号\n2020001,${student.name},理学院,${student.id}\n`).toString('base64') },
      admin,
    );
  });
  afterAll(async () => {
    await kiosk?.close();
    await reader?.close();
  });

  it('takes the next card, answers it masked, and checks nobody in', async () => {
    const test = api.testReader({ seconds: 30 }, admin);
    reader.present(residentBlock({ name: student.name, id: student.id }));
    const got = await test;
    await lift();
    expect(got.card).toEqual({ maskedName: '张*丰', maskedId: `${student.id.slice(0, 4)}**********${student.id.slice(-4)}`, idNumberValid: true });
    expect(JSON.stringify(got)).not.toContain(student.id);
    expect(seen).toEqual([]);
    expect((await api.searchStudents({ query: '2020001' }, admin))[0]?.ticket).toBeNull();
  });

  it('after the test, the next card checks in as usual', async () => {
    reader.present(residentBlock({ name: student.name, id: student.id }));
    await until(() => seen.length > 0, 'the card to check in', 20_000);
    await lift();
    expect(seen[0]?.result?.studentId).toBe('2020001');
  });

  it('answers no card when none is presented in time', async () => {
    expect(await api.testReader({ seconds: 1 }, admin)).toEqual({ card: null, waited: 1 });
  });

  it('needs the admin role and PIN', async () => {
    expect((await failure(api.testReader({}, { actor: 'desk', role: 'desk' }))).code).toBe('forbidden-for-role');
    expect((await failure(api.findReaders({}, { actor: 'admin' }))).code).toBe('bad-pin');
    expect((await failure(api.findPrinters({}, { actor: 'admin', pin: '9999' }))).code).toBe('bad-pin');
  });

  it('finds readers and printers as targets the kiosk can open, the pty among the serial ports or not', async () => {
    const readers = await api.findReaders({}, admin);
    const printers = await api.findPrinters({}, admin);
    for (const c of readers) expect(() => parseReaderTarget(c.target), c.target).not.toThrow();
    for (const c of printers) expect(() => parsePrinterTarget(c.target), c.target).not.toThrow();
    expect(readers.every((c) => c.kind === 'serial' || c.kind === 'hid')).toBe(true);
  });
});
