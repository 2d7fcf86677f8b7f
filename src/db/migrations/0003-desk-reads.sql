-- Card reads forwarded by the desks at other doors (`swipequeue reader forward`):
-- one row per read, keyed by the idempotency key the forwarder gave it, written
-- in the same transaction as the check-in the read caused. A read sent again
-- (a reply lost, the network back) is answered from here, never checked in
-- twice. The card's name and the masked ID number only, like students.
CREATE TABLE desk_reads (
  key         TEXT PRIMARY KEY,
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  desk        TEXT NOT NULL,
  read_at     TEXT NOT NULL,          -- when the card was on the reader (the forwarder's clock)
  received_at TEXT NOT NULL,          -- when this kiosk took it
  late        INTEGER NOT NULL CHECK (late IN (0, 1)),  -- waited on the forwarder's disk (server or network away)
  name        TEXT NOT NULL,
  id_masked   TEXT NOT NULL,
  id_valid    INTEGER NOT NULL CHECK (id_valid IN (0, 1)),
  ticket      TEXT,                   -- the ticket issued, or the one the student already held
  error       TEXT,                   -- the error code when no ticket was issued
  detail      TEXT                    -- JSON: the error's message and details
) STRICT;
CREATE INDEX desk_reads_by_desk ON desk_reads(event_id, desk, received_at);
