// Token auth (INTERFACES.md §1.6) and the browser-origin checks that keep a
// tokenless loopback kiosk from being driven by any web page the operator opens.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time: both sides hashed to 32 bytes, so length leaks nothing either. */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (given === undefined || given === null) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return m?.[1];
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return (hostHeader.split(':')[0] ?? '').toLowerCase();
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\./.test(host);
}

/**
 * Why a request must be refused before auth, or null. A browser always sends
 * Origin on cross-site POSTs and WebSocket upgrades: it must name this server.
 * Without a token, the Host header must also be a loopback name or the bound
 * host (stops DNS rebinding from a web page).
 */
export function originProblem(headers: IncomingHttpHeaders, opts: { tokenSet: boolean; boundHost: string }): string | null {
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
  if (!opts.tokenSet && host !== undefined) {
    const name = hostnameOf(host);
    if (!isLoopbackHost(name) && name !== opts.boundHost.toLowerCase()) return `unexpected Host header "${host}"`;
  }
  return null;
}
