// The emulator on the far end of a real virtual serial pair made by socat, at a
// stable path (a symlink), so a reader can be "unplugged" (socat killed) and
// "plugged back" at the same path.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { IdCard } from '../card.js';
import { textBlockOf } from '../text-block.js';
import { SamEmulator, type EmulatorOptions } from './sam-emulator.js';

export interface EmulatedReader {
  /** Where the kiosk connects: `serial:<path>`. */
  path: string;
  emulator: SamEmulator;
  /** Puts a card on the reader: a decoded card (resident layout) or a raw 256-byte text block. */
  present(card: IdCard | Uint8Array): void;
  lift(): void;
  /** Kills socat: the kiosk's port vanishes. */
  unplug(): Promise<void>;
  /** A new socat at the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

function startSocat(readerLink: string, hostLink: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostLink}`, `pty,raw,echo=0,link=${readerLink}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let ptys = 0;
    child.on('error', (e) => reject(new Error(`cannot start socat (apt-get install socat): ${e.message}`)));
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      ptys = (err.match(/PTY is /g) ?? []).length;
      if (ptys >= 2 && /starting data transfer loop/.test(err)) resolve(child);
    });
    child.on('exit', (code) => ptys < 2 && reject(new Error(`socat exited ${code}: ${err.trim()}`)));
  });
}

export async function startEmulatedReader(options: EmulatorOptions = {}): Promise<EmulatedReader> {
  const dir = mkdtempSync(join(tmpdir(), 'sq-reader-'));
  const hostLink = join(dir, 'ttyREADER');
  const readerLink = join(dir, 'ttySAM');
  let socat: ChildProcess | undefined;
  let port: SerialPort | undefined;
  const emulator = new SamEmulator(
    (bytes) =>
      new Promise<void>((resolve) => {
        if (!port?.isOpen) return resolve();
        port.write(Buffer.from(bytes), () => resolve());
      }),
    options,
  );

  const plug = async () => {
    socat = await startSocat(readerLink, hostLink);
    port = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path: readerLink, baudRate: 115200, autoOpen: false });
      p.open((e) => (e ? reject(e) : resolve(p)));
    });
    port.on('data', (d: Buffer) => void emulator.receive(d));
    port.on('error', () => {});
  };
  const unplug = async () => {
    const p = port;
    port = undefined;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
    const s = socat;
    socat = undefined;
    if (s && s.exitCode === null) {
      await new Promise<void>((r) => {
        s.once('exit', () => r());
        s.kill('SIGKILL');
      });
    }
  };
  await plug();
  return {
    path: hostLink,
    emulator,
    present: (card) => emulator.present(card instanceof Uint8Array ? card : textBlockOf(card)),
    lift: () => emulator.lift(),
    unplug,
    replug: plug,
    close: unplug,
  };
}
