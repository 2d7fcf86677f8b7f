// `sdtapi:<library>?port=1001` for real: a stand-in SDTAPI library in C
// (sdtapi-standin.c), built here with gcc, loaded through koffi and driven by the
// same poller as SAM frames; then through `reader watch` and `serve`.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openReader, parseReaderTarget } from '../../../src/hardware/idcard/open-reader.js';
import type { CardReader } from '../../../src/hardware/reader.js';
import { listReaders } from '../../../src/cli/reader-tools.js';
import { until as waitUntil } from '../../wait.js';
import { residentBlock } from './build.js';
import { watch } from './watch.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SOURCE = join(import.meta.dirname, 'sdtapi-standin.c');
const until = (check: () => boolean, what: string, ms = 15_000) => waitUntil(check, what, ms, 20);

const work = mkdtempSync(join(tmpdir(), 'sq-sdtapi-'));
let built = '';
beforeAll(() => {
  built = join(work, 'libsdtapi.so');
  execFileSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-o', built, SOURCE, '-ldl'], { stdio: ['ignore', 'ignore', 'inherit'] });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A reader of its own: a copy of the library in a fresh folder (its own state file and static state). */
function standIn() {
  const dir = mkdtempSync(join(work, 'reader-'));
  const library = join(dir, 'libsdtapi.so');
  copyFileSync(built, library);
  const state = join(dir, 'sdtapi-standin.state');
  const log = join(dir, 'sdtapi-standin.log');
  let seq = 0;
  let card = 'card 0 none';
  let extra: string[] = [];
  const write = () => writeFileSync(state, `${[card, ...extra].join('\n')}\n`);
  write();
  const cardFile = (name: string, block: Uint8Array) => {
    const file = join(dir, `${name}.bin`);
    writeFileSync(file, block);
    return file;
  };
  return {
    library,
    target: `sdtapi:${library}?port=1001`,
    /** Puts a card on the reader: a new presentation, as when a student lifts it and puts it back. */
    present(file: string) {
      card = `card ${++seq} ${file}`;
      write();
    },
    lift() {
      card = `card ${++seq} none`;
      write();
    },
    /** Directives such as `find 47`, `open 01`, `hold-read` (see sdtapi-standin.c). */
    set(...lines: string[]) {
      extra = lines;
      write();
    },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    count: (what: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith(`${what} `)).length : 0),
    cardFile,
  };
}

const ZHANG = residentBlock({ name: '张三', id: '11010519491231002X' });
const LI = residentBlock({ name: '李四', id: '440524188001010014' });

let reader: CardReader | undefined;
afterEach(async () => {
  await reader?.close();
  reader = undefined;
});

describe('sdtapi target through the poller', () => {
  it('a card left on the reader yields once; presented again, again; blank card data never', async () => {
    const sdt = standIn();
    reader = openReader(sdt.target);
    const { cards } = watch(reader);
    await until(() => reader!.status().state === 'ok', 'the library port to open');
    expect(sdt.calls()[0]).toBe('open 90');
    const zhang = sdt.cardFile('zhang', ZHANG);
    sdt.present(zhang);
    await until(() => cards.length === 1, 'the first card');
    expect(cards[0]).toMatchObject({ name: '张三', idNumber: '11010519491231002X', idNumberValid: true });
    // the card stays: many more polls, each answered "no card" (80) by the library, and no second event
    const finds = sdt.count('find');
    await until(() => sdt.count('find') >= finds + 10, 'ten more polls of the held card');
    expect(cards).toHaveLength(1);
    sdt.present(zhang);
    await until(() => cards.length === 2, 'the card presented again');
    sdt.present(sdt.cardFile('blank', new Uint8Array(256)));
    const reads = sdt.count('read');
    await until(() => sdt.count('read') > reads && /空白的证件数据/.test(reader!.status().message), 'the blank read to be reported');
    sdt.present(sdt.cardFile('li', LI));
    await until(() => cards.length === 3, 'the next student');
    expect(cards.map((c) => c.name)).toEqual(['张三', '张三', '李四']);
  });

  it('library errors are named, and the card is read once the library answers well again', async () => {
    const sdt = standIn();
    sdt.set('find 47');
    reader = openReader(sdt.target);
    const { cards } = watch(reader);
    await until(() => reader!.status().state === 'error', 'the error to be shown');
    expect(reader.status().message).toBe('读卡器报错：取随机数失败（状态 47）');
    sdt.set('read 41');
    sdt.present(sdt.cardFile('zhang', ZHANG));
    await until(() => /读卡失败，请重新放卡：读卡操作失败（状态 41）/.test(reader!.status().message), 'the read failure to be named');
    expect(cards).toEqual([]);
    sdt.set();
    await until(() => cards.length === 1, 'the card after the library recovers');
    await until(() => reader!.status().state === 'ok', 'ready again');
  });

  it('a port that does not open is said plainly, and retried until it opens', async () => {
    const sdt = standIn();
    sdt.set('open 01');
    reader = openReader(sdt.target);
    await until(() => reader!.status().state === 'disconnected' && /did not open/.test(reader!.status().message), 'the failed open to be reported');
    expect(reader.status().message).toMatch(/SDTAPI port 1001 did not open: status 01: port could not be opened/);
    await until(() => sdt.count('open') >= 2, 'a second attempt');
    sdt.set();
    await until(() => reader!.status().state === 'ok', 'the port to open once the reader is there');
    const { cards } = watch(reader);
    sdt.present(sdt.cardFile('li', LI));
    await until(() => cards.length === 1, 'a card');
  });

  it('a library call that blocks does not block the event loop', async () => {
    const sdt = standIn();
    reader = openReader(sdt.target);
    const { cards } = watch(reader);
    await until(() => reader!.status().state === 'ok', 'the port to open');
    sdt.set('hold-read');
    sdt.present(sdt.cardFile('zhang', ZHANG));
    // this wait runs on timers: if the blocked read held the event loop, it could never end
    await until(() => sdt.count('read-held') === 1, 'the read to block inside the library');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await until(() => ticks >= 5, 'timers to fire while the library blocks');
    clearInterval(ticker);
    expect(sdt.count('read')).toBe(0); // still blocked
    sdt.set();
    await until(() => cards.length === 1, 'the card once the read returns');
  });

  it('refuses bad targets in plain words: a missing library, a port out of range, a library that is not SDTAPI', async () => {
    expect(parseReaderTarget('sdtapi:C:\\Program Files\\Reader\\sdtapi.dll?port=1002')).toEqual({ kind: 'sdtapi', library: 'C:\\Program Files\\Reader\\sdtapi.dll', port: 1002 });
    expect(parseReaderTarget('sdtapi:sdtapi.dll')).toEqual({ kind: 'sdtapi', library: 'sdtapi.dll', port: 1001 });
    expect(() => parseReaderTarget('sdtapi:/opt/x/libsdtapi.so?port=99')).toThrow(/port 99 is not one of ports 1–16 \(serial\) or 1001–1016 \(USB\)/);
    expect(() => openReader(join(work, 'nowhere', 'sdtapi.dll').replace(/^/, 'sdtapi:'))).toThrow(/SDTAPI library not found: .*nowhere/);
    // a real shared object without the SDT_* exports: said on the status, not a crash
    const dir = mkdtempSync(join(work, 'other-'));
    const other = join(dir, 'libother.so');
    writeFileSync(join(dir, 'other.c'), 'int other(void) { return 1; }\n');
    execFileSync('gcc', ['-shared', '-fPIC', '-o', other, join(dir, 'other.c')]);
    reader = openReader(`sdtapi:${other}`);
    await until(() => /is not an SDTAPI library/.test(reader!.status().message), 'the wrong library to be named');
    expect(reader.status().state).toBe('disconnected');
  });

  it('reader list finds an SDTAPI library in the current folder', async () => {
    const dir = mkdtempSync(join(work, 'list-'));
    copyFileSync(built, join(dir, 'libsdtapi.so'));
    const found = await listReaders({ cwd: dir });
    expect(found.sdtapi).toEqual([{ library: join(dir, 'libsdtapi.so'), target: `sdtapi:${join(dir, 'libsdtapi.so')}?port=1001` }]);
    expect(found.targets).toContain(`sdtapi:${join(dir, 'libsdtapi.so')}?port=1001`);
  });
});

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT });
  children.push(child);
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, io, exited };
}

