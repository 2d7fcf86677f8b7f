// The composition root shared by `swipequeue serve`, the CLI and Electron main:
// database + reader + printer + services behind the contract's Handlers.
// (Implemented by the core; this file states the shape the transports rely on.)
import type { Handlers } from '../shared/contract.js';
import type { LiveEvent } from '../shared/types.js';

export interface KioskOptions {
  /** SQLite file; created and migrated if missing. */
  dbFile: string;
  /** `serial:/dev/ttyUSB0?baud=115200`, `hid:VID:PID`, `demo`, `none` (default none). */
  reader?: string;
  /** `tcp://host:9100`, `serial:/dev/…?baud=9600`, `file:/path`, `none` (default none). */
  printer?: string;
  /** Overrides the clock (tests). */
  now?: () => Date;
}

export interface Kiosk {
  handlers: Handlers;
  /** Live events for displays, callers and the desk; returns an unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** Closes reader, printer and database cleanly. */
  close(): Promise<void>;
}
