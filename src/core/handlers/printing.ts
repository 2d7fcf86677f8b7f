// Printing a ticket: queued after its check-in committed, again on an audited
// reprint, and the printer test. A printer failure never undoes a ticket: it is
// an outcome the desk shows (hand out a plate, or reprint).
import type { TicketPrintJob } from '../../hardware/printer.js';
import { UNPRINTABLE_MARK, unprintableCharacters } from '../../hardware/printer/ticket-document.js';
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

const NO_PRINTER = '未配置打印机：请按屏幕上的号码发放号牌';
export const PRINTED_MESSAGE = '已打印';

/**
 * Queues a recorded ticket for the printer; what it says is fixed now. The
 * outcome marks the ticket printed and goes out live as a `print` event; the
 * promise resolves with it (a reprint waits, a check-in does not).
 */
export async function queueTicket(p: KioskParts, ticket: string, known?: { ahead: number }): Promise<PrintOutcome> {
  if (!p.devices.hasPrinter) return { printed: false, printError: NO_PRINTER };
  const eventId = requireActiveEvent(p.db);
  const job = printJobFor(p.db, eventId, ticket, { paperWidth: p.settings().paperWidth, ahead: known?.ahead, publicUrl: p.publicUrl() });
  noteUnprintable(p, eventId, job);
  return p.printQueue.add(job, {
    key: job.ticket,
    onOutcome: (outcome) => {
      if (outcome.printed) prep(p.db, 'UPDATE tickets SET printed = 1 WHERE event_id = ? AND ticket = ?').run(eventId, job.ticket);
      p.bus.emit({ type: 'print', ticket: job.ticket, printed: outcome.printed, message: outcome.printed ? PRINTED_MESSAGE : (outcome.printError ?? '打印失败') });
    },
  });
}

/** Characters the printer's font lacks are printed as □ (src/hardware/printer/ticket-document.ts): say where, never which. */
function noteUnprintable(p: KioskParts, eventId: number, job: TicketPrintJob): void {
  const fields = unprintableCharacters(job);
  if (fields.length === 0) return;
  const where = fields.map((f) => `${f.count} in the ${f.field}`).join(', ');
  p.log(`ticket ${job.ticket}: characters the printer's font (GBK) cannot print are printed as ${UNPRINTABLE_MARK} (${where})`);
  audit(p.db, { at: p.now(), actor: 'printer', action: 'print-substituted', eventId, ticket: job.ticket, detail: { fields } });
}

export const printingHandlers = (p: KioskParts) =>
  ({
    // The volunteer pressed the button and waits for the answer: behind the tickets already queued.
    reprint: async (input, ctx) => {
      const eventId = requireActiveEvent(p.db);
      const row = requireTicketRow(p.db, eventId, input.ticket);
      const outcome = await queueTicket(p, row.ticket);
      audit(p.db, { at: p.now(), actor: ctx.actor, action: 'reprint', eventId, ticket: row.ticket, studentId: row.student_id, detail: { ...outcome } });
      if (!outcome.printed) throw unavailable('print-failed', `ticket ${row.ticket} was not printed: ${outcome.printError ?? ''}`, { ticket: row.ticket, reason: outcome.printError });
      return getTicket(p.db, row.ticket);
    },
    testPrint: async () => {
      const job = { ...sampleJob(p.settings().paperWidth, p.now()), eventName: getActiveEvent(p.db)?.name ?? '打印测试' };
      const outcome = p.devices.hasPrinter ? await p.printQueue.add(job) : { printed: false, printError: NO_PRINTER };
      return outcome.printed ? { printed: true, message: '测试票已打印' } : { printed: false, message: outcome.printError ?? '打印失败' };
    },
    getHardwareStatus: () => p.devices.status(),
  }) satisfies Partial<Handlers>;
