// Before the day: the event's schedule and its roster.
import type { Handlers } from '../../shared/contract.js';
import { getActiveEvent, importEvent, parseEventFile } from '../events.js';
import { importRosterAsync, previewRoster } from '../roster-import.js';
import { rosterTemplate } from '../roster-template.js';
import { progressOn, type KioskParts } from './parts.js';

const TEMPLATE_MIME = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export const eventHandlers = (p: KioskParts) =>
  ({
    getEvent: () => getActiveEvent(p.db),
    importEvent: (input) => {
      const result = importEvent(p.db, parseEventFile(input), p.now());
      p.bus.emit({ type: 'event-changed' });
      return result;
    },
    importRoster: async (input, ctx) => {
      const bytes = Buffer.from(input.contentBase64, 'base64');
      const result = await importRosterAsync(p.db, p.idKey, input.fileName, bytes, { now: p.now(), actor: ctx.actor, onProgress: progressOn(p, 'roster-import') });
      p.bus.emit({ type: 'event-changed' });
      return result;
    },
    previewRoster: (input) =>
      previewRoster(input.fileName, Buffer.from(input.contentBase64, 'base64'), { limit: input.rows, onProgress: progressOn(p, 'roster-preview') }),
    rosterTemplate: (input) => ({
      fileName: `学生名单模板.${input.format}`,
      mime: TEMPLATE_MIME[input.format],
      base64: rosterTemplate(input.format).toString('base64'),
    }),
  }) satisfies Partial<Handlers>;
