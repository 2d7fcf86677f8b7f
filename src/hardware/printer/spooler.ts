// System printers (`spooler:<name>`): the ticket's raw ESC/POS bytes handed to
// the operating system's spooler, for thermal printers installed with a vendor
// driver. Windows: the print API through a PowerShell helper (windows-spooler.ts).
// Linux/macOS: CUPS `lp -d <name> -o raw`, no status (CUPS hides it).
// Tested on Linux with stand-in `lp` and `powershell.exe` programs (test/hardware/printer/spooler.test.ts).
import { execFile } from 'node:child_process';
import { spoolFailed, ticketFile } from './spool-file.js';
import type { PrinterLink } from './transports.js';
import { windowsSpoolerLink } from './windows-spooler.js';

export function spoolerLink(name: string, platform: NodeJS.Platform = process.platform): PrinterLink {
  return platform === 'win32' ? windowsSpoolerLink(name) : cupsLink(name);
}

function cupsLink(name: string): PrinterLink {
  const target = `spooler:${name}`;
  return {
    target,
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        const ticket = ticketFile(bytes);
        execFile('lp', ['-d', name, '-o', 'raw', ticket.file], { timeout: 10_000 }, (e, _out, err) => {
          ticket.remove();
          if (!e) return resolve();
          // No spooler command at all is a set-up problem, said as one (not "spawn lp ENOENT").
          const detail = (e as NodeJS.ErrnoException).code === 'ENOENT' ? '找不到 lp 命令，请安装打印系统 (CUPS) / lp not found' : (err || e.message).trim();
          reject(spoolFailed(name, detail, e));
        });
      }),
    status: async () => ({ state: 'ok', message: `系统打印机 ${name}（状态由系统打印队列管理）`, target }),
  };
}
