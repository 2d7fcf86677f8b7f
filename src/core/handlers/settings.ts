// The admin's settings, the devices they name, and the PIN check of the screens.
import type { Handlers } from '../../shared/contract.js';
import { audit } from '../audit.js';
import { isDefaultPin, updateSettings } from '../settings.js';
import type { KioskParts } from './parts.js';

export const settingsHandlers = (p: KioskParts) =>
  ({
    getSettings: () => p.settings(),
    updateSettings: async (patch, ctx) => {
      // The devices switch first: a target that does not open is refused before anything is stored.
      await p.devices.switchTo(patch);
      updateSettings(p.db, patch);
      const keys = Object.keys(patch).filter((k) => k !== 'adminPin');
      audit(p.db, { at: p.now(), actor: ctx.actor, action: 'settings', detail: { keys: patch.adminPin ? [...keys, 'adminPin'] : keys } });
      p.bus.emit({ type: 'settings-changed' });
      return p.settings();
    },
    // The guard has checked the PIN by the time this runs; whoever holds it may learn it is still the default.
    verifyPin: () => ({ ok: true as const, defaultPin: isDefaultPin(p.db) }),
  }) satisfies Partial<Handlers>;
