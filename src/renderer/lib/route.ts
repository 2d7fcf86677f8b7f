// Hash routes: `#/`, `#/desk`, `#/caller/A`, `#/display`, `#/admin`.
export type Route =
  | { screen: 'home' }
  | { screen: 'desk' }
  | { screen: 'caller'; station: string }
  | { screen: 'display' }
  | { screen: 'admin' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'desk':
      return { screen: 'desk' };
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
