// USB HID readers carry the same SAM frames in 64-byte reports. How the bytes
// sit in a report differs per reader family, so the framing is pluggable.
//
// `cp2110` (from the public Silicon Labs AN434 "CP2110/4 Interface
// Specification"): readers built on the CP2110 HID-to-UART bridge
// (VID 10C4, PID EA80). A data report's id (0x01–0x3F) IS its byte count, the
// bytes follow; the UART is configured with feature report 0x50 (baud 4 bytes
// big-endian, parity, flow control, data bits, stop bits) and switched on with
// feature report 0x41 = 01.
//
// `plain` (an assumption, not from a document): report id 0 then up to 63 frame
// bytes, zero padded; input reports are fed whole to the frame parser, which
// skips the padding as noise. Used for the other vendor ids (0425, 0483) until
// a real device says otherwise. Neither framing has met real hardware here.
import type { ReaderTransport } from './transport.js';

/** The part of a node-hid device the framings use. */
export interface HidDevice {
  write(data: number[]): number;
  sendFeatureReport(data: number[]): number;
  on(event: 'data', cb: (data: Buffer) => void): void;
  on(event: 'error', cb: (error: Error) => void): void;
  close(): void;
}

export interface HidFraming {
  name: string;
  /** Runs once after the device opens (e.g. switch the bridge's UART on). */
  setup?(device: HidDevice): void;
  /** A SAM frame → output reports (report id first). */
  toReports(frame: Uint8Array): number[][];
  /** One input report → the frame bytes it carries. */
  fromReport(report: Uint8Array): Uint8Array;
}

export function plainFraming(reportSize = 64, reportId = 0): HidFraming {
  const body = reportSize - 1;
  return {
    name: 'plain',
    toReports(frame) {
      const out: number[][] = [];
      for (let i = 0; i < frame.length; i += body) {
        const chunk = Array.from(frame.subarray(i, i + body));
        out.push([reportId, ...chunk, ...new Array<number>(body - chunk.length).fill(0)]);
      }
      return out;
    },
    fromReport: (report) => report,
  };
}

export function cp2110Framing(baudRate = 115200): HidFraming {
  const MAX = 63;
  return {
    name: 'cp2110',
    setup(device) {
      // 0x50 Set UART Config: baud (BE), parity none, no flow control, 8 data bits (code 3), 1 stop bit
      device.sendFeatureReport([0x50, (baudRate >>> 24) & 0xff, (baudRate >>> 16) & 0xff, (baudRate >>> 8) & 0xff, baudRate & 0xff, 0x00, 0x00, 0x03, 0x00]);
      device.sendFeatureReport([0x41, 0x01]); // 0x41 Set UART Enable
    },
    toReports(frame) {
      const out: number[][] = [];
      for (let i = 0; i < frame.length; i += MAX) {
        const chunk = Array.from(frame.subarray(i, i + MAX));
        out.push([chunk.length, ...chunk]);
      }
      return out;
    },
    fromReport(report) {
      const n = report[0] ?? 0;
      // ids above 0x3F are not data (status/feature); a count past the report is clipped
      if (n < 1 || n > MAX) return new Uint8Array(0);
      return report.subarray(1, 1 + Math.min(n, report.length - 1));
    },
  };
}

export interface HidReaderFamily {
  vendorId: number;
  /** Undefined: any product of the vendor. */
  productId?: number;
  name: string;
  framing: (baudRate?: number) => HidFraming;
}

/** Reader families recognised by `reader list` and given their framing by `hid:VID:PID`. */
export const HID_READER_FAMILIES: HidReaderFamily[] = [
  { vendorId: 0x10c4, productId: 0xea80, name: 'Silicon Labs CP2110 HID-UART bridge', framing: cp2110Framing },
  { vendorId: 0x10c4, name: 'Silicon Labs (vendor header assumed plain)', framing: () => plainFraming() },
  { vendorId: 0x0425, name: 'ID card reader, vendor 0425 (framing assumed plain)', framing: () => plainFraming() },
  { vendorId: 0x0483, name: 'STM32-based reader (framing assumed plain)', framing: () => plainFraming() },
];

export const KNOWN_READER_VENDORS = [...new Set(HID_READER_FAMILIES.map((f) => f.vendorId))];

export function hidFamilyOf(vendorId: number, productId: number): HidReaderFamily | undefined {
  return HID_READER_FAMILIES.find((f) => f.vendorId === vendorId && (f.productId === undefined || f.productId === productId));
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

export function hidTransport(vendorId: number, productId: number, framing: HidFraming = (hidFamilyOf(vendorId, productId)?.framing ?? (() => plainFraming()))()): ReaderTransport {
  let device: HidDevice | undefined;
  const dataListeners: ((b: Uint8Array) => void)[] = [];
  const closeListeners: ((e?: Error) => void)[] = [];
  return {
    target: `hid:${hex(vendorId)}:${hex(productId)}`,
    async open() {
      const hid = (await import('node-hid')) as unknown as { HID: new (v: number, p: number) => HidDevice };
      try {
        // Rediscovered by VID:PID each time: a replugged reader may come back on another path.
        device = new hid.HID(vendorId, productId);
        framing.setup?.(device);
      } catch (e) {
        try {
          device?.close();
        } catch {
          // half-open: nothing to close
        }
        device = undefined;
        throw new Error(`no HID reader ${hex(vendorId)}:${hex(productId)} plugged in (${(e as Error).message})`, { cause: e });
      }
      device.on('data', (d) => {
        const bytes = framing.fromReport(d);
        if (bytes.length > 0) dataListeners.forEach((l) => l(bytes));
      });
      device.on('error', (e) => closeListeners.forEach((l) => l(e)));
    },
    async write(bytes) {
      if (!device) throw new Error('HID reader is not open');
      for (const report of framing.toReports(bytes)) device.write(report);
    },
    onData: (l) => void dataListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    async close() {
      try {
        device?.close();
      } catch {
        // already gone
      }
      device = undefined;
    },
  };
}
