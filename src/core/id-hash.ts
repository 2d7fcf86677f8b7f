// ID numbers are personal data (PIPL): the database keeps only an HMAC-SHA256
// under a per-installation key, stored beside the database, owner-only.
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { normalizeIdNumber } from '../shared/id-number.js';

export type IdKey = Buffer & { readonly __brand: 'IdKey' };

/** `<dbfile>.key`: 32 random bytes as hex, created with mode 0600 on first use. */
export function loadIdKey(dbFile: string): IdKey {
  if (dbFile === ':memory:') return randomBytes(32) as IdKey;
  const file = `${dbFile}.key`;
  try {
    const hex = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex') as IdKey;
    throw new Error(`${file} is not a swipequeue key file (expected 64 hex digits); restore it from a backup`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
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

export function hashIdNumber(key: IdKey, idNumber: string): string {
  return createHmac('sha256', key).update(normalizeIdNumber(idNumber)).digest('hex');
}
