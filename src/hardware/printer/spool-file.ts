// What both spooler links (CUPS in ./spooler.ts, Windows in ./windows-spooler.ts)
// need: the ticket's bytes in a private file for the spooler program, and one
// wording of a failed job.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bytes in an owner-only temporary file; `remove` once the spooler program has run. */
export function ticketFile(bytes: Uint8Array): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sq-print-'));
  const file = join(dir, 'ticket.bin');
  writeFileSync(file, bytes, { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const spoolFailed = (name: string, detail: string, cause?: unknown) => new Error(`系统打印机 ${name} 打印失败 (${detail})`, { cause });
