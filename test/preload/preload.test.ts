// The preload with a fake `electron` module: what it exposes (exactly the
// contract + onLive), what a call sends, how errors come back; and the
// bundled preload.cjs run the way a sandboxed preload runs (require = electron only).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, contract, KIOSK_EXIT_CHANNEL, LIVE_CHANNEL, opNames, SUBSCRIBE_LIVE_CHANNEL, ZOOM_CHANNEL, type Bridge, type IpcReply } from '../../src/shared/contract.js';
import type { LiveEvent } from '../../src/shared/types.js';

type LiveHandler = (event: unknown, payload: unknown) => void;
const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invocations: [] as { channel: string; args: unknown[] }[],
  liveHandlers: [] as { channel: string; handler: (event: unknown, payload: unknown) => void }[],
  reply: (_channel: string, ..._args: unknown[]): unknown => ({ ok: true, value: null }),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      fake.invocations.push({ channel, args });
      return fake.reply(channel, ...args);
    },
    on: (channel: string, handler: LiveHandler) => fake.liveHandlers.push({ channel, handler }),
  },
}));

let bridge: Bridge;

beforeAll(async () => {
  await import('../../src/preload/preload.js');
  bridge = fake.exposed.get('swipequeue') as Bridge;
});
beforeEach(() => {
  fake.invocations.length = 0;
  fake.reply = () => ({ ok: true, value: null });
});

