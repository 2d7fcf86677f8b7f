// spooler:<name> on Linux/macOS hands the raw ticket to CUPS as `lp -d <name> -o raw <file>`;
// on Windows a PowerShell helper sends it through the print API. Neither CUPS nor
// Windows is here, so stand-in `lp` and `powershell.exe` programs on PATH record
// their arguments, environment and the file they were given (the bytes that would
// reach the printer) and answer as the real ones would, code page 936 included.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketPrintJob } from '../../../src/hardware/printer.js';
import { openPrinter } from '../../../src/hardware/printer/open-printer.js';
import { spoolerLink } from '../../../src/hardware/printer/spooler.js';
import { ticketEscPos } from '../../../src/hardware/printer/ticket-document.js';
import { HELPER_SCRIPT, REFUSE_ATTRIBUTES, REFUSE_STATUS, WAIT_MS, decodeConsole, describePrinter, parseHelperOutput } from '../../../src/hardware/printer/windows-spooler.js';
import { readEscPos } from './escpos-reader.js';

const job: TicketPrintJob = {
  eventName: '2021届研究生毕业图像采集',
  ticket: '0005B',
  station: 'B',
  room: '7-119',
  college: '理学院',
  name: '张三',
  checkedInAt: new Date(2020, 11, 21, 9, 30),
  ahead: 4,
  paperWidth: 80,
};

describe.skipIf(process.platform === 'win32')('spooler: system printer through CUPS lp', () => {
  const savedPath = process.env.PATH;
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'sq-fake-lp-'));
    process.env.PATH = `${bin}:${savedPath ?? ''}`;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  const fakeLp = (script: string) => {
    writeFileSync(join(bin, 'lp'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, 'lp'), 0o755);
  };

  it('sends the raw ESC/POS ticket to the named queue', async () => {
    fakeLp(`printf '%s\\n' "$@" > "${bin}/args"; for f; do :; done; cp "$f" "${bin}/ticket.bin"`);
    await openPrinter('spooler:XP-80C 前台').print(job);
    expect(readFileSync(join(bin, 'args'), 'utf8').split('\n').slice(0, 4)).toEqual(['-d', 'XP-80C 前台', '-o', 'raw']);
    const doc = readEscPos(readFileSync(join(bin, 'ticket.bin')));
    expect(doc.lines.join('').replace(/\s+/g, '')).toContain('0005B');
    expect(doc.cuts).toBe(1);
  });

  it('a queue the spooler does not know: the job fails with the spooler’s own words', async () => {
    fakeLp('echo "lp: The printer or class does not exist." >&2; exit 1');
    await expect(openPrinter('spooler:nowhere').print(job)).rejects.toThrow(/^系统打印机 nowhere 打印失败.*does not exist/);
  });

  it('no lp command at all (CUPS not installed): plain words, not a stack trace', async () => {
    process.env.PATH = bin; // empty folder: no lp
    await expect(openPrinter('spooler:XP-80C').print(job)).rejects.toThrow(/^系统打印机 XP-80C 打印失败 \(找不到 lp 命令.*lp not found\)$/);
  });
});

