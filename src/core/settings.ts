// Typed settings with defaults, stored as JSON values in the settings table;
// the admin PIN is kept as a salted scrypt hash, `1234` until changed.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { AppError, badInput } from '../shared/errors.js';
import type { Settings } from '../shared/types.js';
import { prep } from './sql.js';

export const DEFAULT_ADMIN_PIN = '1234';

export interface SettingsDefaults {
  readerTarget: string;
  printerTarget: string;
}

const BASE: Omit<Settings, 'readerTarget' | 'printerTarget'> = {
  walkInsAllowed: false,
  deskStation: null,
  siteStations: [],
  voiceRepeats: 2,
  feeDefault: 'unpaid',
  deskIdleSeconds: 8,
  paperWidth: 80,
  requireConfirm: false,
};
const KEYS = ['walkInsAllowed', 'deskStation', 'siteStations', 'voiceRepeats', 'feeDefault', 'deskIdleSeconds', 'readerTarget', 'printerTarget', 'paperWidth', 'requireConfirm'] as const;

export function readSetting<T>(db: Db, key: string): T | undefined {
  const row = prep(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  prep(db, 'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export function getSettings(db: Db, defaults: SettingsDefaults = { readerTarget: 'none', printerTarget: 'none' }): Settings {
  const rows = prep(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const out: Record<string, unknown> = { ...BASE, ...defaults };
  for (const k of KEYS) if (stored.has(k)) out[k] = stored.get(k);
  return out as unknown as Settings;
}

export type SettingsUpdate = Partial<Settings> & { adminPin?: string };

/** Stores the given keys (already validated by SettingsPatch); a new admin PIN is hashed. */
export function updateSettings(db: Db, patch: SettingsUpdate): void {
  db.transaction(() => {
    for (const k of KEYS) if (patch[k] !== undefined) writeSetting(db, k, patch[k]);
    if (patch.adminPin !== undefined) {
      if (!/^\d{4,32}$/.test(patch.adminPin)) throw badInput('bad-pin-format', 'the admin PIN must be 4 to 32 digits');
      writeSetting(db, 'adminPinHash', hashPin(patch.adminPin));
    }
  })();
}

function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(pin, salt, 32).toString('hex')}`;
}

export function verifyPin(db: Db, pin: string | undefined): boolean {
  if (pin === undefined) return false;
  const stored = readSetting<string>(db, 'adminPinHash');
  if (stored === undefined) return pin === DEFAULT_ADMIN_PIN;
  const [, saltHex, hashHex] = stored.split('$');
  if (!saltHex || !hashHex) return false;
  const want = Buffer.from(hashHex, 'hex');
  const got = scryptSync(pin, Buffer.from(saltHex, 'hex'), want.length);
  return timingSafeEqual(want, got);
}

/** True while the admin PIN is still 1234 (never changed, or changed back): every admin page says so. */
export function isDefaultPin(db: Db): boolean {
  return verifyPin(db, DEFAULT_ADMIN_PIN);
}

/** Admin operations: the PIN the client holds must match. */
export function requirePin(db: Db, pin: string | undefined): void {
  if (!verifyPin(db, pin)) {
    throw new AppError('unauthorized', 'bad-pin', pin === undefined ? 'this needs the admin PIN' : 'wrong admin PIN');
  }
}

export function activeEventId(db: Db): number | null {
  return readSetting<number>(db, 'activeEventId') ?? null;
}
