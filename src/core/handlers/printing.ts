// Printing a ticket: after its check-in committed, again on an audited reprint,
// and the printer test. A printer failure never undoes a ticket: it is an
// outcome the desk shows (hand out a plate, or reprint).
import type { Handlers } from '../../shared/contract.js';
import { unavailable } from '../../shared/errors.js';
import { audit } from '../audit.js';
import { getActiveEvent, requireActiveEvent } from '../events.js';
import { printJobFor, sampleJob } from '../print-job.js';
import type { PrintOutcome } from '../devices.js';
import { getTicket } from '../queue.js';
import { prep } from '../sql.js';
import { requireTicketRow } from '../tickets.js';
import type { KioskParts } from './parts.js';

/** Prints a recorded ticket and marks it printed when the printer took it. */
export async function printTicket(p: KioskParts, ticket: string, known?: { ahead: number }): Promise<PrintOutcome> {
  const eventId = requireActiveEvent(p.db);
  const job = printJobFor(p.db, eventId, ticket, p.settings().paperWidth, known);
  const outcome = await p.devices.print(job);
  if (outcome.printed) prep(p.db, 'UPDATE tickets SET printed = 1 WHERE event_id = ? AND ticket = ?').run(eventId, job.ticket);
  return outcome;
}

export const printingHandlers = (p: KioskParts) =>
  ({
    reprint: async (input, ctx) => {
      const eventId = requireActiveEvent(p.db);
      const row = requireTicketRow(p.db, eventId, input.ticket);
      const outcome = await printTicket(p, row.ticket);
      audit(p.db, { at: p.now(), actor: ctx.actor, action: 'reprint', eventId, ticket: row.ticket, studentId: row.student_id, detail: { ...outcome } });
      if (!outcome.printed) throw unavailable('print-failed', `ticket ${row.ticket} was not printed: ${outcome.printError ?? ''}`, { ticket: row.ticket, reason: outcome.printError });
      return getTicket(p.db, row.ticket);
    },
    testPrint: async () => {
      const job = { ...sampleJob(p.settings().paperWidth, p.now()), eventName: getActiveEvent(p.db)?.name ?? '打印测试' };
      const outcome = await p.devices.print(job);
      return outcome.printed ? { printed: true, message: '测试票已打印' } : { printed: false, message: outcome.printError ?? '打印失败' };
    },
    getHardwareStatus: () => p.devices.status(),
  }) satisfies Partial<Handlers>;
