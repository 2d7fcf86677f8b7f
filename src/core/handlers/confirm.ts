// Who sits at the camera: the verdict goes live to every caller page of the
// station (a reader at the camera posts from another machine), and a verdict
// that is not a match answers as a 409 to whoever asked.
import type { Handlers } from '../../shared/contract.js';
import { checkIdentity, verdictError } from '../confirm.js';
import type { KioskParts } from './parts.js';

export const confirmHandlers = (p: KioskParts) =>
  ({
    confirmIdentity: (input, ctx) => {
      const verdict = checkIdentity(p.db, input, { actor: ctx.actor, now: p.now(), idKey: p.idKey });
      p.bus.emit({ type: 'identity-checked', verdict });
      if (verdict.match) p.bus.emit({ type: 'queue-changed', station: verdict.station });
      else throw verdictError(verdict);
      return verdict;
    },
  }) satisfies Partial<Handlers>;
