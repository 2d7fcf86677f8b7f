-- The camera confirms who sits in front of it, and a rejected photo is retaken.
-- A retake keeps its ticket (one row: counted once in fees, the sign-in sheet
-- and the attendance) and goes back to `waiting`; `requeued_at` puts it ahead
-- of the numbers not yet called, so it is called right after the current one.
-- The status vocabulary stays as it is: a retake is a waiting ticket with
-- retakes > 0, so the phone page, the display and the exports keep working.
ALTER TABLE tickets ADD COLUMN retakes INTEGER NOT NULL DEFAULT 0 CHECK (retakes >= 0);
ALTER TABLE tickets ADD COLUMN requeued_at TEXT;
-- The last matching confirm of this sitting (cleared when the ticket is called again).
ALTER TABLE tickets ADD COLUMN confirmed_at TEXT;
ALTER TABLE tickets ADD COLUMN confirm_method TEXT CHECK (confirm_method IN ('card', 'manual', 'wedge', 'scan'));
