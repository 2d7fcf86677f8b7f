// spooler:<name> on Linux/macOS hands the raw ticket to CUPS as `lp -d <name> -o raw <file>`.
// CUPS is not installed here, so a stand-in `lp` on PATH records its arguments and
// the file it was given: the test checks the bytes that would reach the printer.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketPrintJob } from '../../../src/hardware/printer.js';
import { openPrinter } from '../../../src/hardware/printer/open-printer.js';
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
