// What the screens and the secretary read: health, the waiting-room display,
// the day's statistics and the export files.
import type { Handlers } from '../../shared/contract.js';
import { getDisplay } from '../display.js';
import { requireActiveEvent } from '../events.js';
import { createExport } from '../exports/index.js';
import { getStats } from '../stats.js';
import { progressOn, type KioskParts } from './parts.js';

export const reportHandlers = (p: KioskParts) =>
  ({
    health: () => ({ ok: true as const, version: p.version }),
    getDisplay: () => getDisplay(p.db, p.now()),
    getStats: () => getStats(p.db),
    exportFile: (input) => createExport(p.db, requireActiveEvent(p.db), input, p.now(), progressOn(p, 'export')),
  }) satisfies Partial<Handlers>;
