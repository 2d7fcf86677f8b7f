// `reader emulate` and `reader watch` as a developer uses them: two processes,
// the watcher connected to the path the emulator printed; both stop on Ctrl+C.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_STUDENTS } from '../../../src/hardware/idcard/demo-cards.js';
import { until as waitUntil } from '../../wait.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function cli(...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT });
  children.push(child);
  const io = { out: '', err: '', child, exited: new Promise<number | null>((r) => child.on('exit', (code) => r(code))) };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  return io;
}

const until = (check: () => boolean, what: string, ms = 20000) => waitUntil(check, what, ms, 25);

describe('swipequeue reader emulate + reader watch', () => {
  it('the emulator prints where to connect; the watcher prints the demo cards it presents; SIGINT stops both with 0', async () => {
    const emulate = cli('reader', 'emulate');
    await until(() => emulate.out.includes('\n'), 'the emulator to print its path');
    const where = JSON.parse(emulate.out.split('\n')[0] ?? '') as { path: string; target: string };
    expect(where.target).toBe(`serial:${where.path}?baud=115200`);

    const watch = cli('reader', 'watch', '--port', where.path);
    const cards = () => watch.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { name: string; idNumber: string; idNumberValid: boolean; readAt: string });
    await until(() => cards().length >= 1, `a demo card from the emulator (stderr: ${watch.err})`);
    const first = cards()[0]!;
    expect(DEMO_STUDENTS.map((s) => s.idNumber)).toContain(first.idNumber);
    expect(first).toMatchObject({ idNumberValid: true, readAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });

    watch.child.kill('SIGINT');
    emulate.child.kill('SIGINT');
    expect(await watch.exited).toBe(0);
    expect(await emulate.exited).toBe(0);
  });
});
