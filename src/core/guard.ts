// The one guard every transport passes through (HTTP, IPC, the desktop app's
// kiosk-exit prompt): is the caller's role enough for the operation, and does
// it hold the right admin PIN when the operation needs one. Wrong PINs are
// limited here (./pin-limit.ts), so no transport can offer unlimited tries;
// so are the calls per device of operations with a `perMinute` (./rate-limit.ts).
import type { Db } from '../db/connection.js';
import { operations, roleAllows, type OpName } from '../shared/operations.js';
import type { CallContext } from '../shared/contract.js';
import { AppError } from '../shared/errors.js';
import { PinLimit } from './pin-limit.js';
import { RateLimit } from './rate-limit.js';
import { verifyPin } from './settings.js';

export interface Guard {
  /** Throws forbidden-for-role, too-many-attempts or bad-pin; returns when the call may go ahead. */
  admit(name: OpName, ctx: CallContext): void;
  /** A PIN check outside any operation (leaving kiosk mode), counted like the others. */
  checkPin(pin: string | undefined, device: string): void;
}

export function createGuard(db: Db, limit: PinLimit = new PinLimit(), rate: RateLimit = new RateLimit()): Guard {
  const checkPin = (pin: string | undefined, device: string) => {
    const waitMs = limit.retryAfterMs(device);
    if (waitMs > 0) {
      const retryAfter = Math.ceil(waitMs / 1000);
      throw new AppError('rate-limited', 'too-many-attempts', `too many wrong admin PINs from this device; try again in ${retryAfter} s`, { retryAfter });
    }
    if (pin === undefined || pin === '') throw new AppError('unauthorized', 'bad-pin', 'this needs the admin PIN');
    if (!verifyPin(db, pin)) {
      limit.wrong(device);
      throw new AppError('unauthorized', 'bad-pin', 'wrong admin PIN');
    }
    limit.right(device);
  };
  return {
    admit(name, ctx) {
      const op = operations[name];
      if (!roleAllows(ctx.role, op.access)) {
        throw new AppError('forbidden', 'forbidden-for-role', `the ${ctx.role} screen may not do this (${name} needs ${op.access})`, { role: ctx.role, needs: op.access });
      }
      if (op.pin) checkPin(ctx.pin, ctx.device);
      if (op.perMinute !== undefined) {
        const waitMs = rate.take(`${name} ${ctx.device}`, op.perMinute);
        if (waitMs > 0) {
          const retryAfter = Math.ceil(waitMs / 1000);
          throw new AppError('rate-limited', 'too-many-requests', `too many requests from this device; try again in ${retryAfter} s`, { retryAfter });
        }
      }
    },
    checkPin,
  };
}
