// One kiosk per database: `swipequeue serve` and the desktop app hold
// `<db>.lock` while they run, so a second one cannot start on the same file and
// split the live screens between two servers. The lock is SQLite's own
// exclusive file lock on a tiny side database: the operating system drops it
// when the holder exits, crashes or is killed, so a stale lock never blocks.
// The holder's process id is kept in that file's header (user_version), which
// another process can read even while the lock is held. The file stays after
// release: deleting it could let two processes lock two different files.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { AppError } from '../shared/errors.js';

export interface DbLock {
  readonly file: string;
  release(): void;
}

/**
 * Held locks, strongly referenced: a connection that is garbage collected is
 * closed, and its lock silently released, while the kiosk still runs.
 */
const held = new Set<Database.Database>();

/** Offset of user_version in a SQLite file header. */
const USER_VERSION_OFFSET = 60;

/** The process id recorded by the lock's holder, or null when unreadable. */
export function lockHolder(lockFile: string): number | null {
  let fd: number | undefined;
  try {
    fd = openSync(lockFile, 'r');
    const header = Buffer.alloc(USER_VERSION_OFFSET + 4);
    if (readSync(fd, header, 0, header.length, 0) < header.length) return null;
    const pid = header.readUInt32BE(USER_VERSION_OFFSET);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Takes `<dbFile>.lock` or throws database-in-use naming the holder. */
export function lockDatabase(dbFile: string, binding: { nativeBinding?: string } = {}): DbLock {
  const file = `${dbFile}.lock`;
  try {
    return tryLock(file, dbFile, binding);
  } catch (e) {
    // A lock file that is not a SQLite file (cut short by a crash while created) is nobody's lock.
    if ((e as { code?: unknown }).code !== 'SQLITE_NOTADB' && (e as { code?: unknown }).code !== 'SQLITE_CORRUPT') throw e;
    rmSync(file, { force: true });
    return tryLock(file, dbFile, binding);
  }
}

function tryLock(file: string, dbFile: string, binding: { nativeBinding?: string }): DbLock {
  // Owner-only, like everything beside the database.
  closeSync(openSync(file, 'a', 0o600));
  const lock = new Database(file, { timeout: 0, ...binding });
  try {
    // EXCLUSIVE mode: the lock taken by the first write is held until the connection closes.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    lock.exec('BEGIN EXCLUSIVE');
    lock.pragma(`user_version = ${process.pid}`);
    lock.exec('COMMIT');
  } catch (e) {
    lock.close();
    if ((e as { code?: unknown }).code === 'SQLITE_BUSY') {
      const pid = lockHolder(file);
      const who = pid === null ? 'another swipequeue' : `another swipequeue (process ${pid})`;
      throw new AppError('failure', 'database-in-use', `the database ${dbFile} is in use by ${who}; stop that one first, or use another --db`, {
        file: dbFile,
        pid,
      });
    }
    throw e;
  }
  held.add(lock);
  return {
    file,
    release() {
      if (!held.delete(lock)) return;
      lock.close();
    },
  };
}
