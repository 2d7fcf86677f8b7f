// The IPC adapter against a fake ipcMain and fake senders (Electron is never
// launched), over the real core on a temporary SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { channelOf, registerIpc, screenOf, type InvokeEvent, type IpcMainLike, type LiveSender, type RegisteredIpc } from '../../src/main/ipc.js';
import { isAppUrl } from '../../src/main/security.js';
import { KIOSK_EXIT_URL, MOVE_DISPLAY_URL, registerKioskExit } from '../../src/main/kiosk-exit.js';
import { startServer } from '../../src/server/server.js';
import { contract, IPC_CHANNEL_PREFIX, KIOSK_EXIT_CHANNEL, LIVE_CHANNEL, SUBSCRIBE_LIVE_CHANNEL, type CallContext, type IpcReply } from '../../src/shared/contract.js';
import type { LiveEvent } from '../../src/shared/types.js';

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown;

/** Records handle() registrations and lets a test invoke them like ipcRenderer.invoke would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(event: InvokeEvent, channel: string, ...args: unknown[]): Promise<IpcReply<unknown>> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    // Electron structured-clones replies; so do we, so nothing non-cloneable slips through.
    return structuredClone(await listener(event, ...args)) as IpcReply<unknown>;
  }
}

let nextSenderId = 1;
class FakeSender implements LiveSender {
  readonly id = nextSenderId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  private onDestroyed: (() => void)[] = [];
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.onDestroyed.push(listener);
  }
  destroy(): void {
    this.destroyed = true;
    this.onDestroyed.forEach((l) => l());
  }
}

const frameAt = (url: string, sender = new FakeSender()): InvokeEvent => ({ senderFrame: { url }, sender });
const DESK = 'app://swipequeue/index.html#/desk';
const ADMIN = 'app://swipequeue/index.html#/admin';
const EVENT_FILE = {
  name: '2021届研究生毕业图像采集',
  date: '2020-12-21',
  feeYuan: 20,
  stations: [{ code: 'A', room: '7-115' }],
  slots: [],
};

let dir: string;
let kiosk: Kiosk;
let ipcMain: FakeIpcMain;
let ipc: RegisteredIpc;
const logged: unknown[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sq-ipc-'));
  kiosk = await openKiosk({ dbFile: join(dir, 'swipequeue.db'), reader: 'none', printer: 'none' });
  ipcMain = new FakeIpcMain();
  logged.length = 0;
  ipc = registerIpc(ipcMain, kiosk, { isTrustedSender: (frame) => isAppUrl(frame?.url), logError: (_m, e) => logged.push(e) });
});

afterEach(async () => {
  ipc.dispose();
  await kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('registerIpc', () => {
  it('registers one handler per operation of the contract, plus the live subscription, nothing else', () => {
    const expected = Object.keys(contract).map((op) => `${IPC_CHANNEL_PREFIX}${op}`);
    expect(expected.length).toBeGreaterThan(20);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...expected, SUBSCRIBE_LIVE_CHANNEL].sort());
  });

  it('answers a call from the app page with the value in an envelope', async () => {
    const reply = await ipcMain.invoke(frameAt(DESK), channelOf('health'), {});
    expect(reply).toEqual({ ok: true, value: { ok: true, version: expect.any(String) } });
    // No event imported yet: null travels as a value.
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('getEvent'))).toEqual({ ok: true, value: null });
  });

  it.each([
    ['a remote page', 'https://evil.example/#/desk'],
    ['a file:// page', 'file:///home/user/index.html#/desk'],
    ['another custom host', 'app://elsewhere/index.html'],
    ['a look-alike host', 'app://swipequeue.evil.example/index.html'],
    ['an empty URL', ''],
  ])('refuses a call from %s with forbidden, without touching the data', async (_what, url) => {
    const reply = await ipcMain.invoke(frameAt(url), channelOf('importEvent'), EVENT_FILE, { pin: '1234' });
    expect(reply).toEqual({ ok: false, error: { error: 'forbidden', message: expect.stringContaining('refused') } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('getEvent'))).toEqual({ ok: true, value: null });
  });

  it('refuses a call whose frame is gone', async () => {
    const reply = await ipcMain.invoke({ senderFrame: null, sender: new FakeSender() }, channelOf('health'), {});
    expect(reply).toMatchObject({ ok: false, error: { error: 'forbidden' } });
  });

  it('refuses a bad payload with bad-request naming the field', async () => {
    const reply = await ipcMain.invoke(frameAt(DESK), channelOf('callNext'), { station: 'a1' });
    expect(reply).toEqual({ ok: false, error: { error: 'bad-request', message: expect.stringContaining('station'), issues: [{ path: ['station'], issue: 'format' }] } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('getQueue'), 'A')).toMatchObject({ ok: false, error: { error: 'bad-request' } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('health'), { extra: 1 })).toMatchObject({ ok: false, error: { error: 'bad-request' } });
  });

  it('words a bad input exactly as HTTP does (one mapping from errors to the wire)', async () => {
    const server = await startServer({ kiosk, host: '127.0.0.1', port: 0, logFile: null, rendererDir: null });
    try {
      for (const input of [{ studentId: 42 }, { idNumber: '1', name: '张三' }, { ticket: '0001A' }]) {
        const ipcReply = await ipcMain.invoke(frameAt(DESK), channelOf('checkIn'), input);
        const res = await fetch(`${server.url}/api/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
        expect(res.status).toBe(400);
        expect(ipcReply).toEqual({ ok: false, error: await res.json() });
      }
    } finally {
      await server.close();
    }
  });

  it('refuses malformed call options', async () => {
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('health'), {}, 'pin')).toMatchObject({ ok: false, error: { error: 'bad-request' } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('health'), {}, { pin: 1234 })).toMatchObject({ ok: false, error: { error: 'bad-request' } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('health'), {}, { token: 'x' })).toMatchObject({ ok: false, error: { error: 'bad-request' } });
  });

  it('passes the admin PIN to core, which refuses admin operations without it', async () => {
    const admin = 'app://swipequeue/index.html#/admin';
    expect(await ipcMain.invoke(frameAt(admin), channelOf('importEvent'), EVENT_FILE)).toMatchObject({ ok: false, error: { error: 'bad-pin' } });
    expect(await ipcMain.invoke(frameAt(admin), channelOf('importEvent'), EVENT_FILE, { pin: '0000' })).toMatchObject({ ok: false, error: { error: 'bad-pin' } });
    const imported = await ipcMain.invoke(frameAt(admin), channelOf('importEvent'), EVENT_FILE, { pin: '1234' });
    expect(imported.ok).toBe(true);
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('getEvent'))).toMatchObject({ ok: true, value: { name: EVENT_FILE.name } });
  });

  it('carries core error codes and details, not just a message', async () => {
    await ipcMain.invoke(frameAt(ADMIN), channelOf('importEvent'), EVENT_FILE, { pin: '1234' });
    const reply = await ipcMain.invoke(frameAt(DESK), channelOf('getTicket'), { ticket: '0042A' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.error).not.toBe('internal');
    expect(reply.error.message).toMatch(/0042A/);
  });

  it('turns an unexpected failure into a plain internal error and logs it', async () => {
    const failing = new FakeIpcMain();
    const broken = {
      ...kiosk,
      call: async () => {
        throw new TypeError('cannot read x of undefined');
      },
    };
    const reg = registerIpc(failing, broken, { isTrustedSender: (f) => isAppUrl(f?.url), logError: (_m, e) => logged.push(e) });
    const reply = await failing.invoke(frameAt(DESK), channelOf('getStats'), {});
    expect(reply).toMatchObject({ ok: false, error: { error: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('cannot read x');
    expect(logged).toHaveLength(1);
    reg.dispose();
  });

  it("takes the role and the audit actor from the window's screen; the app is one device for the PIN limit", async () => {
    const seen: CallContext[] = [];
    const spying = new FakeIpcMain();
    const spy = { ...kiosk, call: async (_name: string, _input: unknown, ctx: CallContext) => (seen.push(ctx), { ok: true }) };
    const reg = registerIpc(spying, spy as never, { isTrustedSender: (f) => isAppUrl(f?.url) });
    for (const route of ['#/desk', '#/caller/A', '#/display', '#/admin', '#/nowhere', '#/kiosk-exit']) {
      await spying.invoke(frameAt(`app://swipequeue/index.html${route}`), channelOf('health'), {});
    }
    expect(seen.map((c) => c.role)).toEqual(['desk', 'caller', 'display', 'admin', 'display', 'display']);
    expect(seen.map((c) => c.actor)).toEqual(['desk', 'caller:A', 'display', 'admin', 'display', 'display']);
    expect(new Set(seen.map((c) => c.device))).toEqual(new Set(['app']));
    expect(screenOf('app://swipequeue/')).toBe('display');
    reg.dispose();
  });

  it("refuses what the window's screen may not do, whatever PIN it holds", async () => {
    const display = 'app://swipequeue/index.html#/display';
    expect(await ipcMain.invoke(frameAt(display), channelOf('importEvent'), EVENT_FILE, { pin: '1234' })).toMatchObject({ ok: false, error: { error: 'forbidden-for-role' } });
    expect(await ipcMain.invoke(frameAt(display), channelOf('checkIn'), { studentId: '1' })).toMatchObject({ ok: false, error: { error: 'forbidden-for-role' } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('getEvent'))).toEqual({ ok: true, value: null });
  });

  it('limits wrong PINs like every transport: five in a row lock the app out of admin', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await ipcMain.invoke(frameAt(ADMIN), channelOf('verifyPin'), {}, { pin: `000${i}` })).toMatchObject({ ok: false, error: { error: 'bad-pin' } });
    }
    // The right PIN, from any window of the app, now waits too.
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('verifyPin'), {}, { pin: '1234' })).toMatchObject({ ok: false, error: { error: 'too-many-attempts', retryAfter: 300 } });
  });

  it('pushes live events to subscribed windows only, and forgets destroyed ones', async () => {
    const display = new FakeSender();
    const caller = new FakeSender();
    const bystander = new FakeSender();
    const foreign = new FakeSender();
    expect(await ipcMain.invoke(frameAt('app://swipequeue/index.html#/display', display), SUBSCRIBE_LIVE_CHANNEL)).toEqual({ ok: true, value: { subscribed: true } });
    await ipcMain.invoke(frameAt('app://swipequeue/index.html#/caller/A', caller), SUBSCRIBE_LIVE_CHANNEL);
    await ipcMain.invoke(frameAt('app://swipequeue/index.html#/caller/A', caller), SUBSCRIBE_LIVE_CHANNEL); // twice: still one subscription
    expect(await ipcMain.invoke(frameAt('https://evil.example/', foreign), SUBSCRIBE_LIVE_CHANNEL)).toMatchObject({ ok: false, error: { error: 'forbidden' } });
    expect(ipc.liveSubscribers()).toBe(2);

    await ipcMain.invoke(frameAt(ADMIN), channelOf('importEvent'), EVENT_FILE, { pin: '1234' });
    const changed = (s: FakeSender) => s.sent.filter((m) => m.channel === LIVE_CHANNEL).map((m) => (m.args[0] as LiveEvent).type);
    expect(changed(display)).toEqual(['event-changed']);
    expect(changed(caller)).toEqual(['event-changed']);
    expect(bystander.sent).toEqual([]);
    expect(foreign.sent).toEqual([]);

    caller.destroy();
    expect(ipc.liveSubscribers()).toBe(1);
    display.destroyed = true; // destroyed without the event reaching us yet: skipped, then dropped
    await ipcMain.invoke(frameAt(ADMIN), channelOf('updateSettings'), { voiceRepeats: 3 }, { pin: '1234' });
    expect(changed(display)).toEqual(['event-changed']);
    expect(ipc.liveSubscribers()).toBe(0);
  });

  it('dispose removes every handler and stops live forwarding', async () => {
    const display = new FakeSender();
    await ipcMain.invoke(frameAt('app://swipequeue/index.html#/display', display), SUBSCRIBE_LIVE_CHANNEL);
    ipc.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    await kiosk.call('importEvent', EVENT_FILE, { role: 'admin', actor: 'test', device: 'test', pin: '1234' });
    expect(display.sent).toEqual([]);
    ipc = registerIpc(ipcMain, kiosk, { isTrustedSender: () => true }); // afterEach disposes again
  });
});

describe('the kiosk-exit prompt (its own channel, the same guard)', () => {
  it('leaves kiosk mode on the right PIN, only from the prompt page, counting wrong PINs with the rest of the app', async () => {
    let left = 0;
    const stop = registerKioskExit(ipcMain, { checkPin: kiosk.checkPin, leave: () => left++ });
    const prompt = frameAt(KIOSK_EXIT_URL);
    const channel = KIOSK_EXIT_CHANNEL;
    expect(await ipcMain.invoke(frameAt(DESK), channel, '1234')).toMatchObject({ ok: false, error: { error: 'forbidden' } });
    expect(await ipcMain.invoke(prompt, channel, '0000')).toMatchObject({ ok: false, error: { error: 'bad-pin' } });
    expect(left).toBe(0);
    expect(await ipcMain.invoke(prompt, channel, '1234')).toEqual({ ok: true, value: { left: true } });
    expect(left).toBe(1);
    // Wrong PINs typed here and in the admin screen add up: the app is one device.
    for (let i = 0; i < 3; i++) await ipcMain.invoke(prompt, channel, `999${i}`);
    for (let i = 0; i < 2; i++) await ipcMain.invoke(frameAt(ADMIN), channelOf('verifyPin'), {}, { pin: `888${i}` });
    expect(await ipcMain.invoke(prompt, channel, '1234')).toMatchObject({ ok: false, error: { error: 'too-many-attempts' } });
    expect(left).toBe(1);
    stop();
  });

  it('shows or moves the display on the right PIN, from the same prompt', async () => {
    let left = 0;
    let moved = 0;
    const stop = registerKioskExit(ipcMain, { checkPin: kiosk.checkPin, leave: () => left++, moveDisplay: () => moved++ });
    const prompt = frameAt(MOVE_DISPLAY_URL);
    expect(await ipcMain.invoke(prompt, KIOSK_EXIT_CHANNEL, '0000', 'display')).toMatchObject({ ok: false, error: { error: 'bad-pin' } });
    expect(await ipcMain.invoke(frameAt(DESK), KIOSK_EXIT_CHANNEL, '1234', 'display')).toMatchObject({ ok: false, error: { error: 'forbidden' } });
    expect(moved).toBe(0);
    expect(await ipcMain.invoke(prompt, KIOSK_EXIT_CHANNEL, '1234', 'display')).toEqual({ ok: true, value: { moved: true } });
    expect({ left, moved }).toEqual({ left: 0, moved: 1 });
    stop();
  });
});
