import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { AppError } from '../shared/errors.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNNN-what.sql`, in order; version N leaves the file at `user_version = N`. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f, i) => {
      const version = Number(f.slice(0, 4));
      if (version !== i + 1) throw new Error(`migration ${f} is out of sequence: expected ${String(i + 1).padStart(4, '0')}`);
      return { version, name: f.slice(5, -4), sql: readFileSync(`${dir}/${f}`, 'utf8') };
    });
}

export const latestVersion = (migrations = loadMigrations()): number => migrations.length;

/** Applies pending migrations, each in its own transaction; refuses a database from a newer app. */
export function migrate(db: Database.Database, label: string, migrations = loadMigrations(), upTo = migrations.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new AppError(
      'failure',
      'database-too-new',
      `${label} was written by a newer swipequeue (schema ${current}, this app knows up to ${migrations.length}); update the app, the file was left untouched`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
