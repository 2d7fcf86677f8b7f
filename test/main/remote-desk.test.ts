// The desktop app as a desk of another kiosk (--server --token --desk), without
// Electron: main's IPC adapter and kiosk-exit prompt over openRemoteKiosk,
// against the real server on a loopback port, the desk's reader a SAM
// emulator on a real pty. The pages stay app://; only main talks HTTP.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRemoteKiosk, type RemoteKiosk } from '../../src/client/remote-kiosk.js';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { startEmulatedReader, type EmulatedReader } from '../../src/hardware/idcard/emulator/pty-reader.js';
import { channelOf, registerIpc, type InvokeEvent, type IpcMainLike, type LiveSender } from '../../src/main/ipc.js';
import { KIOSK_EXIT_URL, registerKioskExit } from '../../src/main/kiosk-exit.js';
import { configProblem, parseShellConfig } from '../../src/main/config.js';
import { isAppUrl } from '../../src/main/security.js';
import { roleToken } from '../../src/server/auth.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { KIOSK_EXIT_CHANNEL, SUBSCRIBE_LIVE_CHANNEL, type IpcReply } from '../../src/shared/contract.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { SEED_EVENT, idNumber, tmpDir, tmpDbFile } from '../core/helpers.js';
import { residentBlock } from '../hardware/idcard/build.js';
import { until } from '../wait.js';

// windows.ts opens BrowserWindows; only its route functions are used here.
vi.mock('electron', () => ({ BrowserWindow: class {} }));
const { roleKey, routeOf } = await import('../../src/main/windows.js');

const TOKEN = 'remote-desk-test-token';
/** The app at the second door holds the desk role's token (docs/interfaces.md §3.5). */
const DESK_TOKEN = roleToken(TOKEN, 'desk');
const ADMIN_CTX = { role: 'admin' as const, actor: 'admin', device: 'test', pin: '1234' };
const ID = idNumber('33010619990131002');

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown;
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(event: InvokeEvent, channel: string, ...args: unknown[]): Promise<IpcReply<unknown>> {
    return structuredClone(await this.handlers.get(channel)!(event, ...args)) as IpcReply<unknown>;
  }
}
class FakeSender implements LiveSender {
  readonly id = 1;
  readonly sent: LiveEvent[] = [];
  isDestroyed = () => false;
  send(_channel: string, event: unknown): void {
    this.sent.push(structuredClone(event) as LiveEvent);
  }
  once(): void {}
}
const frame = (route: string, sender: LiveSender = new FakeSender()): InvokeEvent => ({ senderFrame: { url: `app://swipequeue/index.html#${route}` }, sender });

let kiosk: Kiosk | undefined;
let server: RunningServer | undefined;
let remote: RemoteKiosk | undefined;
let emu: EmulatedReader | undefined;
afterEach(async () => {
  await remote?.close();
  await emu?.close();
  await server?.close();
  await kiosk?.close();
  remote = undefined;
  emu = undefined;
  server = undefined;
  kiosk = undefined;
});

async function serverDay(dbFile = tmpDbFile(), port = 0, fresh = true) {
  kiosk = await openKiosk({ dbFile });
  if (fresh) {
    const day = structuredClone(SEED_EVENT);
    day.slots = [{ station: 'B', college: '理学院', start: '00:00', end: '23:59' }];
    await kiosk.call('importEvent', day, ADMIN_CTX);
    const roster = ['学号,姓名,学院,身份证号', `2019001,张三,理学院,${ID}`, '2019002,李四,理学院,'].join('\n');
    await kiosk.call('importRoster', { fileName: 'r.csv', contentBase64: Buffer.from(roster).toString('base64') }, ADMIN_CTX);
  }
  server = await startServer({ kiosk, host: '127.0.0.1', port, token: TOKEN });
  return { dbFile, port: server.port };
}

