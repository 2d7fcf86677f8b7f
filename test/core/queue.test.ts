import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { SEED_EVENT, at, client, failure, tmpDbFile, type TestContext } from './helpers.js';

const desk: TestContext = { actor: 'desk' };
const caller: TestContext = { actor: 'caller:A' };
const admin: TestContext = { actor: 'admin', pin: '1234' };

let kiosk: Kiosk | undefined;
let clock = at(9, 30);
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function setUp(n: number) {
  const file = tmpDbFile();
  clock = at(9, 30);
  kiosk = await openKiosk({ dbFile: file, now: () => clock });
  const h = client(kiosk);
  await h.importEvent(structuredClone(SEED_EVENT), admin);
  await h.updateSettings({ walkInsAllowed: true, deskStation: 'A' }, admin);
  for (let i = 1; i <= n; i++) await h.checkIn({ studentId: `S${String(i).padStart(3, '0')}` }, desk);
  return { h, file };
}

describe('queue', () => {
  it('calls in strict order; photographed / no-show / recall / repeat; every transition audited with actor and time', async () => {
    const { h, file } = await setUp(3);
    const live: LiveEvent[] = [];
    kiosk!.subscribe((e) => live.push(e));
    clock = at(9, 40);
    expect(await h.callNext({ station: 'A' }, caller)).toMatchObject({ ticket: '0001A', status: 'called', callCount: 1 });
    expect(live).toContainEqual({ type: 'ticket-called', ticket: '0001A', station: 'A', room: '7-115', repeat: 2 });
    // nothing is skipped silently: the ticket in front of the camera must be marked first
    const busy = await failure(h.callNext({ station: 'A' }, caller));
    expect(busy).toMatchObject({ kind: 'conflict', code: 'ticket-in-progress', details: { ticket: '0001A' } });
    expect(await h.repeatCall({ ticket: '0001A' }, caller)).toMatchObject({ status: 'called', callCount: 2 });
    expect(await h.photographed({ ticket: '0001a' }, caller)).toMatchObject({ status: 'photographed' });
    expect(await h.callNext({ station: 'A' }, caller)).toMatchObject({ ticket: '0002A' });
    expect(await h.noShow({ ticket: '0002A' }, caller)).toMatchObject({ status: 'no-show' });
    expect(await h.callNext({ station: 'A' }, caller)).toMatchObject({ ticket: '0003A' });
    // recall waits for the current ticket too
    expect(await failure(h.recall({ ticket: '0002A' }, caller))).toMatchObject({ code: 'ticket-in-progress' });
    await h.photographed({ ticket: '0003A' }, caller);
    expect(await h.recall({ ticket: '0002A' }, caller)).toMatchObject({ status: 'called', callCount: 2, finishedAt: null });
    await h.photographed({ ticket: '0002A' }, caller);
    expect(await failure(h.callNext({ station: 'A' }, caller))).toMatchObject({ kind: 'conflict', code: 'queue-empty' });

    const raw = new Database(file, { readonly: true });
    const trail = raw.prepare("SELECT action, actor, ticket, at FROM audit WHERE ticket = '0002A' ORDER BY id").all() as { action: string; actor: string; at: string }[];
    expect(trail.map((t) => t.action)).toEqual(['check-in', 'call', 'no-show', 'recall', 'photographed']);
    expect(trail.slice(1).every((t) => t.actor === 'caller:A' && t.at === at(9, 40).toISOString())).toBe(true);
    raw.close();
  });

  it('refuses illegal transitions in plain words', async () => {
    const { h } = await setUp(2);
    await h.callNext({ station: 'A' }, caller);
    await h.photographed({ ticket: '0001A' }, caller);
    expect((await failure(h.noShow({ ticket: '0001A' }, caller))).message).toBe('0001A is photographed; only a called ticket can be marked no-show');
    expect(await failure(h.recall({ ticket: '0002A' }, caller))).toMatchObject({ kind: 'conflict', code: 'illegal-transition' });
    expect(await failure(h.photographed({ ticket: '0002A' }, caller))).toMatchObject({ code: 'illegal-transition' });
    expect(await failure(h.cancelTicket({ ticket: '0001A' }, admin))).toMatchObject({ code: 'illegal-transition' });
    expect(await failure(h.photographed({ ticket: '0042A' }, caller))).toMatchObject({ kind: 'not-found', code: 'unknown-ticket' });
    expect(await failure(h.callNext({ station: 'Z' }, caller))).toMatchObject({ kind: 'not-found', code: 'unknown-station' });
    expect(await failure(h.getQueue({ station: 'Z' }, caller))).toMatchObject({ code: 'unknown-station' });
  });

  it('a cancelled ticket is skipped by call-next; the queue lists tickets in order', async () => {
    const { h } = await setUp(3);
    await h.cancelTicket({ ticket: '0001A' }, admin);
    expect((await h.callNext({ station: 'A' }, caller)).ticket).toBe('0002A');
    const q = await h.getQueue({ station: 'A' }, caller);
    expect(q.tickets.map((t) => [t.ticket, t.status])).toEqual([
      ['0001A', 'cancelled'],
      ['0002A', 'called'],
      ['0003A', 'waiting'],
    ]);
    expect((await h.checkIn({ studentId: 'S009' }, desk)).position).toBe(2);
  });

  it('admin operations need the PIN; the PIN can be changed', async () => {
    const { h } = await setUp(0);
    expect(await failure(h.updateSettings({ walkInsAllowed: false }, desk))).toMatchObject({ kind: 'unauthorized', code: 'bad-pin' });
    expect(await h.verifyPin({}, { ...desk, pin: '1234' })).toEqual({ ok: true, defaultPin: true });
    await h.updateSettings({ adminPin: '8642' }, admin);
    expect(await failure(h.verifyPin({}, { ...desk, pin: '1234' }))).toMatchObject({ kind: 'unauthorized', code: 'bad-pin' });
    expect(await failure(h.importEvent(structuredClone(SEED_EVENT), admin))).toMatchObject({ code: 'bad-pin' });
    expect(await h.getSettings({}, desk)).toMatchObject({ walkInsAllowed: true, deskStation: 'A', voiceRepeats: 2, paperWidth: 80, readerTarget: 'none', printerTarget: 'none' });
    expect(await h.updateSettings({ voiceRepeats: 3 }, { actor: 'admin', pin: '8642' })).toMatchObject({ voiceRepeats: 3 });
    // The admin pages' banner shows while the PIN is 1234, also when changed back to it.
    expect(await h.verifyPin({}, { ...desk, pin: '8642' })).toEqual({ ok: true, defaultPin: false });
    await h.updateSettings({ adminPin: '1234' }, { actor: 'admin', pin: '8642' });
    expect(await h.verifyPin({}, { ...desk, pin: '1234' })).toEqual({ ok: true, defaultPin: true });
  });

  it('fees: set per ticket, audited', async () => {
    const { h } = await setUp(1);
    expect(await h.setFeeStatus({ ticket: '0001A', feeStatus: 'paid' }, desk)).toMatchObject({ feeStatus: 'paid' });
  });

  it('a bad reader target is a bad input, never a raw error', async () => {
    const { h } = await setUp(0);
    expect(await failure(h.updateSettings({ readerTarget: 'carrier-pigeon' }, admin))).toMatchObject({ kind: 'bad-input' });
    expect((await h.getSettings({}, desk)).readerTarget).toBe('none');
  });
});
