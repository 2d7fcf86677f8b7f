import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens (creating if missing) and migrates a swipequeue database.
 * WAL + synchronous=FULL: a committed check-in survives a power cut, so a
 * ticket is durable before it is printed or shown.
 */
export function openDb(file: string, opts: { nativeBinding?: string } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // nativeBinding: the desktop app's own build for Electron's ABI (src/main/native.ts);
  // node_modules keeps the Node build for the CLI, `serve` and the tests.
  const db = new Database(file, opts.nativeBinding !== undefined ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
