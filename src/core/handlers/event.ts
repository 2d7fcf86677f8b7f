// Before the day: the event's schedule and its roster.
import type { Handlers } from '../../shared/contract.js';
import { getActiveEvent, importEvent, parseEventFile } from '../events.js';
import { importRoster } from '../roster-import.js';
import type { KioskParts } from './parts.js';

export const eventHandlers = (p: KioskParts) =>
  ({
    getEvent: () => getActiveEvent(p.db),
    importEvent: (input) => {
      const result = importEvent(p.db, parseEventFile(input), p.now());
      p.bus.emit({ type: 'event-changed' });
      return result;
    },
    importRoster: (input, ctx) => {
      const result = importRoster(p.db, p.idKey, input.fileName, Buffer.from(input.contentBase64, 'base64'), { now: p.now(), actor: ctx.actor });
      p.bus.emit({ type: 'event-changed' });
      return result;
    },
  }) satisfies Partial<Handlers>;
