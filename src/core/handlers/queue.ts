// The photographer's queue: call in strict order, mark photographed or no-show,
// recall, repeat, 需重拍 (retake); and what the desk records on a ticket (signature, fee, undo).
import type { CallContext, Handlers } from '../../shared/contract.js';
import type { Ticket } from '../../shared/types.js';
import { setFeeStatus } from '../fees.js';
import { callNext, getQueue, getTicket, saveSignature, transition } from '../queue.js';
import type { KioskParts } from './parts.js';

export function queueHandlers(p: KioskParts) {
  const queueCtx = (ctx: CallContext) => ({ actor: ctx.actor, now: p.now() });
  const changed = (t: Ticket) => {
    p.bus.emit({ type: 'queue-changed', station: t.station });
    return t;
  };
  const called = (t: Ticket) => {
    changed(t);
    p.bus.emit({ type: 'ticket-called', ticket: t.ticket, station: t.station, room: t.room, repeat: p.settings().voiceRepeats });
    return t;
  };
  return {
    getQueue: (input) => getQueue(p.db, input.station),
    getTicket: (input) => getTicket(p.db, input.ticket),
    callNext: (input, ctx) => called(callNext(p.db, input.station, queueCtx(ctx))),
    photographed: (input, ctx) => changed(transition(p.db, input.ticket, 'photographed', queueCtx(ctx))),
    noShow: (input, ctx) => changed(transition(p.db, input.ticket, 'no-show', queueCtx(ctx))),
    recall: (input, ctx) => called(transition(p.db, input.ticket, 'recall', queueCtx(ctx))),
    repeatCall: (input, ctx) => called(transition(p.db, input.ticket, 'repeat-call', queueCtx(ctx))),
    markRetake: (input, ctx) => changed(transition(p.db, input.ticket, 'retake', queueCtx(ctx), input.reason ? { reason: input.reason } : undefined)),
    cancelTicket: (input, ctx) =>
      changed(transition(p.db, input.ticket, 'cancel', queueCtx(ctx), input.reason ? { reason: input.reason } : undefined)),
    saveSignature: (input, ctx) => saveSignature(p.db, input.ticket, input.svgPath, queueCtx(ctx)),
    setFeeStatus: (input, ctx) => setFeeStatus(p.db, input.ticket, input.feeStatus, queueCtx(ctx)),
  } satisfies Partial<Handlers>;
}
