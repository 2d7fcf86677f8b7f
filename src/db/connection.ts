import Database from 'better-sqlite3';
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, notFound } from '../shared/errors.js';
import { lockDatabase, type DbLock } from './lock.js';
import { latestVersion, migrate } from './migrate.js';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** Refuse a missing file instead of creating it (exports and other readers: a typo must not make an empty database). */
  mustExist?: boolean;
  /**
   * better-sqlite3's binding file: the desktop app's own build for Electron's
   * ABI (src/main/native.ts); node_modules keeps the Node build for the CLI,
   * `serve` and the tests.
   */
  nativeBinding?: string;
}

const fail = (code: 'database-read-only' | 'not-a-database' | 'database-damaged', message: string, details: Record<string, unknown>) =>
  new AppError('failure', code, message, details);

/** Owner-only files: the database holds names, signatures and ID hashes. */
const PRIVATE_FILE = 0o600;
const PRIVATE_FOLDER = 0o700;

/**
 * Opens (creating if missing) and migrates a swipequeue database.
 * WAL + synchronous=FULL: a committed check-in survives a power cut, so a
 * ticket is durable before it is printed or shown.
 *
 * Before anything is written the file is checked, so a refused file is left
 * as it was: it must be writable (and its folder, for the WAL), a SQLite file,
 * ours (no foreign tables), not from a newer app, and pass `quick_check`.
 * Each refusal is one plain sentence naming the file.
 */
export function openDb(file: string, opts: OpenDbOptions = {}): Db {
  return open(file, opts, false).db;
}

/**
 * openDb for a kiosk (`serve`, the desktop app): also takes the database's
 * lock (./lock.ts) once the file passed its checks and before anything is
 * written, so a second kiosk on the same file is refused and changes nothing.
 */
export function openKioskDb(file: string, opts: Pick<OpenDbOptions, 'nativeBinding'> = {}): { db: Db; lock: DbLock | null } {
  return open(file, opts, true);
}

function open(file: string, opts: OpenDbOptions, withLock: boolean): { db: Db; lock: DbLock | null } {
  const binding = opts.nativeBinding !== undefined ? { nativeBinding: opts.nativeBinding } : {};
  if (file === ':memory:') return { db: configure(new Database(file, binding), file), lock: null };
  const folder = dirname(file);
  if (!existsSync(file)) {
    if (opts.mustExist) throw notFound('no-database', `no database at ${file}; check --db (a database is made by importing an event)`, { file });
    mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER });
    // Created owner-only before SQLite sees it; SQLite gives the WAL and shm files the same mode.
    try {
      closeSync(openSync(file, 'wx', PRIVATE_FILE));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(e, file, folder);
    }
  } else {
    if (!statSync(file).isFile()) throw fail('not-a-database', `${file} is not a database file`, { file });
    checkWritable(file, folder);
  }
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true, ...binding });
  } catch (e) {
    throw describeOpenError(e, file, folder);
  }
  let lock: DbLock | null = null;
  try {
    inspect(db, file);
    if (withLock) lock = lockDatabase(file, binding);
    configure(db, file);
  } catch (e) {
    db.close();
    lock?.release();
    throw describeOpenError(e, file, folder);
  }
  tightenModes(file);
  return { db, lock };
}

function configure(db: Db, file: string): Db {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, file);
  return db;
}

function checkWritable(file: string, folder: string): void {
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw fail('database-read-only', `the database ${file} is read-only; give this user write permission to it (or copy it somewhere writable)`, { file });
  }
  try {
    // The WAL and its index live beside the database.
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw fail('database-read-only', `the folder ${folder} is read-only, and the database needs to write its journal there; give this user write permission to it`, {
      file,
      folder,
    });
  }
}

const OUR_TABLES = ['settings', 'events', 'students', 'tickets', 'audit'];

/** Read-only looks at a file before we change it: is it ours, from this app's era, and whole? */
function inspect(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  // Refused before the journal mode changes, so the newer app can still open it as it left it.
  if (version > latestVersion()) migrate(db, file);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  const foreign = version === 0 ? tables.length > 0 : OUR_TABLES.some((t) => !tables.includes(t));
  if (foreign) {
    throw fail('not-a-database', `${file} is a SQLite file of another program (tables: ${tables.slice(0, 5).join(', ') || 'none'}), not a swipequeue database; it was left untouched`, {
      file,
    });
  }
  const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw damaged(file, problems.join('; '));
}

const damaged = (file: string, detail: string) =>
  fail('database-damaged', `the database ${file} is damaged (${detail}); restore it from a backup, the file was left untouched`, { file });

function unwritable(e: unknown, file: string, folder: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return fail('database-read-only', `cannot create the database ${file}: the folder ${folder} is not writable`, { file, folder });
  }
  return e;
}

/** SQLite's own failures on open, in plain words. */
function describeOpenError(e: unknown, file: string, folder: string): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') return fail('not-a-database', `${file} is not a SQLite database (wrong file?); it was left untouched`, { file });
  if (code === 'SQLITE_CORRUPT') return damaged(file, 'the file is malformed');
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return fail('database-read-only', `cannot write the database ${file} or its journal in ${folder}; check the permissions`, { file, folder });
  }
  return e;
}

/** Files of an older version were created 0644: take group and others' access away (never adding any). */
function tightenModes(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      const mode = statSync(f).mode & 0o777;
      if ((mode & 0o077) !== 0) chmodSync(f, mode & ~0o077);
    } catch {
      // absent, or not ours to change
    }
  }
}
