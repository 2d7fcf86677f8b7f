// Card reads forwarded by a desk at another door: sealed to this kiosk,
// checked in once per key in the one sequence per station, seen live with
// the desk's name, audited as desk:<name>.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { sealCard, sealContext } from '../../src/core/desk-seal.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { at, client, failure, idNumber, tmpDbFile, type TestContext, seedDay } from './helpers.js';

const admin: TestContext = { actor: 'admin', pin: '1234' };
const desk: TestContext = { actor: 'desk', role: 'desk' };
const ID_JIA = idNumber('33010619990131002');
const ID_YI = idNumber('33010620000229001');
const ID_STRANGER = idNumber('11010519491231002');
const ROSTER = ['学号,姓名,学院,身份证号', `2019001,甲一,理学院,${ID_JIA}`, `2019002,乙二,纺织科学与工程学院（国际丝绸学院）,${ID_YI}`, '2019003,丙三,理学院,'].join('\n');

let kiosk: Kiosk | undefined;
let clock = at(9, 30);
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function setUp(file = tmpDbFile()) {
  clock = at(9, 30);
  kiosk = await openKiosk({ dbFile: file, now: () => clock });
  const h = client(kiosk);
  await seedDay(h, ROSTER);
  const live: LiveEvent[] = [];
  kiosk.subscribe((e) => live.push(e));
  const { key: sealKey } = await h.deskSealKey({}, desk);
  const sealed = (deskName: string, key: string, idNumber: string, name: string) => sealCard(sealKey, sealContext(deskName, key), { idNumber, name });
  return { h, file, live, sealed };
}

const KEY1 = 'read-0000000000000001';
const KEY2 = 'read-0000000000000002';

