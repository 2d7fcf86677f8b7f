// The admin page's printer choice: the printers this machine can reach without
// typing an address, each with the target string that opens it
// (src/hardware/printer/open-printer.ts): serial ports (USB-serial thermal
// printers), the operating system's printers (`spooler:<name>`: CUPS `lpstat -e`
// on Linux and macOS, `Get-Printer` on Windows) and USB line-printer device
// nodes (`file:/dev/usb/lp0`). Network printers have no discovery: an expert
// types `tcp://…:9100`.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listSerialPorts, type SerialPortInfo } from '../serial-ports.js';

export interface PrinterCandidates {
  serial: (SerialPortInfo & { target: string })[];
  system: { name: string; target: string }[];
  usb: { path: string; target: string }[];
  /** Every target above: system printers, USB device nodes, serial ports on a known chip, other serial ports. */
  targets: string[];
}

/** The usual speed of USB-serial thermal printers. */
const PRINTER_BAUD = 9600;
const LIST_TIMEOUT_MS = 8000;

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: LIST_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' }, (e, out) => resolve(e ? '' : out));
  });
}

/**
 * The spooler's printer names: none when there is no spooler command (CUPS not
 * installed) or it fails: discovery never fails, it finds less.
 */
export async function systemPrinterNames(platform: NodeJS.Platform = process.platform): Promise<string[]> {
  const out =
    platform === 'win32'
      ? // UTF-8 out, so a printer named in Chinese survives whatever the console code page is.
        await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', '[Console]::OutputEncoding=[Text.Encoding]::UTF8; Get-Printer | ForEach-Object { $_.Name }'])
      : await run('lpstat', ['-e']);
  return [...new Set(out.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))];
}

/** `/dev/usb/lp0`…: printers the Linux kernel's usblp driver exposes as files. */
export function usbPrinterNodes(dir = '/dev/usb'): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /^lp\d+$/.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

export async function listPrinters(opts: { usbDir?: string } = {}): Promise<PrinterCandidates> {
  const [ports, names] = await Promise.all([listSerialPorts(), systemPrinterNames()]);
  const serial = ports.map((p) => ({ ...p, target: `serial:${p.path}?baud=${PRINTER_BAUD}` }));
  const system = names.map((name) => ({ name, target: `spooler:${name}` }));
  const usb = process.platform === 'linux' || opts.usbDir ? usbPrinterNodes(opts.usbDir).map((path) => ({ path, target: `file:${path}` })) : [];
  const targets = [...system.map((s) => s.target), ...usb.map((u) => u.target), ...serial.filter((p) => p.bridge).map((p) => p.target), ...serial.filter((p) => !p.bridge).map((p) => p.target)];
  return { serial, system, usb, targets: [...new Set(targets)] };
}
