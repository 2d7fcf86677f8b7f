// The serial ports of this machine, with the USB-serial chip each is built on
// when it is a known one: ID card readers and ticket printers both hide behind
// such chips, so the list serves the reader and the printer discovery alike.
import { loadSerialPort } from './serialport.js';

export interface SerialPortInfo {
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  /** The USB-serial chip (CH340, CP210x…), when the vendor and product ids name one. */
  bridge?: string;
}

/** The USB-serial chips readers and printers are built on. */
const USB_SERIAL_BRIDGES: Record<string, string> = {
  '1a86:7523': 'CH340',
  '1a86:55d4': 'CH9102',
  '10c4:ea60': 'CP210x',
  '067b:2303': 'PL2303',
  '0403:6001': 'FTDI FT232',
};

/** Every serial port; none (not a failure) where serialport cannot list them. */
export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  let ports: { path: string; vendorId?: string; productId?: string; manufacturer?: string }[];
  try {
    // Loaded on first use (./serialport.ts), so a machine without the binding still lists the other devices.
    ports = await (await loadSerialPort()).list();
  } catch {
    ports = [];
  }
  return ports.map((p) => ({
    path: p.path,
    vendorId: p.vendorId,
    productId: p.productId,
    manufacturer: p.manufacturer,
    bridge: USB_SERIAL_BRIDGES[`${p.vendorId ?? ''}:${p.productId ?? ''}`.toLowerCase()],
  }));
}