describe('the desktop app as a desk of another kiosk', () => {
  it('flags: --server --token --desk; a desk of another kiosk keeps no database and no printer', () => {
    const config = parseShellConfig(['app', '--server=http://192.168.1.10:8740', '--desk=东门', '--reader=serial:/dev/ttyUSB0'], { SWIPEQUEUE_TOKEN: 's3cret-token' });
    expect(config).toMatchObject({ server: 'http://192.168.1.10:8740', desk: '东门', token: 's3cret-token', reader: 'serial:/dev/ttyUSB0' });
    expect(configProblem(config)).toBeNull();
    expect(configProblem(parseShellConfig(['app', '--server=http://10.0.0.1:8740'], {}))).toMatch(/--server needs --desk=<name>/);
    expect(configProblem(parseShellConfig(['app', '--server=10.0.0.1:8740', '--desk=东门'], {}))).toMatch(/expected the kiosk server's address/);
    expect(configProblem(parseShellConfig(['app', '--server=http://10.0.0.1:8740', '--desk=东 门'], {}))).toMatch(/--desk "东 门": expected a desk name/);
    expect(configProblem(parseShellConfig(['app', '--server=http://10.0.0.1:8740', '--desk=东门', '--db=/x.db'], {}))).toMatch(/exclude each other/);
    expect(configProblem(parseShellConfig(['app', '--server=http://10.0.0.1:8740', '--desk=东门', '--printer=none'], {}))).toMatch(/--printer does not apply/);
    expect(configProblem(parseShellConfig(['app', '--desk=东门'], {}))).toMatch(/go with --server/);
    expect(configProblem(parseShellConfig(['app'], {}))).toBeNull();
    // The desk window opens the named desk page; it is still the one desk window.
    expect(routeOf({ kind: 'desk', desk: '东门' })).toBe(`/desk/${encodeURIComponent('东门')}`);
    expect(roleKey({ kind: 'desk', desk: '东门' })).toBe(roleKey({ kind: 'desk' }));
  });

  it("windows call the server through main: the desk's calls are desk:<name>, a screen cannot exceed its role, files and live events arrive", async () => {
    await serverDay();
    remote = openRemoteKiosk({ server: server!.url, token: DESK_TOKEN, desk: '东门', dataFolder: tmpDir('sq-remote-') });
    const ipcMain = new FakeIpcMain();
    const ipc = registerIpc(ipcMain, remote, { isTrustedSender: (f) => isAppUrl(f?.url) });
    const deskRoute = routeOf({ kind: 'desk', desk: '东门' });
    const sender = new FakeSender();
    expect(await ipcMain.invoke(frame(deskRoute, sender), SUBSCRIBE_LIVE_CHANNEL)).toEqual({ ok: true, value: { subscribed: true } });

    const checked = await ipcMain.invoke(frame(deskRoute), channelOf('checkIn'), { studentId: '2019002' });
    expect(checked).toMatchObject({ ok: true, value: { ticket: '0001B', name: '李四' } });
    await until(() => sender.sent.some((e) => e.type === 'checked-in'), 'the check-in live from the server');
    expect(await ipcMain.invoke(frame(deskRoute), channelOf('importEvent'), SEED_EVENT, { pin: '1234' })).toMatchObject({ ok: false, error: { error: 'forbidden-for-role' } });
    expect(await ipcMain.invoke(frame(deskRoute), channelOf('checkIn'), { studentId: '2099999' })).toMatchObject({ ok: false, error: { error: 'not-on-roster' } });
    // The token decides: the admin window of a desk app may not export, whatever PIN it holds.
    expect(await ipcMain.invoke(frame('/admin'), channelOf('exportFile'), { kind: 'audit-csv' }, { pin: '1234' })).toMatchObject({ ok: false, error: { error: 'forbidden-for-role' } });
    // With the admin secret the same call answers the file itself, carried as an ExportFile.
    const adminApp = openRemoteKiosk({ server: server!.url, token: TOKEN, desk: '东门', dataFolder: tmpDir('sq-remote-') });
    const file = await adminApp.call('exportFile', { kind: 'audit-csv' }, { role: 'admin', actor: 'admin', device: 'app', pin: '1234' });
    await adminApp.close();
    expect(file.fileName).toMatch(/\.csv$/);
    const csv = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(csv.split(/\r?\n/).find((r) => r.includes('0001B') && r.includes('check-in'))).toContain('desk:东门');

    // The kiosk-exit prompt checks the PIN with the server.
    let left = 0;
    const stopExit = registerKioskExit(ipcMain, { checkPin: remote.checkPin, leave: () => left++ });
    expect(await ipcMain.invoke({ senderFrame: { url: KIOSK_EXIT_URL }, sender }, KIOSK_EXIT_CHANNEL, '4321')).toMatchObject({ ok: false, error: { error: 'bad-pin' } });
    expect(await ipcMain.invoke({ senderFrame: { url: KIOSK_EXIT_URL }, sender }, KIOSK_EXIT_CHANNEL, '1234')).toEqual({ ok: true, value: { left: true } });
    expect(left).toBe(1);
    stopExit();
    ipc.dispose();
  });

  it("this laptop's reader is forwarded as the desk; the server restarting: kept, sent when back, screens told to reload", async () => {
    const { dbFile, port } = await serverDay();
    emu = await startEmulatedReader();
    remote = openRemoteKiosk({
      server: server!.url,
      token: DESK_TOKEN,
      desk: '东门',
      reader: emu.target,
      dataFolder: tmpDir('sq-remote-'),
      forwarder: { retryMs: () => 50, heartbeatMs: 3_600_000 },
      reconnectMs: () => 50,
    });
    const live: LiveEvent[] = [];
    remote.subscribe((e) => live.push(e));
    await until(() => remote!.forwarder!.state().online, 'the forwarder reaching the server');
    emu.present(residentBlock({ name: '张三', id: ID }));
    await until(() => live.some((e) => e.type === 'card-seen'), 'the card seen live', 15_000);
    expect(live.find((e) => e.type === 'card-seen')).toMatchObject({ card: { desk: '东门', name: '张三', late: false, result: { ticket: '0001B' } } });
    emu.lift();

    await server!.close();
    await kiosk!.close();
    server = undefined;
    kiosk = undefined;
    emu.present(residentBlock({ name: '王五', id: idNumber('44052418800101001') }));
    await until(() => remote!.forwarder!.state().pending === 1, 'the read kept', 15_000);
    const before = live.length;
    await serverDay(dbFile, port, false);
    await until(() => live.slice(before).some((e) => e.type === 'card-seen'), 'the kept read answered', 20_000);
    const seen = live.slice(before).find((e) => e.type === 'card-seen');
    expect(seen).toMatchObject({ card: { desk: '东门', name: '王五', late: true, error: { error: 'not-on-roster' } } });
    expect(live.slice(before).some((e) => e.type === 'event-changed')).toBe(true);
  });
});
