// The kiosk's log: a small rotating file in the data folder (logs/serve.log for
// `swipequeue serve`, logs/app.log for the desktop app), never stdout (stdout of
// `serve` carries the one `listening on` line scripts wait for). In core so both
// the server and Electron main write the same format.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type Logger } from 'pino';
import { AppError } from '../shared/errors.js';
import { maskIdNumbersIn } from '../shared/id-number.js';

export interface RotatingFileOptions {
  /** Rotate when the file would grow past this many bytes. */
  maxBytes?: number;
  /** Keep `file.1` … `file.N` (oldest dropped). */
  keep?: number;
}

/** A pino destination: appends synchronously, rotates by size (`server.log` → `server.log.1` …). */
export class RotatingFile {
  private fd: number;
  private size: number;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly file: string,
    opts: RotatingFileOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = opts.keep ?? 3;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'a', 0o600);
    this.size = statSync(file).size;
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
    return true;
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    renameSync(this.file, `${this.file}.1`);
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Checked at start-up (`serve`): the log folder and file can be created and
 * appended to, or one plain error naming the folder, instead of a failure
 * later or a misleading one.
 */
export function checkLogFile(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new AppError('failure', 'logs-unwritable', `cannot write the log file ${file} (${err.code ?? err.message}); give this user write permission to ${dirname(file)}`, {
      folder: dirname(file),
    });
  }
}

/**
 * A URL as the log keeps it: the path (ID numbers in it masked) and the query's
 * keys, but no value except a station letter or an export kind; a query may
 * carry a token, a name or an ID number.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = maskIdNumbersIn(q < 0 ? url : url.slice(0, q));
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      const keep = /^(station|kind)$/i.test(key) && /^[A-Za-z-]{1,20}$/.test(value);
      return `${maskIdNumbersIn(key)}=${keep ? value : '[redacted]'}`;
    })
    .join('&');
  return `${path}?${query}`;
}

export function createLogger(file: string | null, opts: RotatingFileOptions = {}): { logger: Logger; close(): void } {
  if (file === null) return { logger: pino({ enabled: false }), close: () => {} };
  const dest = new RotatingFile(file, opts);
  const logger = pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['req.headers.authorization', 'req.headers["x-admin-pin"]'],
      // The last guard: whatever a message or an error carries, no ID number reaches the disk.
      hooks: { streamWrite: (line: string) => maskIdNumbersIn(line) },
    },
    dest,
  );
  return { logger, close: () => dest.close() };
}
