// The IPC adapter against a fake ipcMain and fake senders (Electron is never
// launched), over the real core on a temporary SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { actorOf, channelOf, registerIpc, SUBSCRIBE_LIVE_CHANNEL, type InvokeEvent, type IpcMainLike, type LiveSender, type RegisteredIpc } from '../../src/main/ipc.js';
import { isAppUrl } from '../../src/main/security.js';
import { contract, IPC_CHANNEL_PREFIX, LIVE_CHANNEL, type IpcReply } from '../../src/shared/contract.js';
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
    expect(reply).toEqual({ ok: false, error: { error: 'bad-request', message: expect.stringContaining('station') } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('getQueue'), 'A')).toMatchObject({ ok: false, error: { error: 'bad-request' } });
    expect(await ipcMain.invoke(frameAt(DESK), channelOf('health'), { extra: 1 })).toMatchObject({ ok: false, error: { error: 'bad-request' } });
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
    await ipcMain.invoke(frameAt(DESK), channelOf('importEvent'), EVENT_FILE, { pin: '1234' });
    const reply = await ipcMain.invoke(frameAt(DESK), channelOf('getTicket'), { ticket: '0042A' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.error).not.toBe('internal');
    expect(reply.error.message).toMatch(/0042A/);
  });

  it('turns an unexpected failure into a plain internal error and logs it', async () => {
    const failing = new FakeIpcMain();
    const broken = { ...kiosk, handlers: { ...kiosk.handlers, getStats: () => { throw new TypeError('cannot read x of undefined'); } } };
    const reg = registerIpc(failing, broken, { isTrustedSender: (f) => isAppUrl(f?.url), logError: (_m, e) => logged.push(e) });
    const reply = await failing.invoke(frameAt(DESK), channelOf('getStats'), {});
    expect(reply).toMatchObject({ ok: false, error: { error: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('cannot read x');
    expect(logged).toHaveLength(1);
    reg.dispose();
  });

  it('names the acting window in the call context from its route', async () => {
    const seen: string[] = [];
    const spying = new FakeIpcMain();
    const spy = { ...kiosk, handlers: { ...kiosk.handlers, health: (_i: unknown, ctx: { actor: string }) => (seen.push(ctx.actor), { ok: true as const, version: 'x' }) } };
    const reg = registerIpc(spying, spy, { isTrustedSender: (f) => isAppUrl(f?.url) });
    for (const route of ['#/desk', '#/caller/A', '#/display', '#/admin', '#/nowhere', '#/kiosk-exit']) {
      await spying.invoke(frameAt(`app://swipequeue/index.html${route}`), channelOf('health'), {});
    }
    expect(seen).toEqual(['desk', 'caller', 'display', 'admin', 'app', 'kiosk-exit']);
    expect(actorOf('app://swipequeue/')).toBe('app');
    reg.dispose();
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

    await ipcMain.invoke(frameAt(DESK), channelOf('importEvent'), EVENT_FILE, { pin: '1234' });
    const changed = (s: FakeSender) => s.sent.filter((m) => m.channel === LIVE_CHANNEL).map((m) => (m.args[0] as LiveEvent).type);
    expect(changed(display)).toEqual(['event-changed']);
    expect(changed(caller)).toEqual(['event-changed']);
    expect(bystander.sent).toEqual([]);
    expect(foreign.sent).toEqual([]);

    caller.destroy();
    expect(ipc.liveSubscribers()).toBe(1);
    display.destroyed = true; // destroyed without the event reaching us yet: skipped, then dropped
    await ipcMain.invoke(frameAt(DESK), channelOf('updateSettings'), { voiceRepeats: 3 }, { pin: '1234' });
    expect(changed(display)).toEqual(['event-changed']);
    expect(ipc.liveSubscribers()).toBe(0);
  });

  it('dispose removes every handler and stops live forwarding', async () => {
    const display = new FakeSender();
    await ipcMain.invoke(frameAt('app://swipequeue/index.html#/display', display), SUBSCRIBE_LIVE_CHANNEL);
    ipc.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    await kiosk.handlers.importEvent(EVENT_FILE as never, { actor: 'test', pin: '1234' });
    expect(display.sent).toEqual([]);
    ipc = registerIpc(ipcMain, kiosk, { isTrustedSender: () => true }); // afterEach disposes again
  });
});
