// The forwarder's reads on disk until the kiosk server has answered them: one
// owner-only file per read in an owner-only folder, named so that the order
// they were read in is the order of the names, written to a temporary file,
// flushed and renamed, so a power cut leaves a read whole or not at all.
// A file holds the read sealed to the server (src/core/desk-seal.ts) and the
// masked ID number, never the ID number: this laptop cannot open it again.
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A read as the queue keeps it. */
export interface StoredRead {
  key: string;
  readAt: string;
  /** `3301**********002X`: whom the read was, for the operator, when it cannot be sent. */
  maskedId: string;
  idNumberValid: boolean;
  /** The fingerprint of the server key it was sealed to. */
  sealKeyId: string;
  sealed: string;
}

const NAME = /^(\d{12})-([A-Za-z0-9_-]{16,64})\.json$/;

function writeDurably(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder to flush it; the rename is durable enough there.
  }
}

function isStoredRead(v: unknown): v is StoredRead {
  const r = v as Partial<StoredRead> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.key === 'string' &&
    typeof r.readAt === 'string' &&
    typeof r.maskedId === 'string' &&
    typeof r.idNumberValid === 'boolean' &&
    typeof r.sealKeyId === 'string' &&
    typeof r.sealed === 'string'
  );
}

export class ReadQueue {
  readonly dir: string;
  readonly failedDir: string;
  private reads: { file: string; read: StoredRead }[] = [];
  private next = 1;

  /** Opens (creating) the folder and loads what an earlier run left, in order; unreadable files go to failed/. */
  constructor(dir: string, onUnreadable: (file: string) => void = () => {}) {
    this.dir = dir;
    this.failedDir = join(dir, 'failed');
    mkdirSync(this.failedDir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    chmodSync(this.failedDir, 0o700);
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.tmp')) {
        rmSync(join(dir, name), { force: true }); // a write cut short: the read was never taken as kept
        continue;
      }
      const m = NAME.exec(name);
      if (!m) continue;
      this.next = Math.max(this.next, Number(m[1]) + 1);
      const file = join(dir, name);
      let read: unknown;
      try {
        read = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        read = null;
      }
      if (isStoredRead(read) && read.key === m[2]) this.reads.push({ file, read });
      else {
        renameSync(file, join(this.failedDir, name));
        onUnreadable(name);
      }
    }
  }

  get size(): number {
    return this.reads.length;
  }

  /** The oldest read not yet answered. */
  head(): StoredRead | undefined {
    return this.reads[0]?.read;
  }

  all(): StoredRead[] {
    return this.reads.map((r) => r.read);
  }

  /** Keeps a read on disk (flushed) before it is sent. */
  add(read: StoredRead): void {
    const file = join(this.dir, `${String(this.next++).padStart(12, '0')}-${read.key}.json`);
    writeDurably(file, `${JSON.stringify(read)}\n`);
    syncFolder(this.dir);
    this.reads.push({ file, read });
  }

  /** The server answered the read: it leaves the disk. */
  remove(key: string): void {
    const i = this.reads.findIndex((r) => r.read.key === key);
    if (i < 0) return;
    const [gone] = this.reads.splice(i, 1);
    rmSync(gone!.file, { force: true });
    syncFolder(this.dir);
  }

  /** The server refused the read for good: kept apart in failed/ with the reason, for the operator. */
  fail(key: string, reason: string): void {
    const i = this.reads.findIndex((r) => r.read.key === key);
    if (i < 0) return;
    const [gone] = this.reads.splice(i, 1);
    const target = join(this.failedDir, gone!.file.slice(this.dir.length + 1));
    writeDurably(target, `${JSON.stringify({ ...gone!.read, failed: reason })}\n`);
    rmSync(gone!.file, { force: true });
    syncFolder(this.dir);
  }

  /** How many reads were refused for good, this run and before. */
  failedCount(): number {
    return readdirSync(this.failedDir).filter((n) => n.endsWith('.json')).length;
  }

  /** A small file beside the reads (the server's public key), owner-only like them. */
  writeNote(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text, { mode: 0o600 });
    chmodSync(join(this.dir, name), 0o600);
  }

  readNote(name: string): string | null {
    try {
      return readFileSync(join(this.dir, name), 'utf8');
    } catch {
      return null;
    }
  }
}
