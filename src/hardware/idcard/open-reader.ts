// Reader targets (docs/interfaces.md §1.6; docs/reader-protocol.md §6): `serial:/dev/ttyUSB0?baud=115200`,
// `hid:VID:PID`, `sdtapi:<library>[?port=1001]`, `demo`, `none`.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { badInput } from '../../shared/errors.js';
import type { CardReader, ReaderStatus } from '../reader.js';
import { demoReader } from './demo-reader.js';
import { pollReader, pollSam } from './poller.js';
import { SDTAPI_PORTS, isSdtapiPort, sdtapiLink } from './sdtapi.js';
import { serialTransport } from './transport-serial.js';
import { hidTransport } from './transport-hid.js';

export function noReader(): CardReader {
  const status: ReaderStatus = { state: 'none', message: '未配置读卡器：请手动输入学号或身份证号', target: 'none' };
  return {
    onCard: () => () => {},
    onStatus: () => () => {},
    status: () => status,
    close: async () => {},
  };
}

const ACCEPTED = 'serial:/dev/ttyUSB0?baud=115200 (or serial:COM3), hid:VID:PID (hex, e.g. hid:0400:C35A), sdtapi:<library>?port=1001, demo, none';

export type ReaderTarget =
  | { kind: 'none' }
  | { kind: 'demo' }
  | { kind: 'serial'; path: string; baud: number }
  | { kind: 'hid'; vendorId: number; productId: number }
  | { kind: 'sdtapi'; library: string; port: number };

export function parseReaderTarget(target: string): ReaderTarget {
  if (target === 'none' || target === '') return { kind: 'none' };
  if (target === 'demo') return { kind: 'demo' };
  const serial = /^serial:([^?]+)(?:\?baud=(\d+))?$/.exec(target);
  if (serial) {
    const baud = Number(serial[2] ?? 115200);
    if (![9600, 19200, 38400, 57600, 115200].includes(baud)) throw badInput('bad-reader', `reader target "${target}": baud ${baud} is not one of 9600, 19200, 38400, 57600, 115200`, { target });
    return { kind: 'serial', path: serial[1] ?? '', baud };
  }
  const hid = /^hid:([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(target);
  if (hid) return { kind: 'hid', vendorId: parseInt(hid[1] ?? '0', 16), productId: parseInt(hid[2] ?? '0', 16) };
  const sdtapi = /^sdtapi:(.+?)(?:\?port=([^&]*))?$/.exec(target);
  if (sdtapi) {
    const library = sdtapi[1] ?? '';
    const port = sdtapi[2] === undefined ? 1001 : Number(sdtapi[2]);
    if (!Number.isInteger(port) || !isSdtapiPort(port)) throw badInput('bad-reader', `reader target "${target}": port ${sdtapi[2] ?? ''} is not one of ${SDTAPI_PORTS}`, { target });
    return { kind: 'sdtapi', library, port };
  }
  throw badInput('bad-reader', `unknown reader target "${target}"; expected ${ACCEPTED}`, { target });
}

/**
 * A library named with a folder must be there (a typo fails now, not on every
 * retry); a bare name (`sdtapi.dll`) is left to the system's library search.
 */
function sdtapiLibrary(library: string): string {
  if (!/[\\/]/.test(library)) return library;
  const full = isAbsolute(library) ? library : resolve(library);
  if (!existsSync(full)) throw badInput('sdtapi-library-missing', `SDTAPI library not found: ${full}`, { library: full });
  return full;
}

/** Opens the reader named by a target string; throws a bad-input AppError for an unknown target. */
export function openReader(target: string): CardReader {
  const t = parseReaderTarget(target);
  switch (t.kind) {
    case 'none':
      return noReader();
    case 'demo':
      return demoReader();
    case 'serial':
      return pollReader(() => serialTransport(t.path, t.baud));
    case 'hid':
      return pollReader(() => hidTransport(t.vendorId, t.productId));
    case 'sdtapi': {
      const library = sdtapiLibrary(t.library);
      return pollSam(() => sdtapiLink(library, t.port));
    }
  }
}
