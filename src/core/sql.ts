// Prepared statements cached per connection: a check-in runs a handful of
// statements and must stay within 3x of a bare INSERT (docs/quality.md).
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

export function prep(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** Runs fn in a write transaction taken up front (BEGIN IMMEDIATE), so two desks never read the same MAX(seq). */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
