// Hash routes: `#/`, `#/desk`, `#/desk/<name>` (a desk at another door), `#/caller/A`, `#/display`, `#/admin`.
export type Route =
  | { screen: 'home' }
  | { screen: 'desk'; desk: string | null }
  | { screen: 'caller'; station: string }
  | { screen: 'display' }
  | { screen: 'admin' };

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

export function parseRoute(hash: string): Route {
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
    default:
      return { screen: 'home' };
  }
}
