// What the `idcard` and `reader` commands need from the hardware layer: the JSON of a card and the reader tools.
import { readFileSync } from 'node:fs';
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
 * §3.1: the file may hold what vendor tools and logs emit; `note` says what was recognised.
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

/** `reader watch`: polls the reader on a serial port; the caller prints what it reports. */
export function watchReader(
  port: string,
  baud: number,
  onCard: (card: Record<string, unknown>) => void,
  onStatus: (message: string, state: string) => void,
): CardReader {
  const reader = openReader(`serial:${port}?baud=${baud}`);
  reader.onCard((card, readAt) => onCard({ ...cardJson(card), readAt: readAt.toISOString() }));
  reader.onStatus((s) => onStatus(s.message, s.state));
  return reader;
}

export interface ReaderCandidates {
  serial: { path: string; vendorId?: string; productId?: string; manufacturer?: string; bridge?: string }[];
  hid: { target: string; family: string; product?: string; manufacturer?: string }[];
}

/** The USB-serial chips readers are built on: a port with one of these is likely the reader. */
const USB_SERIAL_BRIDGES: Record<string, string> = {
  '1a86:7523': 'CH340',
  '1a86:55d4': 'CH9102',
  '10c4:ea60': 'CP210x',
  '067b:2303': 'PL2303',
  '0403:6001': 'FTDI FT232',
};

/** `reader list`: serial ports, and HID devices of the reader families known by vendor id. */
export async function listReaders(): Promise<ReaderCandidates> {
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
  return {
    serial: ports.map((p) => ({ path: p.path, vendorId: p.vendorId, productId: p.productId, manufacturer: p.manufacturer, bridge: USB_SERIAL_BRIDGES[`${p.vendorId ?? ''}:${p.productId ?? ''}`.toLowerCase()] })),
    hid,
  };
}

/** `reader emulate`: a SAM reader on a pty that presents the demo students' cards in turn, forever. */
export async function startReaderEmulator(holdMs = 2500, gapMs = 2500): Promise<{ path: string; target: string; close(): Promise<void> }> {
  const cards = DEMO_STUDENTS.map(demoCard);
  const emu = await startEmulatedReader(cards, { timeline: cycleTimeline(cards.length, holdMs, gapMs), loop: true });
  return { path: emu.path, target: emu.target, close: () => emu.close() };
}
