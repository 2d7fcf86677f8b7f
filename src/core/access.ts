// The addresses of the stations (docs/interfaces.md §3.5): one per role, each with
// its role's token, so the secretary opens the tablet and the TV with exactly
// the rights they need. The server says where it is reachable and which tokens
// it accepts (src/server/auth.ts); this composes the links with the event's stations.
import type { StationRole } from '../shared/operations.js';
import type { AccessLink } from '../shared/types.js';

/** What `swipequeue serve` tells the kiosk once it listens; null in the desktop app. */
export interface ServedAccess {
  /** `http://192.168.1.20:8740`, … : where other devices reach the server, best first. */
  bases: string[];
  /** Each role's token; null without a token (loopback only). */
  tokens: Readonly<Record<StationRole, string>> | null;
}

const screenOf = (role: StationRole, station: string | null) => (role === 'caller' ? `#/caller/${station ?? 'A'}` : `#/${role}`);

/** The page's address for a role: the token in the query (the page keeps it and cleans the bar), the screen in the hash. */
export function stationUrl(base: string, token: string | null, role: StationRole, station: string | null = null): string {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${base}/${query}${screenOf(role, station)}`;
}

/** One link per role at the first base; the caller once per station (A when the event has none yet). */
export function accessLinks(access: ServedAccess, stations: readonly string[], roles: readonly StationRole[] = ['desk', 'caller', 'display', 'admin']): AccessLink[] {
  const base = access.bases[0];
  if (base === undefined) return [];
  const token = (role: StationRole) => access.tokens?.[role] ?? null;
  return roles.flatMap((role): AccessLink[] =>
    role === 'caller'
      ? (stations.length > 0 ? stations : ['A']).map((s) => ({ role, station: s, url: stationUrl(base, token(role), role, s) }))
      : [{ role, station: null, url: stationUrl(base, token(role), role) }],
  );
}
