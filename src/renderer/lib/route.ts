// Hash routes: `#/`, `#/desk`, `#/desk/<name>` (a desk at another door), `#/caller/A`, `#/display`, `#/admin`;
// and a ticket's page for the student's phone, `/t/<code>` (the QR on the ticket) or `#/t/<code>`.
export type Route =
  | { screen: 'home' }
  | { screen: 'desk'; desk: string | null }
  | { screen: 'caller'; station: string }
  | { screen: 'display' }
  | { screen: 'admin' }
  | { screen: 'ticket'; code: string };

/** The desk name of `#/desk/<name>`, decoded; null for `#/desk` (the server's own reader) or a name that is not one. */
export function deskOfHash(hash: string): string | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] !== 'desk' || parts[1] === undefined) return null;
  let name: string;
  try {
    name = decodeURIComponent(parts[1]).trim();
  } catch {
    return null;
  }
  return /^[\p{L}\p{N}_-]{1,24}$/u.test(name) ? name : null;
}

const TICKET_PATH = /^\/t\/([A-Za-z0-9_-]{1,200})\/?$/;

export function parseRoute(hash: string, pathname = '/'): Route {
  const byPath = TICKET_PATH.exec(pathname);
  if (byPath?.[1]) return { screen: 'ticket', code: byPath[1] };
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'desk':
      return { screen: 'desk', desk: deskOfHash(hash) };
    case 'caller':
      return { screen: 'caller', station: (parts[1] ?? 'A').toUpperCase().slice(0, 1) };
    case 'display':
      return { screen: 'display' };
    case 'admin':
      return { screen: 'admin' };
    case 't':
      return parts[1] ? { screen: 'ticket', code: parts[1] } : { screen: 'home' };
    default:
      return { screen: 'home' };
  }
}
