// The desktop app's life from start to shutdown, piece by piece, against fakes
// of Electron and the real kiosk on a temporary SQLite file: the windows open
// before the kiosk does, the screen is kept awake, failures get the app's own
// Chinese screen, zoom stays per window, the log sits beside the database, and
// the database closes synchronously at a Windows session end.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log-file.js';
import { openKiosk } from '../../src/core/kiosk.js';
import { appLogFile } from '../../src/main/config.js';
import { FAILURE_PATH, describeFailure, failureBoxText, failureFiles, respondTo } from '../../src/main/failure.js';
import { createKioskGate } from '../../src/main/kiosk-gate.js';
import { createWakeLock, type PowerSaveBlockerLike } from '../../src/main/wake-lock.js';
import { nextZoom } from '../../src/main/zoom.js';
import { CONTENT_SECURITY_POLICY, createAppProtocolHandler } from '../../src/main/security.js';
import { isAppError } from '../../src/shared/errors.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { tmpDbFile, tmpDir } from '../core/helpers.js';

const desk = { role: 'desk', actor: 'desk', device: 'app' } as const;

describe('the kiosk gate: windows first, kiosk after', () => {
  it('holds calls and subscriptions until the kiosk is open, then passes them through', async () => {
    const gate = createKioskGate();
    const early = gate.kiosk.call('health', {}, desk);
    const seen: LiveEvent['type'][] = [];
    gate.kiosk.subscribe((e) => seen.push(e.type));
    expect(() => gate.kiosk.checkPin('1234', 'app')).toThrow(/not open/);
    const kiosk = await openKiosk({ dbFile: tmpDbFile(), reader: 'none', printer: 'none' });
    gate.open(kiosk);
    await expect(early).resolves.toMatchObject({ ok: true });
    await gate.kiosk.call('updateSettings', { walkInsAllowed: true }, { role: 'admin', actor: 'admin', device: 'app', pin: '1234' });
    expect(seen).toContain('settings-changed');
    expect(() => gate.kiosk.checkPin('1234', 'app')).not.toThrow();
    await kiosk.close();
  });

  it('an unsubscribe before the kiosk opened holds afterwards', async () => {
    const gate = createKioskGate();
    const seen: string[] = [];
    const off = gate.kiosk.subscribe((e) => seen.push(e.type));
    off();
    const kiosk = await openKiosk({ dbFile: tmpDbFile(), reader: 'none', printer: 'none' });
    gate.open(kiosk);
    await gate.kiosk.call('updateSettings', { walkInsAllowed: true }, { role: 'admin', actor: 'admin', device: 'app', pin: '1234' });
    expect(seen).toEqual([]);
    await kiosk.close();
  });

  it('a kiosk that cannot open fails waiting and later calls with a coded error', async () => {
    const gate = createKioskGate();
    const early = gate.kiosk.call('health', {}, desk);
    gate.fail(new Error('SQLITE_CANTOPEN: unable to open database file'));
    const e = await early.catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('internal');
    expect((e as Error).message).toContain('unable to open database file');
    await expect(gate.kiosk.call('health', {}, desk)).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('closing at a Windows session end', () => {
  it('closes the database before the handler returns (the WAL is checkpointed away)', async () => {
    const dbFile = tmpDbFile();
    const kiosk = await openKiosk({ dbFile, reader: 'none', printer: 'none' });
    expect(existsSync(`${dbFile}-wal`)).toBe(true);
    kiosk.closeNow();
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
    await kiosk.close(); // the ordinary close afterwards is harmless
  });
});

describe('the screen kept awake', () => {
  class FakeBlocker implements PowerSaveBlockerLike {
    readonly running = new Set<number>();
    readonly started: string[] = [];
    private next = 1;
    start(type: string) {
      this.started.push(type);
      this.running.add(this.next);
      return this.next++;
    }
    stop(id: number) {
      return this.running.delete(id);
    }
    isStarted(id: number) {
      return this.running.has(id);
    }
  }

  it('holds one display-sleep blocker, takes it again if lost, releases it at quit', () => {
    const blocker = new FakeBlocker();
    const lock = createWakeLock(blocker);
    lock.hold();
    lock.hold();
    expect(blocker.started).toEqual(['prevent-display-sleep']);
    expect(lock.held()).toBe(true);
    blocker.running.clear(); // lost (e.g. across a suspend)
    expect(lock.held()).toBe(false);
    lock.hold();
    expect(blocker.started).toHaveLength(2);
    lock.release();
    expect(blocker.running.size).toBe(0);
    expect(lock.held()).toBe(false);
    lock.release();
  });
});

describe('the failure screen', () => {
  const places = { dataFolder: 'C:\\Users\\li\\AppData\\Roaming\\swipequeue', logFile: 'C:\\Users\\li\\AppData\\Roaming\\swipequeue\\logs\\app.log' };

  it('says in Chinese what to do, by cause', () => {
    const abi = new Error("The module '\\\\?\\C:\\app\\better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 139.");
    expect(describeFailure(abi, places).title).toBe('程序组件损坏或版本不符，无法启动');
    expect(describeFailure(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), places).title).toBe('数据库正被另一个程序使用');
    expect(describeFailure(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }), places).advice.join('')).toContain(places.dataFolder);
    expect(describeFailure(Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }), places).title).toBe('无法读写数据文件夹');
    expect(describeFailure(Object.assign(new Error('reader target "x"'), { code: 'bad-reader' }), places).title).toBe('读卡器设置无效');
    const other = describeFailure(new TypeError('x is undefined'), places);
    expect(other.title).toBe('刷证排号遇到意外错误，需要重新启动');
    expect(other.technical).toBe('x is undefined');
    expect(failureBoxText(other, places)).toContain(`日志文件：${places.logFile}`);
  });

  it('is a page served from memory with the CSP, the error escaped, no script', async () => {
    const f = describeFailure(new Error('<img src=x onerror=alert(1)>'), places);
    const handler = createAppProtocolHandler(tmpDir(), failureFiles(f, places));
    const page = await handler(new Request(`app://swipequeue${FAILURE_PATH}`));
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html).toContain('刷证排号遇到意外错误');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img|<style>/);
    expect(html).toContain(places.logFile);
    expect((await handler(new Request('app://swipequeue/__shell/failure.css'))).status).toBe(200);
  });

  it('an uncaught exception always stops on it; a stray rejection only while starting', () => {
    expect(respondTo('exception', 'running')).toBe('screen');
    expect(respondTo('exception', 'starting')).toBe('screen');
    expect(respondTo('rejection', 'starting')).toBe('screen');
    expect(respondTo('rejection', 'running')).toBe('log');
  });
});

describe('zoom per window', () => {
  it('steps like Chrome, 50 % to 300 %, reset to 100 %', () => {
    expect(nextZoom(1, 'in')).toBe(1.1);
    expect(nextZoom(1, 'out')).toBe(0.9);
    expect(nextZoom(3, 'in')).toBe(3);
    expect(nextZoom(0.5, 'out')).toBe(0.5);
    expect(nextZoom(1.3, 'out')).toBe(1.25);
    expect(nextZoom(2.5, 'reset')).toBe(1);
  });
});

describe('the log', () => {
  it('is the same rotating JSON log as serve, owner-only, beside the database', () => {
    const dbFile = tmpDbFile();
    const file = appLogFile(dbFile);
    expect(file).toBe(join(dbFile, '..', 'logs', 'app.log'));
    const { logger, close } = createLogger(file);
    logger.error({ err: new Error('printer gone') }, 'swipequeue: a device failed');
    close();
    const line = JSON.parse(readFileSync(file, 'utf8').trim()) as { level: number; msg: string; err: { message: string } };
    expect(line).toMatchObject({ level: 50, msg: 'swipequeue: a device failed', err: { message: 'printer gone' } });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
