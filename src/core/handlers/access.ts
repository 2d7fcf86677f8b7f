// The admin screen's list of station addresses (src/core/access.ts): the other
// roles' links only; the admin's own link is the secret and stays off the screen.
import type { Handlers } from '../../shared/contract.js';
import { qrSvg } from '../../hardware/printer/qr-svg.js';
import { accessLinks } from '../access.js';
import { getActiveEvent } from '../events.js';
import type { KioskParts } from './parts.js';

export const accessHandlers = (p: KioskParts) =>
  ({
    getAccessLinks: () => {
      const served = p.access();
      if (served === null) return { served: false, links: [] };
      const stations = getActiveEvent(p.db)?.stations.map((s) => s.code) ?? [];
      const links = accessLinks(served, stations, ['desk', 'caller', 'display']).map((l) => ({ ...l, qrSvg: qrSvg(l.url) }));
      return { served: true, links };
    },
  }) satisfies Partial<Handlers>;
