// What every group of handlers works with: the kiosk's database, the key of
// its ID-number hashes, its clock, its live bus and its devices.
import type { Db } from '../../db/connection.js';
import type { LiveEvent, Settings } from '../../shared/types.js';
import type { ServedAccess } from '../access.js';
import type { Devices } from '../devices.js';
import type { IdKey } from '../id-hash.js';
import type { LiveBus } from '../live.js';
import type { PrintQueue } from '../print-queue.js';

export interface KioskParts {
  db: Db;
  idKey: IdKey;
  now: () => Date;
  bus: LiveBus;
  devices: Devices;
  /** Tickets on their way to the printer, one at a time. */
  printQueue: PrintQueue;
  /** The stored settings with the devices' current targets. */
  settings: () => Settings;
  /** Where phones reach this kiosk (`serve --public-url`, else its address); null when nothing serves the phone page. */
  publicUrl: () => string | null;
  /** Notes for the operator (serve writes them to stderr). */
  log: (line: string) => void;
  version: string;
  /** Where `swipequeue serve` is reachable and its roles' tokens; null until it listens, and in the desktop app. */
  access: () => ServedAccess | null;
}

/** Rows done of total on the live bus, for the admin page's progress bar. */
export const progressOn =
  (p: KioskParts, task: Extract<LiveEvent, { type: 'progress' }>['task']) =>
  (done: number, total: number): void =>
    p.bus.emit({ type: 'progress', task, done, total });