describe('forwarded card reads', () => {
  it('a sealed read checks in as desk:<name>; the verdict goes live with the desk name', async () => {
    const { h, live, sealed, file } = await setUp();
    const read = await h.forwardCard({ desk: '东门', key: KEY1, readAt: at(9, 29).toISOString(), sealed: sealed('东门', KEY1, ID_JIA, '甲一') }, desk);
    expect(read).toMatchObject({ key: KEY1, desk: '东门', late: false, replayed: false, readAt: at(9, 29).toISOString(), receivedAt: at(9, 30).toISOString() });
    expect(read.card).toMatchObject({ desk: '东门', name: '甲一', maskedId: `3301**********${ID_JIA.slice(-4)}`, idNumberValid: true, error: null, late: false });
    expect(read.card.result).toMatchObject({ ticket: '0001B', station: 'B', studentId: '2019001', position: 1, print: 'none' });
    expect(live.map((e) => e.type)).toEqual(['queue-changed', 'checked-in', 'card-seen']);
    expect(live.at(-1)).toEqual({ type: 'card-seen', card: read.card });

    // The server's own reader and the typed desk share the station's one sequence.
    expect((await h.checkIn({ studentId: '2019003' }, desk)).ticket).toBe('0002B');
    const audit = await h.exportFile({ kind: 'audit-csv' }, admin);
    const rows = Buffer.from(audit.base64, 'base64').toString('utf8').split(/\r?\n/);
    expect(rows.find((r) => r.includes('0001B') && r.includes('check-in'))).toMatch(/desk:东门.*""desk"":""东门"".*""readAt"":""/);
    // Only the masked number is kept.
    const blob = ['', '-wal'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s).toString('latin1')).join('');
    expect(blob.includes(ID_JIA)).toBe(false);
    expect(blob.includes(ID_JIA.slice(0, 17))).toBe(false);
  });

  it('the same key again is answered from the record: no second check-in, no second live event', async () => {
    const { h, live, sealed } = await setUp();
    const body = { desk: '东门', key: KEY1, sealed: sealed('东门', KEY1, ID_JIA, '甲一') };
    const first = await h.forwardCard(body, desk);
    const n = live.length;
    clock = at(9, 45);
    const again = await h.forwardCard(body, desk);
    expect(again).toMatchObject({ key: KEY1, replayed: true, receivedAt: at(9, 30).toISOString() });
    expect(again.card.result?.ticket).toBe(first.card.result?.ticket);
    expect(live).toHaveLength(n);
    expect((await h.getQueue({ station: 'B' }, desk)).tickets).toHaveLength(1);
    // A new key for the same card is a new read: the student already holds a ticket.
    const dup = await h.forwardCard({ desk: '东门', key: KEY2, sealed: sealed('东门', KEY2, ID_JIA, '甲一') }, desk);
    expect(dup.card).toMatchObject({ result: null, error: { error: 'already-checked-in', ticket: '0001B' } });
  });

  it('a stranger is answered not-on-roster, recorded so a resend gets the same answer', async () => {
    const { h, sealed, live } = await setUp();
    const body = { desk: '东门', key: KEY1, sealed: sealed('东门', KEY1, ID_STRANGER, '路人') };
    const read = await h.forwardCard(body, desk);
    expect(read.card).toMatchObject({ name: '路人', maskedId: `1101**********${ID_STRANGER.slice(-4)}`, result: null, error: { error: 'not-on-roster' } });
    expect(live.filter((e) => e.type === 'card-seen')).toHaveLength(1);
    expect((await h.forwardCard(body, desk)).card.error).toMatchObject({ error: 'not-on-roster' });
    await h.updateSettings({ walkInsAllowed: true }, admin);
    expect((await h.forwardCard(body, desk)).card.error).toMatchObject({ error: 'not-on-roster' });
  });

  it('a late read routes by the time the card was read; a read time in the future is taken as now', async () => {
    const { h, sealed } = await setUp();
    clock = at(10, 40); // 理学院 is at B until 10:30, then has no slot
    const late = await h.forwardCard({ desk: '东门', key: KEY1, readAt: at(10, 20).toISOString(), late: true, sealed: sealed('东门', KEY1, ID_JIA, '甲一') }, desk);
    expect(late).toMatchObject({ late: true, card: { late: true, result: { station: 'B', outsideSlot: false } } });
    const future = await h.forwardCard({ desk: '东门', key: KEY2, readAt: at(23, 0).toISOString(), sealed: sealed('东门', KEY2, ID_YI, '乙二') }, desk);
    expect(future.readAt).toBe(at(10, 40).toISOString());
  });

  it('refuses a read sealed for another key, moved to another desk or key, or holding no card; nothing is recorded', async () => {
    const { h, sealed } = await setUp();
    const otherKey = Buffer.alloc(32, 7).toString('base64url');
    const foreign = sealCard(otherKey, sealContext('东门', KEY1), { idNumber: ID_JIA, name: '甲一' });
    expect(await failure(h.forwardCard({ desk: '东门', key: KEY1, sealed: foreign }, desk))).toMatchObject({ code: 'bad-seal', kind: 'bad-input' });
    expect(await failure(h.forwardCard({ desk: '西门', key: KEY1, sealed: sealed('东门', KEY1, ID_JIA, '甲一') }, desk))).toMatchObject({ code: 'bad-seal' });
    expect(await failure(h.forwardCard({ desk: '东门', key: KEY2, sealed: sealed('东门', KEY1, ID_JIA, '甲一') }, desk))).toMatchObject({ code: 'bad-seal' });
    expect(await failure(h.forwardCard({ desk: '东门', key: KEY1, sealed: sealed('东门', KEY1, '123', '') }, desk))).toMatchObject({ code: 'bad-seal' });
    expect(await failure(h.forwardCard({ desk: '东 门', key: KEY1, idNumber: ID_JIA, name: '甲一' }, desk))).toMatchObject({ code: 'bad-request' });
    expect(await failure(h.forwardCard({ desk: '东门', key: 'short', idNumber: ID_JIA, name: '甲一' }, desk))).toMatchObject({ code: 'bad-request' });
    expect(await failure(h.forwardCard({ desk: '东门', key: KEY1, idNumber: ID_JIA, name: '甲一' }, { actor: 'display', role: 'display' }))).toMatchObject({
      code: 'forbidden-for-role',
    });
    expect((await h.getDesk({ desk: '东门' }, desk)).reads).toEqual([]);
    // In clear works too (a script on a trusted link); the record is the same.
    expect((await h.forwardCard({ desk: '东门', key: KEY1, idNumber: ID_JIA, name: '甲一' }, desk)).card.result?.ticket).toBe('0001B');
  });

  it("getDesk: the desk's recent reads newest first and what the forwarder last reported; reports go live", async () => {
    const { h, sealed, live } = await setUp();
    expect(await h.getDesk({ desk: '东门' }, desk)).toEqual({ desk: '东门', status: null, reads: [] });
    await h.forwardCard({ desk: '东门', key: KEY1, sealed: sealed('东门', KEY1, ID_JIA, '甲一') }, desk);
    clock = at(9, 31);
    await h.forwardCard({ desk: '东门', key: KEY2, sealed: sealed('东门', KEY2, ID_STRANGER, '路人') }, desk);
    await h.forwardCard({ desk: '西门', key: 'read-0000000000000003', sealed: sealed('西门', 'read-0000000000000003', ID_YI, '乙二') }, desk);
    const status = await h.reportDesk({ desk: '东门', pending: 2, reader: { state: 'ok', message: '读卡器已就绪' } }, desk);
    expect(status).toEqual({ desk: '东门', pending: 2, failed: 0, reader: { state: 'ok', message: '读卡器已就绪' }, seenAt: at(9, 31).toISOString() });
    expect(live.at(-1)).toEqual({ type: 'desk-status', status });
    const view = await h.getDesk({ desk: '东门' }, desk);
    expect(view.status).toEqual(status);
    expect(view.reads.map((r) => [r.key, r.card.result?.ticket ?? r.card.error?.error])).toEqual([
      [KEY2, 'not-on-roster'],
      [KEY1, '0001B'],
    ]);
  });
});
