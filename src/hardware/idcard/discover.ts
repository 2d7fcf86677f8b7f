// `reader list` and the admin page's reader choice: the serial ports (a reader
// on a USB-serial chip first), the HID devices of known reader families and
// the vendor's SDTAPI libraries, each with the target string that opens it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listSerialPorts, type SerialPortInfo } from '../serial-ports.js';
import { hidFamilyOf } from './transport-hid.js';

export interface ReaderCandidates {
  serial: (SerialPortInfo & { target: string })[];
  hid: { target: string; family: string; product?: string; manufacturer?: string }[];
  sdtapi: { library: string; target: string }[];
  /** Every target above, readers first: USB-serial bridges, HID families, SDTAPI libraries, other serial ports. */
  targets: string[];
}

/** The readers' usual speed; the SAM module answers at 115200 unless set otherwise. */
const READER_BAUD = 115200;

/** Names vendors give the SDTAPI library. */
const SDTAPI_NAMES = process.platform === 'win32' ? ['sdtapi.dll'] : ['libsdtapi.so', 'sdtapi.so'];

/** The usual places: the current folder, the app's folder, the system library folders. */
function sdtapiFolders(cwd: string): string[] {
  const system =
    process.platform === 'win32'
      ? [join(process.env.SystemRoot ?? 'C:\\Windows', 'System32')]
      : ['/usr/local/lib', '/usr/lib', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu'];
  return [...new Set([cwd, dirname(process.execPath), ...system])];
}

export function findSdtapiLibraries(cwd = process.cwd()): ReaderCandidates['sdtapi'] {
  const found: ReaderCandidates['sdtapi'] = [];
  for (const folder of sdtapiFolders(cwd)) {
    for (const name of SDTAPI_NAMES) {
      const library = join(folder, name);
      if (existsSync(library)) found.push({ library, target: `sdtapi:${library}?port=1001` });
    }
  }
  return found;
}

export async function listReaders(opts: { cwd?: string } = {}): Promise<ReaderCandidates> {
  const serial = (await listSerialPorts()).map((p) => ({ ...p, target: `serial:${p.path}?baud=${READER_BAUD}` }));
  let hid: ReaderCandidates['hid'] = [];
  try {
    const nodeHid = (await import('node-hid')) as unknown as { devices(): { vendorId: number; productId: number; product?: string; manufacturer?: string }[] };
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
    hid = nodeHid.devices().flatMap((d) => {
      const family = hidFamilyOf(d.vendorId, d.productId);
      return family ? [{ target: `hid:${hex(d.vendorId)}:${hex(d.productId)}`, family: family.name, product: d.product, manufacturer: d.manufacturer }] : [];
    });
  } catch {
    // no HID support on this machine (libusb/hidraw missing): serial ports are still listed
  }
  const sdtapi = findSdtapiLibraries(opts.cwd);
  const targets = [
    ...serial.filter((p) => p.bridge).map((p) => p.target),
    ...hid.map((h) => h.target),
    ...sdtapi.map((l) => l.target),
    ...serial.filter((p) => !p.bridge).map((p) => p.target),
  ];
  return { serial, hid, sdtapi, targets: [...new Set(targets)] };
}
