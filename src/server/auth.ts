// Token auth (docs/interfaces.md §1.6, §3.5) and the browser-origin checks that keep a
// tokenless loopback kiosk from being driven by any web page the operator opens.
// One secret (`--token`) is the admin's; the desk, the photographer's tablet and
// the waiting-room TV each get a token derived from it, so the role of a request
// is fixed by what it holds, never by what it says.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { STATION_ROLES, roleAllows, type Role, type StationRole } from '../shared/operations.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time: both sides hashed to 32 bytes, so length leaks nothing either. */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (given === undefined || given === null) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** Characters of a derived token: 22 base64url characters are 132 bits, short enough for a QR code. */
const ROLE_TOKEN_CHARS = 22;

/** The token of `role`: the secret itself for admin, else HMAC-SHA256(secret, role), URL-safe. */
export function roleToken(secret: string, role: StationRole): string {
  if (role === 'admin') return secret;
  return createHmac('sha256', secret).update(`swipequeue role ${role}`, 'utf8').digest('base64url').slice(0, ROLE_TOKEN_CHARS);
}

export type RoleTokens = Readonly<Record<StationRole, string>>;

export function roleTokens(secret: string): RoleTokens {
  return Object.fromEntries(STATION_ROLES.map((r) => [r, roleToken(secret, r)])) as Record<StationRole, string>;
}

/** The role a presented token carries, or null. Compares against every role, so timing says nothing. */
export function roleOfToken(tokens: RoleTokens, given: string | undefined | null): StationRole | null {
  let found: StationRole | null = null;
  for (const role of STATION_ROLES) if (tokenMatches(tokens[role], given) && found === null) found = role;
  return found;
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return m?.[1];
}

/** The only names a tokenless kiosk answers to: a DNS name that merely resolves to 127.x may be an attacker's. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** True when binding `host` keeps the kiosk on this machine and a browser reaches it by a loopback name. */
export function isLoopbackBind(host: string): boolean {
  const h = host.toLowerCase();
  return h === '::1' || (LOOPBACK_NAMES as readonly string[]).includes(h);
}

/** True when a Host header is exactly a loopback name with the server's port (DNS rebinding sends the attacker's name). */
export function isLoopbackHostHeader(hostHeader: string, port: number): boolean {
  const h = hostHeader.toLowerCase();
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}` || (port === 80 && h === name));
}

/**
 * Why a request must be refused before auth, or null. A browser always sends
 * Origin on cross-site POSTs and WebSocket upgrades: it must name this server.
 * Without a token, the Host header must also be a loopback name with this
 * server's port (stops DNS rebinding from a web page).
 */
export function originProblem(headers: IncomingHttpHeaders, opts: { tokenSet: boolean; port: number }): string | null {
  const host = headers.host;
  const origin = headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return 'the Origin header is not a URL';
    }
    if (host === undefined || originHost.toLowerCase() !== host.toLowerCase()) return 'requests from another web site are refused';
  } else if (origin === 'null') {
    return 'requests from another web site are refused';
  }
  if (!opts.tokenSet && (host === undefined || !isLoopbackHostHeader(host, opts.port))) {
    return `this kiosk has no token and answers only to localhost, 127.0.0.1 or [::1] on port ${opts.port}, not to Host "${host ?? ''}"`;
  }
  return null;
}

/** The screen a page says it shows (`X-Station-Role: caller:A`): a role and, for callers and desks, a name. */
export interface StatedScreen {
  role: StationRole;
  name: string | null;
}

/** Parses `desk`, `caller:A`, `desk:%E4%B8%9C%E9%97%A8` (a URI-encoded desk name); anything else is null. */
export function parseStatedScreen(value: string | undefined): StatedScreen | null {
  if (value === undefined) return null;
  const m = /^(display|caller|desk|admin)(?::(.{1,120}))?$/.exec(value.trim());
  if (!m) return null;
  const role = m[1] as StationRole;
  if (m[2] === undefined) return { role, name: null };
  let name: string;
  try {
    name = decodeURIComponent(m[2]);
  } catch {
    return { role, name: null };
  }
  // A name is a station letter or a desk's short name; anything else is dropped, not logged.
  return { role, name: /^[\p{L}\p{N}_-]{1,32}$/u.test(name) ? name : null };
}

/**
 * Who a request is: the role its token holds, narrowed (never widened) to the
 * screen the page states; the audit actor is that role plus the station or desk
 * name (`caller:A`). A page opened with the admin token may use every screen.
 */
export function callerOf(tokenRole: Role, stated: StatedScreen | null): { role: Role; actor: string } {
  if (stated === null || !roleAllows(tokenRole, stated.role)) return { role: tokenRole, actor: tokenRole };
  return { role: stated.role, actor: stated.name === null ? stated.role : `${stated.role}:${stated.name}` };
}
