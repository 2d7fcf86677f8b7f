-- The code of a ticket's public page (a student's phone follows the queue at
-- <public url>/t/<code> without a token): random, at least 64 bits, URL-safe,
-- unique. New tickets get 16 base64url characters (96 bits) from the check-in;
-- tickets issued before this version get 24 hex digits (96 bits) here.
ALTER TABLE tickets ADD COLUMN public_code TEXT;
UPDATE tickets SET public_code = lower(hex(randomblob(12))) WHERE public_code IS NULL;
CREATE UNIQUE INDEX tickets_public_code ON tickets(public_code);
