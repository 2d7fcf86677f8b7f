import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { latestVersion, loadMigrations, migrate } from '../../src/db/migrate.js';

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'sq-db-')), 'day.db');

describe('migrations', () => {
  it('opens a new file in WAL, synchronous=FULL, foreign keys on, at the latest version', () => {
    const db = openDb(tmpFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    db.close();
  });

  it('0001-init: STRICT tables, and a duplicate ticket number is impossible', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, file, loadMigrations(), 1);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    const strict = raw.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema='main' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; strict: number }[];
    expect(strict.map((t) => t.name).sort()).toEqual(['audit', 'events', 'settings', 'slots', 'stations', 'students', 'tickets']);
    expect(strict.every((t) => t.strict === 1)).toBe(true);

    raw.pragma('foreign_keys = ON');
    const now = new Date().toISOString();
    raw.prepare(`INSERT INTO events(id,name,date,fee_fen,created_at,updated_at) VALUES (1,'d','2020-12-21',2000,?,?)`).run(now, now);
    raw.prepare(`INSERT INTO stations VALUES (1,'A','7-115')`).run();
    const student = raw.prepare(`INSERT INTO students(event_id,student_id,name,college,created_at,updated_at) VALUES (1,?,?,'理学院',?,?)`);
    student.run('001', '甲', now, now);
    student.run('002', '乙', now, now);
    const ticket = raw.prepare(`INSERT INTO tickets(event_id,station_code,seq,ticket,student,method,fee_status,checked_in_at) VALUES (1,'A',?,?,?,'manual','unpaid',?)`);
    ticket.run(1, '0001A', 1, now);
    expect(() => ticket.run(1, '0001A', 2, now)).toThrow(/UNIQUE/);
    // the ticket text must agree with its sequence and station
    expect(() => ticket.run(2, '0003A', 2, now)).toThrow(/CHECK/);
    // one live ticket per student
    expect(() => ticket.run(2, '0002A', 1, now)).toThrow(/UNIQUE/);
    raw.close();
  });

  it('0002-confirm-retake: tickets of a day written by 0001 keep their rows and gain no retakes, no confirm; bad values are refused', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, file, loadMigrations(), 1);
    raw.pragma('foreign_keys = ON');
    const now = new Date().toISOString();
    raw.prepare(`INSERT INTO events(id,name,date,fee_fen,created_at,updated_at) VALUES (1,'d','2020-12-21',2000,?,?)`).run(now, now);
    raw.prepare(`INSERT INTO stations VALUES (1,'A','7-115')`).run();
    raw.prepare(`INSERT INTO students(id,event_id,student_id,name,college,created_at,updated_at) VALUES (1,1,'001','甲','理学院',?,?)`).run(now, now);
    raw.prepare(`INSERT INTO tickets(event_id,station_code,seq,ticket,student,status,method,fee_status,checked_in_at) VALUES (1,'A',1,'0001A',1,'photographed','card','paid',?)`).run(now);
    migrate(raw, file, loadMigrations(), 2);
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    expect(raw.prepare('SELECT ticket, status, retakes, requeued_at, confirmed_at, confirm_method FROM tickets').all()).toEqual([
      { ticket: '0001A', status: 'photographed', retakes: 0, requeued_at: null, confirmed_at: null, confirm_method: null },
    ]);
    expect(() => raw.prepare(`UPDATE tickets SET confirm_method = 'telepathy'`).run()).toThrow(/CHECK/);
    expect(() => raw.prepare('UPDATE tickets SET retakes = -1').run()).toThrow(/CHECK/);
    // the status vocabulary is unchanged: a retake is a waiting ticket
    expect(() => raw.prepare(`UPDATE tickets SET status = 'retake'`).run()).toThrow(/CHECK/);
    raw.close();
  });

  it('0003-desk-reads: a day at version 2 gains the forwarded-read record; one row per key', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, file, loadMigrations(), 2);
    const now = new Date().toISOString();
    raw.prepare(`INSERT INTO events(id,name,date,fee_fen,created_at,updated_at) VALUES (1,'d','2020-11-26',1700,?,?)`).run(now, now);
    migrate(raw, file, loadMigrations(), 3);
    expect(raw.pragma('user_version', { simple: true })).toBe(3);
    expect(raw.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'desk_reads'`).get()).toEqual({ strict: 1 });
    raw.pragma('foreign_keys = ON');
    const read = raw.prepare(
      `INSERT INTO desk_reads(key,event_id,desk,read_at,received_at,late,name,id_masked,id_valid,ticket) VALUES (?,1,'东门',?,?,?,'甲','3301**********002X',1,'0001A')`,
    );
    read.run('k-0000000000000001', now, now, 0);
    expect(() => read.run('k-0000000000000001', now, now, 0)).toThrow(/UNIQUE/);
    expect(() => read.run('k-0000000000000002', now, now, 2)).toThrow(/CHECK/);
    raw.close();
  });

  it('0004-ticket-public-code: tickets issued before get a random URL-safe code of 96 bits, unique', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, file, loadMigrations(), 1);
    const now = new Date().toISOString();
    raw.prepare(`INSERT INTO events(id,name,date,fee_fen,created_at,updated_at) VALUES (1,'d','2020-12-21',2000,?,?)`).run(now, now);
    raw.prepare(`INSERT INTO stations VALUES (1,'A','7-115')`).run();
    const student = raw.prepare(`INSERT INTO students(event_id,student_id,name,college,created_at,updated_at) VALUES (1,?,?,'理学院',?,?)`);
    const ticket = raw.prepare(`INSERT INTO tickets(event_id,station_code,seq,ticket,student,method,fee_status,checked_in_at) VALUES (1,'A',?,?,?,'manual','unpaid',?)`);
    for (let i = 1; i <= 50; i++) {
      student.run(String(i), `学生${i}`, now, now);
      ticket.run(i, `${String(i).padStart(4, '0')}A`, i, now);
    }
    migrate(raw, file, loadMigrations(), 4);
    expect(raw.pragma('user_version', { simple: true })).toBe(4);
    const codes = (raw.prepare('SELECT public_code FROM tickets').all() as { public_code: string }[]).map((r) => r.public_code);
    expect(codes).toHaveLength(50);
    for (const c of codes) expect(c).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(codes).size).toBe(50);
    // one code, one ticket
    expect(() => raw.prepare('UPDATE tickets SET public_code = ? WHERE seq = 2').run(codes[0])).toThrow(/UNIQUE/);
    raw.close();
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion() + 1}`);
    raw.close();
    expect(() => openDb(file)).toThrow(/newer swipequeue/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latestVersion() + 1);
    again.close();
  });
});
