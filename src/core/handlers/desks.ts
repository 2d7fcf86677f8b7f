// Desks at other doors (`swipequeue reader forward`, docs/interfaces.md §3.6): each
// card read there arrives sealed to this kiosk with an idempotency key and is
// checked in here, in the one sequence per station every desk shares; the
// verdict goes live as `card-seen` with the desk's name, for `#/desk/<name>`.
// What a forwarder says of itself (reads kept while the server was away, its
// reader) is kept in memory: it reports again within seconds of a restart.
import type { CallContext, Handlers } from '../../shared/contract.js';
import { badInput } from '../../shared/errors.js';
import { isValidIdNumber, normalizeIdNumber } from '../../shared/id-number.js';
import { SealedCardSchema, describeZodError, type ForwardCardInput } from '../../shared/schemas.js';
import type { DeskRead, DeskStatus } from '../../shared/types.js';
import { checkInForwarded, recentDeskReads } from '../desk-reads.js';
import { sealContext, type DeskSeal } from '../desk-seal.js';
import type { KioskParts } from './parts.js';

/** The audit actor of a desk at another door. */
export const deskActor = (desk: string): string => `desk:${desk}`;

export function deskHandlers(p: KioskParts, seal: DeskSeal) {
  const statuses = new Map<string, DeskStatus>();

  const cardOf = (input: ForwardCardInput) => {
    if (!('sealed' in input)) return { idNumber: input.idNumber, name: input.name };
    const parsed = SealedCardSchema.safeParse(seal.open(input.sealed, sealContext(input.desk, input.key)));
    if (!parsed.success) throw badInput('bad-seal', `the sealed card read holds no card: ${describeZodError(parsed.error)}`);
    return parsed.data;
  };

  const forwardCard = (input: ForwardCardInput, _ctx: CallContext): DeskRead => {
    const card = cardOf(input);
    const now = p.now();
    // The student stood at the door when the card was read: route by that time, never a future one.
    const readAt = input.readAt !== undefined && new Date(input.readAt) < now ? new Date(input.readAt) : now;
    const late = input.late === true;
    const outcome = checkInForwarded(
      p.db,
      card,
      { actor: deskActor(input.desk), now, idKey: p.idKey, routeAt: readAt, auditDetail: { desk: input.desk, readAt: readAt.toISOString(), ...(late ? { late } : {}) } },
      { key: input.key, desk: input.desk, readAt, late, idNumberValid: input.idNumberValid ?? isValidIdNumber(normalizeIdNumber(card.idNumber)) },
    );
    if (outcome.replayed) return outcome.read;
    const checked = outcome.read.card.result;
    if (outcome.checked && checked) {
      p.bus.emit({ type: 'queue-changed', station: checked.station });
      p.bus.emit({ type: 'checked-in', result: checked });
    }
    p.bus.emit({ type: 'card-seen', card: outcome.read.card });
    return outcome.read;
  };

  return {
    deskSealKey: () => seal.publicKey,
    forwardCard,
    reportDesk: (input) => {
      const status: DeskStatus = { desk: input.desk, pending: input.pending, failed: input.failed ?? 0, reader: input.reader, seenAt: p.now().toISOString() };
      statuses.set(input.desk, status);
      // Heartbeats too: the desk page tells a silent forwarder from a quiet one by seenAt.
      p.bus.emit({ type: 'desk-status', status });
      return status;
    },
    getDesk: (input) => ({ desk: input.desk, status: statuses.get(input.desk) ?? null, reads: recentDeskReads(p.db, input.desk) }),
  } satisfies Partial<Handlers>;
}
