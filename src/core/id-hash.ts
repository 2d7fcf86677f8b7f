// ID numbers are personal data (PIPL): the database keeps only an HMAC-SHA256
// under a per-installation key, stored beside the database, owner-only.
// A database copied without its key would silently get a new one and every
// card would then answer not-on-roster, so a database that already holds
// hashes refuses to open without its own key (openIdKey).
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import type { Db } from '../db/connection.js';
import { AppError } from '../shared/errors.js';
import { normalizeIdNumber } from '../shared/id-number.js';
import { readSetting, writeSetting } from './settings.js';

export type IdKey = Buffer & { readonly __brand: 'IdKey' };

export const keyFileOf = (dbFile: string): string => `${dbFile}.key`;

/** The key file's key, or null when there is none. */
function readKeyFile(file: string): IdKey | null {
  let hex: string;
  try {
    hex = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex') as IdKey;
  throw new AppError('failure', 'wrong-key', `${file} is not a swipequeue key file (expected 64 hex digits); restore it from a backup`, { keyFile: file });
}

/** `<dbfile>.key`: 32 random bytes as hex, created with mode 0600 on first use. Low level: openIdKey checks it belongs to the database. */
export function loadIdKey(dbFile: string): IdKey {
  if (dbFile === ':memory:') return randomBytes(32) as IdKey;
  const file = keyFileOf(dbFile);
  const existing = readKeyFile(file);
  if (existing !== null) return existing;
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process created meanwhile.
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadIdKey(dbFile);
    throw e;
  }
  chmodSync(file, 0o600);
  return key as IdKey;
}

/** A fingerprint of the key kept in the database: tells its own key from another's without revealing it. */
const keyCheck = (key: IdKey): string => createHmac('sha256', key).update('swipequeue key check').digest('hex').slice(0, 32);
const KEY_CHECK_SETTING = 'idKeyCheck';

export interface IdKeyOptions {
  /** The operator accepts a new key for a database whose key is lost (`--new-key`): its stored hashes stop matching. */
  newKey?: boolean;
}

/**
 * The key of `db`: the file beside it, checked against the fingerprint the
 * database keeps. A brand-new database (no hashes, no fingerprint) gets a new
 * key; one that holds hashes refuses to open without its key unless `newKey`.
 */
export function openIdKey(db: Db, dbFile: string, opts: IdKeyOptions = {}): IdKey {
  if (dbFile === ':memory:') return loadIdKey(dbFile);
  const file = keyFileOf(dbFile);
  const stored = readSetting<string>(db, KEY_CHECK_SETTING);
  const existing = readKeyFile(file);
  if (existing !== null) {
    if (stored !== undefined && stored !== keyCheck(existing)) {
      throw new AppError(
        'failure',
        'wrong-key',
        `the key ${file} belongs to another database, not to ${dbFile}; put this database's own key there (move the wrong one aside first, or pass --new-key after moving it to start a new key)`,
        { keyFile: file },
      );
    }
    if (stored === undefined) writeSetting(db, KEY_CHECK_SETTING, keyCheck(existing));
    return existing;
  }
  const { hashes } = db.prepare('SELECT COUNT(*) AS hashes FROM students WHERE id_hash IS NOT NULL').get() as { hashes: number };
  if ((stored !== undefined || hashes > 0) && opts.newKey !== true) {
    throw new AppError(
      'failure',
      'missing-key',
      `the ID key of ${dbFile} is missing: expected at ${file}. The database holds ${hashes} hashed ID numbers that only its own key matches; copy the .key file that was beside it, or pass --new-key to start a new key (cards of those students will then not match until the roster is imported again)`,
      { keyFile: file, hashes },
    );
  }
  const key = loadIdKey(dbFile);
  writeSetting(db, KEY_CHECK_SETTING, keyCheck(key));
  return key;
}

export function hashIdNumber(key: IdKey, idNumber: string): string {
  return createHmac('sha256', key).update(normalizeIdNumber(idNumber)).digest('hex');
}