describe('the exposed bridge', () => {
  it('is exposed once, as window.swipequeue', () => {
    expect([...fake.exposed.keys()]).toEqual(['swipequeue']);
  });

  it('holds exactly the operations of the contract plus onLive, all functions', () => {
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(contract), 'onLive'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it.each(opNames)('%s invokes swipequeue:%s with the input and the PIN', async (op) => {
    fake.reply = () => ({ ok: true, value: { op } });
    const call = bridge[op] as (input: unknown, opts?: { pin?: string }) => Promise<unknown>;
    await expect(call({ any: 'input' }, { pin: '1234' })).resolves.toEqual({ op });
    expect(fake.invocations).toEqual([{ channel: `swipequeue:${op}`, args: [{ any: 'input' }, { pin: '1234' }] }]);
  });

  it('sends no options when there is no PIN', async () => {
    await bridge.getQueue({ station: 'A' });
    expect(fake.invocations).toEqual([{ channel: 'swipequeue:getQueue', args: [{ station: 'A' }, undefined] }]);
  });

  it('unwraps an error reply into an ApiError with the code, message and details', async () => {
    const body = { error: 'already-checked-in', message: '已签到，票号 0001A', ticket: '0001A' };
    fake.reply = (): IpcReply<never> => ({ ok: false, error: body });
    const error = await bridge.checkIn({ studentId: '2017001' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'ApiError', code: 'already-checked-in', message: '已签到，票号 0001A', body });
  });

  it('throws errors that survive contextBridge: not a native Error, data in own properties', async () => {
    // contextBridge turns a native Error into `new Error(message)`; a plain object is copied whole.
    fake.reply = () => ({ ok: false, error: { error: 'bad-pin', message: 'wrong admin PIN' } });
    const error = await bridge.importEvent({} as never, { pin: '0' }).catch((e: unknown) => e);
    expect(types.isNativeError(error)).toBe(false);
    expect(structuredClone({ ...(error as object) })).toEqual({
      name: 'ApiError',
      message: 'wrong admin PIN',
      code: 'bad-pin',
      body: { error: 'bad-pin', message: 'wrong admin PIN' },
      status: undefined,
    });
  });

  it('reports a transport failure as ipc-failed', async () => {
    fake.reply = () => {
      throw new Error("No handler registered for 'swipequeue:getStats'");
    };
    await expect(bridge.getStats({})).rejects.toMatchObject({ code: 'ipc-failed', message: expect.stringContaining('getStats') });
    fake.reply = () => 'garbage';
    await expect(bridge.getStats({})).rejects.toMatchObject({ code: 'ipc-failed' });
  });

  it('onLive subscribes once, passes only the event (not Electron’s event object), and unsubscribes', async () => {
    const seen: LiveEvent[] = [];
    const seenToo: LiveEvent[] = [];
    const off = bridge.onLive((e) => seen.push(e));
    bridge.onLive((e) => seenToo.push(e));
    expect(fake.invocations.filter((i) => i.channel === SUBSCRIBE_LIVE_CHANNEL)).toHaveLength(1);
    // One listener for live events (the zoom listener is registered when the preload loads).
    expect(fake.liveHandlers.map((h) => h.channel)).toEqual([ZOOM_CHANNEL, LIVE_CHANNEL]);
    const live = fake.liveHandlers[1]!;

    const electronEvent = { sender: { secret: 'ipcRenderer' }, ports: [] };
    const called: LiveEvent = { type: 'ticket-called', ticket: '0003A', station: 'A', room: '7-115', repeat: 2 };
    live.handler(electronEvent, called);
    expect(seen).toEqual([called]);
    expect(seenToo).toEqual([called]);

    off();
    live.handler(electronEvent, { type: 'settings-changed' });
    expect(seen).toEqual([called]);
    expect(seenToo).toEqual([called, { type: 'settings-changed' }]);
  });
});

describe('zoom per window', () => {
  it('applies the factor main sends as CSS zoom on this page only, and ignores anything else', async () => {
    const { applyZoom } = await import('../../src/preload/preload.js');
    const root = { style: { zoom: '' } };
    applyZoom(root, 1.25);
    expect(root.style.zoom).toBe('1.25');
    for (const bad of ['2', NaN, 0, 100, null, { valueOf: () => 2 }]) {
      applyZoom(root, bad);
      expect(root.style.zoom).toBe('1.25');
    }
    applyZoom(root, 1);
    expect(root.style.zoom).toBe('');
  });
});

describe('the bundled preload (dist/preload/preload.cjs)', () => {
  let dir: string;
  let code: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sq-preload-'));
    const out = join(dir, 'preload.cjs');
    execFileSync(process.execPath, ['scripts/build-preload.mjs', out], { stdio: 'pipe' });
    code = readFileSync(out, 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is small and carries no zod', () => {
    expect(code.length).toBeLessThan(20_000);
    expect(code).not.toMatch(/ZodError|zod_brand/);
  });

  it('runs with only require("electron") available, like a sandboxed preload, and exposes the contract', async () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, api: Record<string, unknown>) => exposed.set(k, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'pong' }),
        on: () => undefined,
      },
    };
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return electron;
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    expect(required).toEqual(['electron']);
    const api = exposed.get('swipequeue')!;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(contract), 'onLive'].sort());
    await expect((api.health as (i: unknown) => Promise<unknown>)({})).resolves.toBe('pong');
    expect(invoked).toEqual([['swipequeue:health', {}, undefined]]);
  });

  it('the shell preload of the PIN prompt exposes its two functions and nothing of the contract', async () => {
    const code = readFileSync(join(dir, 'shell-preload.cjs'), 'utf8');
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, api: Record<string, unknown>) => exposed.set(k, api) },
      ipcRenderer: { invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: { left: true } }) },
    };
    const module = { exports: {} };
    runInNewContext(code, { require: (name: string) => (name === 'electron' ? electron : undefined), module, exports: module.exports, console });
    expect([...exposed.keys()]).toEqual(['swipequeueShell']);
    const shell = exposed.get('swipequeueShell')!;
    expect(Object.keys(shell)).toEqual(['leaveKiosk', 'moveDisplay']);
    await expect((shell.leaveKiosk as (pin: string) => Promise<unknown>)('1234')).resolves.toEqual({ ok: true, value: { left: true } });
    await (shell.moveDisplay as (pin: string) => Promise<unknown>)('1234');
    expect(invoked).toEqual([
      [KIOSK_EXIT_CHANNEL, '1234'],
      [KIOSK_EXIT_CHANNEL, '1234', 'display'],
    ]);
  });
});