describe('sdtapi target through the CLI', () => {
  it('reader watch --reader sdtapi:… prints one line per card presented and exits 0 on SIGTERM', async () => {
    const sdt = standIn();
    const { child, io, exited } = run(['reader', 'watch', '--reader', sdt.target]);
    const lines = () => io.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    await until(() => /读卡器已就绪/.test(io.err), 'the reader to be ready');
    const zhang = sdt.cardFile('zhang', ZHANG);
    sdt.present(zhang);
    await until(() => lines().length === 1, 'the first card');
    const finds = sdt.count('find');
    await until(() => sdt.count('find') >= finds + 10, 'more polls of the held card');
    expect(lines()).toHaveLength(1);
    sdt.present(zhang);
    await until(() => lines().length === 2, 'the card presented again');
    expect(lines()[1]).toMatchObject({ cardType: 'resident', name: '张三', idNumberValid: true, readAt: expect.stringMatching(/^\d{4}-/) });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(sdt.calls()).toContain('close 90');
  });

  it('reader watch says plainly when the port does not open', async () => {
    const sdt = standIn();
    sdt.set('open 01');
    const { child, io, exited } = run(['reader', 'watch', '--reader', sdt.target]);
    await until(() => /did not open/.test(io.err), 'the failed open on stderr');
    expect(io.err).toMatch(/SDTAPI port 1001 did not open: status 01: port could not be opened/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('reader watch refuses --port with --reader, and a missing library, with exit 2 and one error line', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reader', 'watch', ...args], { cwd: ROOT, encoding: 'utf8' });
    const both = cli('--port', '/dev/ttyS0', '--reader', 'demo');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^error: give --reader <target> or --port <serial-path>, not both/);
    const missing = cli('--reader', `sdtapi:${join(work, 'gone', 'libsdtapi.so')}`);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: SDTAPI library not found: .*gone/)]);
    const port = cli('--reader', 'sdtapi:sdtapi.dll?port=2000');
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/^error: reader target "sdtapi:sdtapi.dll\?port=2000": port 2000 is not one of/);
  });

  it('serve --reader sdtapi:… keeps answering while the library blocks in a read', async () => {
    const sdt = standIn();
    sdt.set('hold-read');
    const db = join(mkdtempSync(join(work, 'serve-')), 'day.db');
    const { child, io, exited } = run(['serve', '--db', db, '--port', '0', '--reader', sdt.target, '--printer', 'none']);
    await until(() => /listening on http:\/\/\S+/.test(io.out), 'serve to listen');
    const base = /listening on (http:\/\/\S+)/.exec(io.out)![1]!;
    sdt.present(sdt.cardFile('zhang', ZHANG));
    await until(() => sdt.count('read-held') === 1, 'the read to block inside the library');
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(sdt.count('read')).toBe(0); // the read is still blocked while the server answered
    sdt.set();
    await until(() => sdt.count('read') === 1, 'the read to return');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
