import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatedReader, type EmulatedReader } from '../../../src/hardware/idcard/emulator/pty-reader.js';
import { residentBlock } from './build.js';
import { until as waitUntil } from '../../wait.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
let emu: EmulatedReader | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const until = (check: () => boolean, what: string, ms = 15000) => waitUntil(check, what, ms, 25);

describe('swipequeue reader watch', () => {
  it('prints one JSON line per card presented, reports an unplug and carries on, exits 0 on SIGTERM', async () => {
    emu = await startEmulatedReader({ fragment: 64, garbage: 3 });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reader', 'watch', '--port', emu.path], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const lines = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    await until(() => /读卡器已就绪/.test(err), 'the reader to be ready');
    emu.present(residentBlock({ name: '张三', id: '11010519491231002X' }));
    await until(() => lines().length === 1, 'the first card');
    await new Promise((r) => setTimeout(r, 800));
    expect(lines()).toHaveLength(1); // the card still lies there
    expect(lines()[0]).toMatchObject({ cardType: 'resident', name: '张三', idNumberValid: true, readAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    await emu.unplug();
    await until(() => /读卡器已断开/.test(err), 'the unplug on stderr');
    await emu.replug();
    emu.present(residentBlock({ name: '李四', id: '440524188001010014' }));
    await until(() => lines().length === 2, 'a card after the reader came back');
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('bad usage exits 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reader', 'watch'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: missing --port/);
  });

  it('reader list answers JSON even with no reader plugged in', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reader', 'list'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ serial: expect.any(Array), hid: expect.any(Array) });
  });
});
