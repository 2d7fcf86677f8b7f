import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { at, client, failure, idNumber, tmpDbFile, type TestContext, seedDay } from './helpers.js';

const desk: TestContext = { actor: 'desk' };
const admin: TestContext = { actor: 'admin', pin: '1234' };
const ID_JIA = idNumber('33010619990131002');
const ID_YI = idNumber('33010620000229001');

const ROSTER = [
  '学号,姓名,学院,身份证号,已有照片',
  `2019001,甲一,理学院,${ID_JIA},否`,
  `2019002,乙二,纺织科学与工程学院（国际丝绸学院）,${ID_YI},是`,
  '2019003,丙三,信息学院,,否',
  '2019004,王五,无时段学院,,否',
  '2019005,同名,理学院,,否',
  '2019006,同名,理学院,,否',
].join('\n');

let kiosk: Kiosk | undefined;
let clock = at(9, 30);
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function setUp(file = tmpDbFile()) {
  clock = at(9, 30);
  kiosk = await openKiosk({ dbFile: file, now: () => clock });
  await seedDay(client(kiosk), ROSTER);
  return { h: client(kiosk), file };
}

describe('check-in', () => {
  it('by student ID routes by the slot covering now and numbers per station', async () => {
    const { h } = await setUp();
    const live: LiveEvent[] = [];
    kiosk!.subscribe((e) => live.push(e));
    const a = await h.checkIn({ studentId: '2019001' }, desk);
    expect(a).toMatchObject({ ticket: '0001B', station: 'B', room: '7-119', name: '甲一', college: '理学院', position: 1, outsideSlot: false, exempt: false, feeStatus: 'unpaid', print: 'none' });
    const b = await h.checkIn({ idNumber: ID_YI, name: '乙二' }, desk);
    expect(b).toMatchObject({ ticket: '0001A', station: 'A', exempt: true, feeStatus: 'exempt', maskedId: '3301**********' + ID_YI.slice(-4) });
    expect(live.map((e) => e.type)).toEqual(['queue-changed', 'checked-in', 'queue-changed', 'checked-in']);
  });

  it('outside the slot: the next slot of the college, flagged; no slot: first station, flagged; deskStation overrides', async () => {
    const { h } = await setUp();
    clock = at(8, 0);
    expect(await h.checkIn({ studentId: '2019003' }, desk)).toMatchObject({ ticket: '0001A', outsideSlot: true });
    clock = at(17, 0);
    expect(await h.checkIn({ studentId: '2019001' }, desk)).toMatchObject({ station: 'B', outsideSlot: true });
    expect(await h.checkIn({ studentId: '2019004' }, desk)).toMatchObject({ ticket: '0002A', outsideSlot: true });
    await h.updateSettings({ deskStation: 'B' }, admin);
    clock = at(9, 10);
    expect(await h.checkIn({ idNumber: ID_YI, name: '乙二' }, desk)).toMatchObject({ ticket: '0002B', outsideSlot: false });
  });

  it('a second check-in returns the same ticket as already-checked-in and is audited as duplicate', async () => {
    const { h, file } = await setUp();
    await h.checkIn({ idNumber: ID_JIA, name: '甲一' }, desk);
    const err = await failure(h.checkIn({ studentId: '2019001' }, desk));
    expect(err).toMatchObject({ kind: 'conflict', code: 'already-checked-in', details: { ticket: '0001B' } });
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare("SELECT ticket, actor FROM audit WHERE action = 'duplicate'").all()).toEqual([{ ticket: '0001B', actor: 'desk' }]);
    raw.close();
  });

  it('a card whose name differs from the roster is still the student, and audited', async () => {
    const { h, file } = await setUp();
    expect(await h.checkIn({ idNumber: ID_JIA.toLowerCase(), name: '甲壹' }, desk)).toMatchObject({ studentId: '2019001', name: '甲一' });
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare("SELECT detail FROM audit WHERE action = 'name-mismatch'").get()).toEqual({ detail: JSON.stringify({ rosterName: '甲一', cardName: '甲壹' }) });
    raw.close();
  });

  it('a card matches by unique name when the roster lacks the ID number, and learns it; an ambiguous name is refused', async () => {
    const { h } = await setUp();
    const id = idNumber('11010119990101123');
    expect(await h.checkIn({ idNumber: id, name: '丙三' }, desk)).toMatchObject({ studentId: '2019003', maskedId: '1101**********' + id.slice(-4) });
    expect(await failure(h.checkIn({ idNumber: id, name: '别名' }, desk))).toMatchObject({ code: 'already-checked-in' });
    expect(await failure(h.checkIn({ idNumber: idNumber('11010119990101124'), name: '同名' }, desk))).toMatchObject({ kind: 'conflict', code: 'ambiguous-name' });
  });

  it('not on the roster: not-on-roster, unless walk-ins are allowed', async () => {
    const { h } = await setUp();
    const stranger = idNumber('44030419980808123');
    expect(await failure(h.checkIn({ studentId: '9999999' }, desk))).toMatchObject({ kind: 'not-found', code: 'not-on-roster' });
    expect(await failure(h.checkIn({ idNumber: stranger, name: '路人' }, desk))).toMatchObject({ kind: 'not-found', code: 'not-on-roster' });
    await h.updateSettings({ walkInsAllowed: true }, admin);
    expect(await h.checkIn({ idNumber: stranger, name: '路人' }, desk)).toMatchObject({ walkIn: true, studentId: `W-4403**********${stranger.slice(-4)}`, name: '路人', college: '现场登记' });
    expect(await h.checkIn({ studentId: '9999999' }, desk)).toMatchObject({ walkIn: true, studentId: '9999999' });
    expect(await failure(h.checkIn({ idNumber: stranger, name: '路人' }, desk))).toMatchObject({ code: 'already-checked-in' });
  });

  it('keeps the scanned code and the fee default', async () => {
    const { h, file } = await setUp();
    await h.updateSettings({ feeDefault: 'paid' }, admin);
    expect(await h.checkIn({ studentId: '2019001', scannedCode: 'CHSI:ABC123', method: 'scan' }, desk)).toMatchObject({ feeStatus: 'paid' });
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT scanned_code, method FROM tickets').get()).toEqual({ scanned_code: 'CHSI:ABC123', method: 'scan' });
    raw.close();
  });

  it('numbers are gapless per station and never reused after a cancel', async () => {
    const { h } = await setUp();
    await h.updateSettings({ walkInsAllowed: true, deskStation: 'A' }, admin);
    const issued: string[] = [];
    for (let i = 0; i < 5; i++) issued.push((await h.checkIn({ studentId: `W${i}00` }, desk)).ticket);
    expect(issued).toEqual(['0001A', '0002A', '0003A', '0004A', '0005A']);
    expect(await failure(h.cancelTicket({ ticket: '0005A' }, { ...desk, pin: '0000' }))).toMatchObject({ kind: 'unauthorized', code: 'bad-pin' });
    expect(await h.cancelTicket({ ticket: '0005A', reason: 'wrong person' }, { ...desk, pin: '1234' })).toMatchObject({ status: 'cancelled' });
    // the same student may check in again; the number moves on
    expect((await h.checkIn({ studentId: 'W400' }, desk)).ticket).toBe('0006A');
    expect((await h.checkIn({ studentId: 'W500' }, desk)).ticket).toBe('0007A');
    expect((await h.checkIn({ studentId: '2019001' }, desk)).ticket).toBe('0008A');
  });

  it('the 10,000th check-in at a station fails instead of wrapping', async () => {
    const { h, file } = await setUp();
    const raw = new Database(file);
    const now = new Date().toISOString();
    const ev = (raw.prepare('SELECT id FROM events').get() as { id: number }).id;
    const stu = raw.prepare("INSERT INTO students(event_id, student_id, name, college, created_at, updated_at) VALUES (?, ?, 'x', '理学院', ?, ?)");
    const tic = raw.prepare("INSERT INTO tickets(event_id, station_code, seq, ticket, student, status, method, fee_status, checked_in_at) VALUES (?, 'B', ?, ?, ?, 'photographed', 'manual', 'unpaid', ?)");
    raw.transaction(() => {
      for (let seq = 1; seq <= 9998; seq++) {
        const sid = stu.run(ev, `F${seq}`, now, now).lastInsertRowid;
        tic.run(ev, seq, `${String(seq).padStart(4, '0')}B`, sid, now);
      }
    })();
    raw.close();
    expect((await h.checkIn({ studentId: '2019001' }, desk)).ticket).toBe('9999B');
    const err = await failure(h.checkIn({ studentId: '2019005' }, desk));
    expect(err).toMatchObject({ kind: 'conflict', code: 'station-full' });
    expect(err.message).toMatch(/station B has issued all 9999 ticket numbers/);
  });

  it('needs an active event', async () => {
    kiosk = await openKiosk({ dbFile: tmpDbFile() });
    expect(await failure(client(kiosk).checkIn({ studentId: '1' }, desk))).toMatchObject({ code: 'no-active-event' });
  });
});
