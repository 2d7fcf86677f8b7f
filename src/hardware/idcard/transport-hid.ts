// USB HID readers (VID 10C4 / 0425 / 0483 families) carry the same SAM frames
// in 64-byte reports. The framing differs per family, so it is pluggable.
//
// `plain` (implemented): each output report is a report id then up to 63
// frame bytes, zero padded; input reports are concatenated and fed to the
// frame parser, which skips the zero padding as noise. This is the layout of
// the generic CP2110/STM32 HID bridges; a family with a length byte or a vendor
// header adds its own `HidFraming`. Untested against real hardware here.
import type { ReaderTransport } from './transport.js';

export interface HidFraming {
  name: string;
  /** A SAM frame → output reports (each exactly reportSize bytes, report id first). */
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

export const KNOWN_READER_VENDORS = [0x10c4, 0x0425, 0x0483];

export function hidTransport(vendorId: number, productId: number, framing: HidFraming = plainFraming()): ReaderTransport {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  type Device = { write(d: number[]): number; on(ev: string, cb: (x: Buffer | Error) => void): void; close(): void };
  let device: Device | undefined;
  const dataListeners: ((b: Uint8Array) => void)[] = [];
  const closeListeners: ((e?: Error) => void)[] = [];
  return {
    target: `hid:${hex(vendorId)}:${hex(productId)}`,
    async open() {
      const hid = (await import('node-hid')) as unknown as { HID: new (v: number, p: number) => Device };
      try {
        // Rediscovered by VID:PID each time: a replugged reader may come back on another path.
        device = new hid.HID(vendorId, productId);
      } catch (e) {
        throw new Error(`no HID reader ${hex(vendorId)}:${hex(productId)} plugged in (${(e as Error).message})`, { cause: e });
      }
      device.on('data', (d) => dataListeners.forEach((l) => l(framing.fromReport(d as Buffer))));
      device.on('error', (e) => closeListeners.forEach((l) => l(e as Error)));
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
