-- The first schema of a swipequeue day. Times are ISO-8601 strings in UTC.
-- Personal data kept to what the day needs (docs/the-day.md, Privacy): the ID number
-- only as a keyed hash and a masked form; no address, nation or photo.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL          -- JSON
) STRICT;

CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  fee_fen    INTEGER NOT NULL CHECK (fee_fen >= 0),   -- per person, in fen (0.01 yuan)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE stations (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  code     TEXT NOT NULL CHECK (length(code) = 1 AND code BETWEEN 'A' AND 'Z'),
  room     TEXT NOT NULL,
  PRIMARY KEY (event_id, code)
) STRICT;

CREATE TABLE slots (
  id           INTEGER PRIMARY KEY,
  event_id     INTEGER NOT NULL,
  station_code TEXT NOT NULL,
  college      TEXT NOT NULL,
  start        TEXT NOT NULL CHECK (start GLOB '[0-2][0-9]:[0-5][0-9]'),
  end          TEXT NOT NULL CHECK (end GLOB '[0-2][0-9]:[0-5][0-9]' AND end > start),
  FOREIGN KEY (event_id, station_code) REFERENCES stations(event_id, code) ON DELETE CASCADE
) STRICT;
CREATE INDEX slots_by_college ON slots(event_id, college);

CREATE TABLE students (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  student_id TEXT NOT NULL,
  name       TEXT NOT NULL,
  college    TEXT NOT NULL,
  id_hash    TEXT,              -- HMAC-SHA256 (hex) of the ID number, key beside the database
  id_masked  TEXT,              -- 3301**********002X
  major      TEXT,
  level      TEXT,
  has_photo  INTEGER NOT NULL DEFAULT 0 CHECK (has_photo IN (0, 1)),
  walk_in    INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (event_id, student_id)
) STRICT;
CREATE INDEX students_by_id_hash ON students(event_id, id_hash);
CREATE INDEX students_by_name ON students(event_id, name);

-- One row per check-in; the ticket number is assigned in the same transaction.
CREATE TABLE tickets (
  id            INTEGER PRIMARY KEY,
  event_id      INTEGER NOT NULL,
  station_code  TEXT NOT NULL,
  seq           INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 9999),
  ticket        TEXT NOT NULL CHECK (ticket = printf('%04d', seq) || station_code),
  student       INTEGER NOT NULL REFERENCES students(id),
  status        TEXT NOT NULL DEFAULT 'waiting'
                CHECK (status IN ('waiting', 'called', 'photographed', 'no-show', 'cancelled')),
  method        TEXT NOT NULL CHECK (method IN ('card', 'manual', 'wedge', 'scan')),
  scanned_code  TEXT,           -- whatever a 2D scanner typed (学信网 采集码), kept with the check-in
  outside_slot  INTEGER NOT NULL DEFAULT 0 CHECK (outside_slot IN (0, 1)),
  exempt        INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1)),  -- already has a photo on file
  fee_status    TEXT NOT NULL CHECK (fee_status IN ('paid', 'unpaid', 'exempt')),
  printed       INTEGER NOT NULL DEFAULT 0 CHECK (printed IN (0, 1)),
  signature     TEXT,           -- signature strokes as SVG path data
  signed_at     TEXT,
  checked_in_at TEXT NOT NULL,
  called_at     TEXT,
  finished_at   TEXT,
  call_count    INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (event_id, station_code) REFERENCES stations(event_id, code),
  UNIQUE (event_id, station_code, seq),
  UNIQUE (event_id, ticket)
) STRICT;
-- A student holds at most one live ticket per event; a cancelled one may be followed by a new one.
CREATE UNIQUE INDEX tickets_one_live_per_student ON tickets(event_id, student) WHERE status <> 'cancelled';
CREATE INDEX tickets_queue ON tickets(event_id, station_code, status, seq);

CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,        -- 'desk', 'caller:A', 'admin', 'cli', …
  action   TEXT NOT NULL,        -- check-in, duplicate, reprint, call, no-show, recall, photographed, undo, …
  event_id INTEGER,
  ticket   TEXT,
  student_id TEXT,
  detail   TEXT                  -- JSON
) STRICT;
CREATE INDEX audit_by_ticket ON audit(event_id, ticket);
