// The admin's device settings: what readers and printers this machine can
// reach (discovery lives in src/hardware), and a reader test that waits for
// one card and shows it masked without checking anyone in.
import type { Handlers } from '../../shared/contract.js';
import { isValidIdNumber, maskIdNumber, maskName, normalizeIdNumber } from '../../shared/id-number.js';
import type { DeviceChoice } from '../../shared/types.js';
import { listReaders } from '../../hardware/idcard/discover.js';
import { listPrinters } from '../../hardware/printer/discover.js';
import type { KioskParts } from './parts.js';

const READER_TEST_SECONDS = 20;

export async function findReaders(): Promise<DeviceChoice[]> {
  const found = await listReaders();
  const choices: DeviceChoice[] = [
    ...found.hid.map((h): DeviceChoice => ({ target: h.target, kind: 'hid', name: h.product ?? h.target, maker: h.manufacturer ?? null, chip: h.family, likely: true })),
    ...found.sdtapi.map((l): DeviceChoice => ({ target: l.target, kind: 'sdtapi', name: l.library, maker: null, chip: null, likely: true })),
    ...found.serial.map((p): DeviceChoice => ({ target: p.target, kind: 'serial', name: p.path, maker: p.manufacturer ?? null, chip: p.bridge ?? null, likely: p.bridge !== undefined })),
  ];
  return choices.sort((a, b) => Number(b.likely) - Number(a.likely));
}

export async function findPrinters(): Promise<DeviceChoice[]> {
  const found = await listPrinters();
  const choices: DeviceChoice[] = [
    ...found.system.map((p): DeviceChoice => ({ target: p.target, kind: 'system', name: p.name, maker: null, chip: null, likely: true })),
    ...found.usb.map((u): DeviceChoice => ({ target: u.target, kind: 'usb', name: u.path, maker: null, chip: null, likely: true })),
    ...found.serial.map((p): DeviceChoice => ({ target: p.target, kind: 'serial', name: p.path, maker: p.manufacturer ?? null, chip: p.bridge ?? null, likely: p.bridge !== undefined })),
  ];
  return choices.sort((a, b) => Number(b.likely) - Number(a.likely));
}

export const hardwareHandlers = (p: KioskParts) =>
  ({
    findReaders: () => findReaders(),
    findPrinters: () => findPrinters(),
    testReader: async (input) => {
      const seconds = input.seconds ?? READER_TEST_SECONDS;
      const card = await p.devices.nextCard(seconds * 1000);
      if (!card) return { card: null, waited: seconds };
      const idNumber = normalizeIdNumber(card.idNumber);
      return {
        card: { maskedName: maskName(card.name), maskedId: maskIdNumber(idNumber), idNumberValid: card.idNumberValid ?? isValidIdNumber(idNumber) },
        waited: seconds,
      };
    },
  }) satisfies Partial<Handlers>;
