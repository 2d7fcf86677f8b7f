// Where other devices reach the server: the bound address, or for a wildcard
// bind (0.0.0.0, ::) this machine's LAN addresses. The station links the admin
// screen shows and `serve` prints are built on these.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** `http://HOST:PORT` bases, best first: a wildcard bind lists the LAN's IPv4 addresses (private ranges first), then 127.0.0.1. */
export function reachableBases(host: string, port: number, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  if (!WILDCARDS.has(host)) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const lan = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal && (i.family === 'IPv4' || (i.family as unknown) === 4))
    .map((i) => i.address);
  const isPrivate = (a: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
  const ordered = [...lan.filter(isPrivate), ...lan.filter((a) => !isPrivate(a))];
  return [...new Set(ordered), '127.0.0.1'].map((a) => `http://${a}:${port}`);
}
