// System printers (`spooler:<name>`): the ticket's raw ESC/POS bytes handed to
// the operating system's spooler, for thermal printers installed with a vendor
// driver. Windows: the printer must be shared under <name>; bytes are copied
// RAW to \\localhost\<name> (the classic `copy /b` path, no driver rendering).
// Linux/macOS: CUPS `lp -d <name> -o raw`. No status: the spooler hides it.
// Tested on Linux with a stand-in `lp` (test/hardware/printer/spooler.test.ts); the Windows path is untested.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrinterLink } from './transports.js';

export function spoolerLink(name: string): PrinterLink {
  const target = `spooler:${name}`;
  return {
    target,
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        const dir = mkdtempSync(join(tmpdir(), 'sq-print-'));
        const file = join(dir, 'ticket.bin');
        writeFileSync(file, bytes);
        const [cmd, args] =
          process.platform === 'win32' ? ['cmd.exe', ['/d', '/c', 'copy', '/b', file, `\\\\localhost\\${name}`]] : ['lp', ['-d', name, '-o', 'raw', file]];
        execFile(cmd, args as string[], { timeout: 10_000, windowsHide: true }, (e, _out, err) => {
          rmSync(dir, { recursive: true, force: true });
          if (!e) return resolve();
          // No spooler command at all is a set-up problem, said as one (not "spawn lp ENOENT").
          const detail = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `找不到 ${cmd} 命令，请安装打印系统 (CUPS) / ${cmd} not found` : (err || e.message).trim();
          reject(new Error(`系统打印机 ${name} 打印失败 (${detail})`, { cause: e }));
        });
      }),
    status: async () => ({ state: 'ok', message: `系统打印机 ${name}（状态由系统打印队列管理）`, target }),
  };
}
