// Printer discovery: the system's printers from CUPS `lpstat -e` (a stand-in on
// PATH records nothing and prints two queues, one named in Chinese), USB
// line-printer device nodes, and nothing at all, not a failure, without CUPS.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPrinters, systemPrinterNames, usbPrinterNodes } from '../../../src/hardware/printer/discover.js';
import { parsePrinterTarget } from '../../../src/hardware/printer/open-printer.js';

describe.skipIf(process.platform === 'win32')('printer discovery', () => {
  const savedPath = process.env.PATH;
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'sq-fake-lpstat-'));
    process.env.PATH = `${bin}:${savedPath ?? ''}`;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  const fakeLpstat = (script: string) => {
    writeFileSync(join(bin, 'lpstat'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, 'lpstat'), 0o755);
  };

  it('lists the spooler queues lpstat -e names, as spooler: targets', async () => {
    fakeLpstat(`[ "$1" = "-e" ] || exit 3; printf 'XP-80C\\n前台小票机\\n\\n'`);
    expect(await systemPrinterNames('linux')).toEqual(['XP-80C', '前台小票机']);
    const usbDir = mkdtempSync(join(tmpdir(), 'sq-dev-usb-'));
    for (const f of ['lp1', 'lp0', 'hiddev0']) writeFileSync(join(usbDir, f), '');
    const found = await listPrinters({ usbDir });
    expect(found.system).toEqual([
      { name: 'XP-80C', target: 'spooler:XP-80C' },
      { name: '前台小票机', target: 'spooler:前台小票机' },
    ]);
    expect(found.usb.map((u) => u.target)).toEqual([`file:${join(usbDir, 'lp0')}`, `file:${join(usbDir, 'lp1')}`]);
    expect(found.targets.slice(0, 4)).toEqual(['spooler:XP-80C', 'spooler:前台小票机', `file:${join(usbDir, 'lp0')}`, `file:${join(usbDir, 'lp1')}`]);
    for (const t of found.targets) expect(() => parsePrinterTarget(t), t).not.toThrow();
  });

  it('finds no system printer, without failing, when lpstat fails or is missing', async () => {
    fakeLpstat('echo "lpstat: Scheduler is not running." >&2; exit 1');
    expect(await systemPrinterNames('linux')).toEqual([]);
    process.env.PATH = mkdtempSync(join(tmpdir(), 'sq-empty-bin-'));
    expect(await systemPrinterNames('linux')).toEqual([]);
    expect(usbPrinterNodes(join(bin, 'no-such-dir'))).toEqual([]);
    mkdirSync(join(bin, 'usb'));
    expect(usbPrinterNodes(join(bin, 'usb'))).toEqual([]);
  });
});
