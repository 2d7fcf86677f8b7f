// USB-serial readers (CDC/CH340/CP210x): SAM frames on a serial port, 115200 8N1 by default.
import type { SerialPort } from 'serialport';
import { loadSerialPort } from '../serialport.js';
import type { ReaderTransport } from './transport.js';

export function serialTransport(path: string, baudRate = 115200): ReaderTransport {
  let port: SerialPort | undefined;
  const dataListeners: ((b: Uint8Array) => void)[] = [];
  const closeListeners: ((e?: Error) => void)[] = [];
  return {
    target: `serial:${path}?baud=${baudRate}`,
    open: async () => {
      const SerialPortClass = await loadSerialPort();
      await new Promise<void>((resolve, reject) => {
        const p = new SerialPortClass({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
        p.open((err) => {
          if (err) return reject(new Error(`cannot open ${path}: ${err.message}`));
          port = p;
          p.on('data', (d: Buffer) => dataListeners.forEach((l) => l(d)));
          let closed = false;
          const gone = (e?: Error) => {
            if (closed) return;
            closed = true;
            closeListeners.forEach((l) => l(e));
          };
          p.on('close', (e?: Error) => gone(e ?? undefined));
          p.on('error', (e: Error) => gone(e));
          resolve();
        });
      });
    },
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!port?.isOpen) return reject(new Error(`${path} is not open`));
        port.write(Buffer.from(bytes), (err) => (err ? reject(err) : resolve()));
      }),
    onData: (l) => void dataListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    close: () =>
      new Promise<void>((resolve) => {
        const p = port;
        port = undefined;
        if (!p?.isOpen) return resolve();
        p.close(() => resolve());
      }),
  };
}
