// What the `idcard` and `reader` commands need from the hardware layer: the JSON of a card and the reader tools.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IdCard } from '../hardware/idcard/card.js';
import { badInput } from '../shared/errors.js';
import { readCapture } from '../hardware/idcard/capture.js';
import { DEMO_STUDENTS, demoCard } from '../hardware/idcard/demo-cards.js';
import { cycleTimeline, startEmulatedReader } from '../hardware/idcard/emulator/pty-reader.js';
import { openReader } from '../hardware/idcard/open-reader.js';
import { hidFamilyOf } from '../hardware/idcard/transport-hid.js';
import type { CardReader } from '../hardware/reader.js';

/** INTERFACES.md §1.1: the JSON of one card, keys in the documented order. */
export function cardJson(card: IdCard): Record<string, unknown> {
  const out: Record<string, unknown> = {
    cardType: card.cardType,
    name: card.name,
    gender: card.gender,
  };
  if (card.cardType === 'resident') out.nation = card.nation ?? null;
  Object.assign(out, {
    birthDate: card.birthDate,
    ...(card.address !== undefined ? { address: card.address } : {}),
    idNumber: card.idNumber,
    issuer: card.issuer,
    validFrom: card.validFrom,
    validUntil: card.validUntil,
    idNumberValid: card.idNumberValid,
  });
  if (card.cardType === 'gat') Object.assign(out, { passNumber: card.passNumber, issueCount: card.issueCount });
  if (card.cardType === 'foreign') Object.assign(out, { chineseName: card.chineseName, nationality: card.nationality });
  return out;
}

/**
 * INTERFACES.md §1.1 defines the output for blank, J and I cards and exit 2 for any
 * other type byte; the kiosk's reader also takes the 2023 card (Y), this command does not.
 * The file may hold what vendor tools and logs emit (docs/reader-protocol.md §2); `note` says what was recognised.
 */
export function decodeIdCardFile(path: string): { card: Record<string, unknown>; note: string | null } {
  const { card, note } = readCapture(readFileSync(path));
  if (card.cardType === 'foreign' && card.permitVersion === '2023') {
    throw badInput(
      'unsupported-card-type',
      'unsupported card type "Y" (2023 foreigner permanent residence card) at byte 248; idcard decode prints resident (blank), J and I cards',
    );
  }
  return { card: cardJson(card), note };
}

/** `reader watch`: polls the reader named by any target (docs/reader-protocol.md §6); the caller prints what it reports. */
export function watchReader(target: string, onCard: (card: Record<string, unknown>) => void, onStatus: (message: string, state: string) => void): CardReader {
  const reader = openReader(target);
  reader.onCard((card, readAt) => onCard({ ...cardJson(card), readAt: readAt.toISOString() }));
  reader.onStatus((s) => onStatus(s.message, s.state));
  return reader;
}

export interface ReaderCandidates {
  serial: { path: string; target: string; vendorId?: string; productId?: string; manufacturer?: string; bridge?: string }[];
  hid: { target: string; family: string; product?: string; manufacturer?: string }[];
  sdtapi: { library: string; target: string }[];
  /** Every target above, readers first: USB-serial bridges, HID families, SDTAPI libraries, other serial ports. */
  targets: string[];
}

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

/** The USB-serial chips readers are built on: a port with one of these is likely the reader. */
const USB_SERIAL_BRIDGES: Record<string, string> = {
  '1a86:7523': 'CH340',
  '1a86:55d4': 'CH9102',
  '10c4:ea60': 'CP210x',
  '067b:2303': 'PL2303',
  '0403:6001': 'FTDI FT232',
};

/** `reader list`: serial ports, HID devices of the reader families known by vendor id, SDTAPI libraries. */
export async function listReaders(opts: { cwd?: string } = {}): Promise<ReaderCandidates> {
  const { SerialPort } = await import('serialport');
  const ports = await SerialPort.list().catch(() => []);
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
  const serial = ports.map((p) => ({
    path: p.path,
    target: `serial:${p.path}?baud=115200`,
    vendorId: p.vendorId,
    productId: p.productId,
    manufacturer: p.manufacturer,
    bridge: USB_SERIAL_BRIDGES[`${p.vendorId ?? ''}:${p.productId ?? ''}`.toLowerCase()],
  }));
  const sdtapi = findSdtapiLibraries(opts.cwd);
  const targets = [
    ...serial.filter((p) => p.bridge).map((p) => p.target),
    ...hid.map((h) => h.target),
    ...sdtapi.map((l) => l.target),
    ...serial.filter((p) => !p.bridge).map((p) => p.target),
  ];
  return { serial, hid, sdtapi, targets };
}

/** `reader emulate`: a SAM reader on a pty that presents the demo students' cards in turn, forever. */
export async function startReaderEmulator(holdMs = 2500, gapMs = 2500): Promise<{ path: string; target: string; close(): Promise<void> }> {
  const cards = DEMO_STUDENTS.map(demoCard);
  const emu = await startEmulatedReader(cards, { timeline: cycleTimeline(cards.length, holdMs, gapMs), loop: true });
  return { path: emu.path, target: emu.target, close: () => emu.close() };
}