describe.skipIf(process.platform === 'win32')('spooler: on Windows, RAW through the print API by a PowerShell helper', () => {
  const savedPath = process.env.PATH;
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'sq-fake-ps-'));
    process.env.PATH = `${bin}:${savedPath ?? ''}`;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  /** A stand-in powershell.exe: records argv and the SQ_ variables, keeps the ticket, answers `output` (bytes) with `code`. */
  const fakePowerShell = (output: Buffer, code = 0) => {
    writeFileSync(join(bin, 'answer.bin'), output);
    writeFileSync(
      join(bin, 'powershell.exe'),
      `#!/bin/sh
printf '%s\\n' "$@" > "${bin}/args"
printf '%s' "$SQ_PRINTER" > "${bin}/printer"
env | grep '^SQ_' | sort > "${bin}/env"
cp "$SQ_TICKET_FILE" "${bin}/ticket.bin"
cat "${bin}/answer.bin"
exit ${code}
`,
    );
    chmodSync(join(bin, 'powershell.exe'), 0o755);
  };
  const gbk = (text: string) => iconv.encode(text, 'cp936');
  const windowsPrinter = (name: string) => spoolerLink(name, 'win32');

  it('runs the helper with the script encoded and the printer name only in the environment, and sends the ticket bytes', async () => {
    fakePowerShell(gbk('SQ-CP 936\r\nSQ-PRINTER 0 0\r\nSQ-JOB 12\r\nSQ-JOB-STATUS 16\r\nSQ-RESULT printed\r\n'));
    const name = "XP-80C 前台's";
    const bytes = ticketEscPos(job);
    await windowsPrinter(name).send(bytes);
    const args = readFileSync(join(bin, 'args'), 'utf8').trim().split('\n');
    expect(args.slice(0, 6)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    const script = Buffer.from(args[6]!, 'base64').toString('utf16le');
    expect(script).toBe(HELPER_SCRIPT);
    for (const api of ['OpenPrinterW', 'StartDocPrinterW', 'WritePrinter', 'GetJobW', 'SetJobW', '"RAW"']) expect(script).toContain(api);
    expect(script).not.toContain('XP-80C'); // the name is data, never code
    // Windows' command line holds 32767 characters.
    expect(args.join(' ').length).toBeLessThan(32_000);
    expect(readFileSync(join(bin, 'printer'), 'utf8')).toBe(name);
    const env = readFileSync(join(bin, 'env'), 'utf8');
    expect(env).toContain(`SQ_WAIT_MS=${WAIT_MS}`);
    expect(env).toContain(`SQ_REFUSE_STATUS=${REFUSE_STATUS >>> 0}`);
    expect(env).toContain(`SQ_REFUSE_ATTRIBUTES=${REFUSE_ATTRIBUTES}`);
    expect(new Uint8Array(readFileSync(join(bin, 'ticket.bin')))).toEqual(bytes);
  });

  it('a printer name Windows does not know: its own Chinese words, decoded from code page 936', async () => {
    fakePowerShell(gbk('SQ-CP 936\r\nSQ-ERROR open 1801 打印机名无效。\r\n'), 3);
    const link = windowsPrinter('nowhere');
    await expect(link.send(new Uint8Array([0x1b, 0x40]))).rejects.toThrow('系统打印机 nowhere 打印失败 (打印机名无效。 (Windows 1801))');
  });

  it('an offline printer: nothing is sent, the reason is said, and the status shows it', async () => {
    fakePowerShell(gbk(`SQ-CP 936\r\nSQ-PRINTER 0 ${0x400}\r\nSQ-RESULT refused\r\n`), 4);
    const link = windowsPrinter('POS-58');
    await expect(link.send(new Uint8Array([1]))).rejects.toThrow(/^系统打印机 POS-58 打印失败 \(打印机脱机.*未发送\)$/);
    expect(await link.status()).toMatchObject({ state: 'offline', target: 'spooler:POS-58' });
  });

  it('a job stuck in the queue is deleted, so it cannot print later as a duplicate', async () => {
    fakePowerShell(gbk(`SQ-CP 936\r\nSQ-PRINTER 0 0\r\nSQ-JOB 7\r\nSQ-JOB-STATUS ${0x40 | 0x2}\r\nSQ-PRINTER ${0x10} 0\r\nSQ-RESULT cancelled\r\n`), 8);
    const link = windowsPrinter('POS-58');
    await expect(link.send(new Uint8Array([1]))).rejects.toThrow(/打印机缺纸.*已从打印队列删除，不会稍后补打/);
    expect(await link.status()).toMatchObject({ state: 'paper-out' });
  });

  it('PowerShell failing before the helper ran (compile error, policy): its words, decoded', async () => {
    fakePowerShell(gbk('SQ-CP 936\r\nSQ-ERROR helper 0 无法添加类型。编译错误。\r\n'), 2);
    await expect(windowsPrinter('POS-58').send(new Uint8Array([1]))).rejects.toThrow('系统打印机 POS-58 打印失败 (无法添加类型。编译错误。)');
  });

  it('no powershell.exe at all: plain words', async () => {
    process.env.PATH = bin; // empty folder
    await expect(windowsPrinter('POS-58').send(new Uint8Array([1]))).rejects.toThrow('系统打印机 POS-58 打印失败 (找不到 powershell.exe 命令 / powershell.exe not found)');
  });

  it('leaves no ticket file behind', async () => {
    fakePowerShell(gbk('SQ-CP 936\nSQ-RESULT printed\n'));
    await windowsPrinter('POS-58').send(new Uint8Array([1]));
    const args = readFileSync(join(bin, 'env'), 'utf8');
    const file = /^SQ_TICKET_FILE=(.*)$/m.exec(args)?.[1];
    expect(file).toBeDefined();
    expect(existsSync(file!)).toBe(false);
  });
});

describe('the Windows helper’s output', () => {
  it('decodes the code page the helper names, else 936', () => {
    const line = '打印机名无效。';
    expect(decodeConsole(iconv.encode(`SQ-CP 936\n${line}`, 'cp936'))).toContain(line);
    expect(decodeConsole(Buffer.from(`SQ-CP 65001\n${line}`, 'utf8'))).toContain(line);
    expect(decodeConsole(iconv.encode(`SQ-CP 950\n印表機名稱無效。`, 'cp950'))).toContain('印表機名稱無效。');
    expect(decodeConsole(iconv.encode(line, 'cp936'))).toBe(line); // no SQ-CP line: 936
    // The same bytes read as UTF-8 would be garbled: the decoding matters.
    expect(iconv.encode(line, 'cp936').toString('utf8')).not.toContain(line);
  });

  it('reads the printer status bits into the kiosk’s states', () => {
    expect(describePrinter(0, 0).state).toBe('ok');
    expect(describePrinter(0x10, 0).state).toBe('paper-out');
    expect(describePrinter(0x400000, 0).state).toBe('cover-open');
    expect(describePrinter(0x80, 0).state).toBe('offline');
    expect(describePrinter(0, 0x400).state).toBe('offline');
    expect(describePrinter(0x2, 0).state).toBe('error');
    // Every state the helper refuses on is one the kiosk reports as a problem.
    for (let bit = 1; bit !== 0 && bit <= 0x80000000; bit = (bit << 1) >>> 0) {
      if ((REFUSE_STATUS & bit) !== 0) expect(describePrinter(bit, 0).state, `bit 0x${bit.toString(16)}`).not.toBe('ok');
    }
  });

  it('says what happened in every case', () => {
    expect(parseHelperOutput('SQ-CP 936\nSQ-JOB 3\nSQ-RESULT printed')).toEqual({ printed: true, printer: null });
    expect(parseHelperOutput('SQ-CP 936\nSQ-JOB 3\nSQ-JOB-STATUS 8\nSQ-RESULT cancelled')).toMatchObject({ printed: false, why: 'cancelled', detail: expect.stringContaining('正在后台处理') });
    expect(parseHelperOutput('SQ-CP 936\nSQ-RESULT deleted')).toMatchObject({ printed: false, why: 'deleted' });
    expect(parseHelperOutput('garbage')).toMatchObject({ printed: false, why: 'unknown', detail: 'garbage' });
    expect(parseHelperOutput('')).toMatchObject({ printed: false, why: 'unknown' });
  });
});
