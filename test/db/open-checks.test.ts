// What opening a database refuses, and that a refused file is left exactly as
// it was; the one-kiosk lock; the ID key that must travel with the database;
// owner-only files. Real SQLite files in temp folders.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { lockHolder } from '../../src/db/lock.js';
import { latestVersion } from '../../src/db/migrate.js';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { SEED_EVENT, at, client, idNumber } from '../core/helpers.js';

const folder = () => mkdtempSync(join(tmpdir(), 'sq-open-'));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sides = (file: string) => ['-wal', '-shm', '-journal', '.lock', '.key'].filter((s) => existsSync(file + s));
const admin = { actor: 'admin', pin: '1234' };

const open: Kiosk[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.close();
});
const kioskOn = async (dbFile: string, more: { newKey?: boolean } = {}) => {
  const k = await openKiosk({ dbFile, now: () => at(9, 30), ...more });
  open.push(k);
  return k;
};

/** A day with one student whose ID number is hashed, closed again. */
async function dayWithHashes(dbFile: string): Promise<void> {
  const k = await openKiosk({ dbFile, now: () => at(9, 30) });
  const h = client(k);
  await h.importEvent(structuredClone(SEED_EVENT), admin);
  const csv = `学号,姓名,学院,身份证号\n001,甲,理学院,${idNumber('33010619990131001')}\n`;
  await h.importRoster({ fileName: 'r.csv', contentBase64: Buffer.from(csv).toString('base64') }, admin);
  await k.close();
}

describe('opening a database', () => {
  it('creates a new one owner-only, in an owner-only folder', () => {
    const file = join(folder(), 'new', 'day.db');
    const db = openDb(file);
    db.prepare("INSERT INTO settings VALUES ('x', '1')").run();
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    db.close();
  });

  it('takes group and other access away from an older 0644 database', () => {
    const file = join(folder(), 'day.db');
    openDb(file).close();
    chmodSync(file, 0o644);
    openDb(file).close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a missing file when it must exist, creating nothing', () => {
    const file = join(folder(), 'typo.db');
    expect(() => openDb(file, { mustExist: true })).toThrow(expect.objectContaining({ code: 'no-database', message: expect.stringContaining(file) }));
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a database of a newer app before switching it to WAL', () => {
    const file = join(folder(), 'day.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future(x)');
    raw.pragma(`user_version = ${latestVersion() + 1}`);
    raw.close();
    const before = sha(file);
    expect(() => openDb(file)).toThrow(expect.objectContaining({ code: 'database-too-new' }));
    expect(sha(file)).toBe(before);
    // Byte 18 of the header is 1 for a rollback journal, 2 for WAL.
    expect(readFileSync(file)[18]).toBe(1);
    expect(sides(file)).toEqual([]);
  });

  it('refuses a SQLite file of another program without adding our tables', () => {
    const file = join(folder(), 'contacts.db');
    const raw = new Database(file);
    raw.exec("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x')");
    raw.close();
    const before = sha(file);
    expect(() => openDb(file)).toThrow(expect.objectContaining({ code: 'not-a-database', message: expect.stringMatching(/another program \(tables: contacts\)/) }));
    expect(sha(file)).toBe(before);
    expect(sides(file)).toEqual([]);
  });

  it('refuses a file that is not SQLite at all', () => {
    const file = join(folder(), 'roster.csv');
    writeFileSync(file, '学号,姓名\n'.repeat(500));
    const before = sha(file);
    expect(() => openDb(file)).toThrow(expect.objectContaining({ code: 'not-a-database', message: expect.stringContaining('is not a SQLite database') }));
    expect(sha(file)).toBe(before);
  });

  it('refuses a database with a damaged page, leaving it for a rescue', () => {
    const file = join(folder(), 'day.db');
    const db = openDb(file);
    db.exec('CREATE TABLE filler(x TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 400; i++) insert.run('x'.repeat(200));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Garbage over a page in the middle of the file (a table's b-tree page).
    const page = Math.floor(bytes.length / pageSize / 2);
    bytes.fill(0xa5, page * pageSize, page * pageSize + pageSize);
    writeFileSync(file, bytes);
    const before = sha(file);
    expect(() => openDb(file)).toThrow(expect.objectContaining({ code: 'database-damaged', message: expect.stringContaining(`the database ${file} is damaged`) }));
    expect(sha(file)).toBe(before);
  });
});

describe('one kiosk per database', () => {
  it('refuses a second kiosk on the same file, naming the process, and lets it in once the first closes', async () => {
    const file = join(folder(), 'day.db');
    const first = await kioskOn(file);
    expect(lockHolder(`${file}.lock`)).toBe(process.pid);
    expect(statSync(`${file}.lock`).mode & 0o777).toBe(0o600);
    const refused = await openKiosk({ dbFile: file }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'database-in-use', details: { pid: process.pid } });
    expect((refused as Error).message).toBe(`the database ${file} is in use by another swipequeue (process ${process.pid}); stop that one first, or use another --db`);
    // The first one is not disturbed.
    await client(first).importEvent(structuredClone(SEED_EVENT), admin);
    await first.close();
    open.splice(0);
    const second = await kioskOn(file);
    expect((await client(second).getEvent({}, admin))?.name).toBe(SEED_EVENT.name);
  });

  it('readers such as exports still open the database while a kiosk runs', async () => {
    const file = join(folder(), 'day.db');
    await kioskOn(file);
    const reader = openDb(file, { mustExist: true });
    expect(reader.pragma('user_version', { simple: true })).toBe(latestVersion());
    reader.close();
  });
});

describe('the ID key travels with the database', () => {
  it('refuses a database with hashes whose key is missing, naming where it is expected', async () => {
    const dir = folder();
    const file = join(dir, 'day.db');
    await dayWithHashes(file);
    // Copied to another laptop without its key.
    const copy = join(folder(), 'copy.db');
    renameSync(file, copy);
    const before = sha(copy);
    const err = await openKiosk({ dbFile: copy }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'missing-key', details: { keyFile: `${copy}.key`, hashes: 1 } });
    expect((err as Error).message).toMatch(new RegExp(`^the ID key of ${copy} is missing: expected at ${copy}\\.key\\.`));
    expect(existsSync(`${copy}.key`)).toBe(false);
    expect(sha(copy)).toBe(before);
    // --new-key: the operator accepts a new key.
    const k = await kioskOn(copy, { newKey: true });
    expect(existsSync(`${copy}.key`)).toBe(true);
    expect(statSync(`${copy}.key`).mode & 0o777).toBe(0o600);
    await k.close();
    open.splice(0);
    // From now on that key is the database's own.
    await kioskOn(copy);
  });

  it('refuses the key of another database', async () => {
    const a = join(folder(), 'a.db');
    const b = join(folder(), 'b.db');
    await dayWithHashes(a);
    await dayWithHashes(b);
    writeFileSync(`${b}.key`, readFileSync(`${a}.key`));
    await expect(openKiosk({ dbFile: b })).rejects.toMatchObject({ code: 'wrong-key', message: expect.stringContaining('belongs to another database') });
  });

  it('gives a database without hashes (event only, from the CLI) a new key as before', async () => {
    const file = join(folder(), 'day.db');
    const db = openDb(file);
    db.close();
    expect(existsSync(`${file}.key`)).toBe(false);
    await kioskOn(file);
    expect(existsSync(`${file}.key`)).toBe(true);
  });
});
